import type { FieldErrors } from '@hypersender/mock-engine';
import { LIMITED_OPERATIONS } from '../mock-config';

/** The public operations a rule can name (the spec's operationIds). */
export const FAULT_OPERATIONS = LIMITED_OPERATIONS;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

/** What a rule answers with, when it answers: a body of the real stack's kinds. */
export type FaultBody = 'laravel' | 'html' | 'empty';

/** A rule as the control API takes it (`openapi/mock-control.yaml`, FaultRuleInput). */
export interface FaultRuleInput {
  /** What it matches; every field given must match. Nothing given: every public request. */
  match?: { operation?: FaultOperation; instance?: string; method?: string; path?: string };
  /** Answer this status instead of the real answer (before auth and limits run). */
  status?: number;
  body?: FaultBody;
  headers?: Record<string, string>;
  /** Wait before answering (the fault's status, or the real answer): ms, or a range. */
  delay_ms?: number | { min: number; max: number };
  /** Close the connection without an answer. */
  drop?: boolean;
  /** Never answer, until the client gives up. */
  hang?: boolean;
  /** Only the next N matching requests; then the rule is spent (and stays listed). */
  times?: number;
  /** Only every Nth matching request (3: the 3rd, 6th, ...). */
  every?: number;
  /** Only with this probability (0 to 1), from the mock's seeded random source. */
  probability?: number;
}

/** A rule as the mock holds and lists it. */
export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Matching requests seen, and how many the rule acted on. */
  matched: number;
  applied: number;
}

const KEYS = new Set([
  'match',
  'status',
  'body',
  'headers',
  'delay_ms',
  'drop',
  'hang',
  'times',
  'every',
  'probability',
]);
const MATCH_KEYS = new Set(['operation', 'instance', 'method', 'path']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;
const isDelay = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 600_000;

/**
 * A rule checked field by field: the input, or each field at fault with its message
 * (an unknown field, an unknown operation, a status outside 100-599, a negative delay,
 * a probability outside 0-1 ...).
 */
export function parseFaultRule(
  raw: unknown,
): { ok: true; rule: FaultRuleInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (!isObject(raw)) return { ok: false, errors: { rule: ['A rule is a JSON object.'] } };
  for (const key of Object.keys(raw))
    if (!KEYS.has(key)) fail(key, `The ${key} field is not a field of a rule.`);
  const {
    match,
    status,
    body,
    headers,
    delay_ms: delay,
    drop,
    hang,
    times,
    every,
    probability,
  } = raw;
  if (match !== undefined) {
    if (!isObject(match)) fail('match', 'The match field must be an object.');
    else {
      for (const key of Object.keys(match))
        if (!MATCH_KEYS.has(key)) fail(`match.${key}`, `The match.${key} field is not known.`);
      if (
        match['operation'] !== undefined &&
        !(FAULT_OPERATIONS as readonly unknown[]).includes(match['operation'])
      )
        fail(
          'match.operation',
          `The match.operation must be one of ${FAULT_OPERATIONS.join(', ')}.`,
        );
      for (const key of ['instance', 'method', 'path'])
        if (match[key] !== undefined && (typeof match[key] !== 'string' || match[key] === ''))
          fail(`match.${key}`, `The match.${key} must be a non-empty string.`);
    }
  }
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)
  )
    fail('status', 'The status must be an integer from 100 to 599.');
  if (body !== undefined && !['laravel', 'html', 'empty'].includes(body as string))
    fail('body', 'The body must be laravel, html or empty.');
  if (
    headers !== undefined &&
    (!isObject(headers) || Object.values(headers).some((value) => typeof value !== 'string'))
  )
    fail('headers', 'The headers must be an object of strings.');
  if (delay !== undefined) {
    const range = isObject(delay) ? delay : undefined;
    if (
      range
        ? !(
            isDelay(range['min']) &&
            isDelay(range['max']) &&
            (range['min'] as number) <= (range['max'] as number)
          )
        : !isDelay(delay)
    )
      fail(
        'delay_ms',
        'The delay_ms must be a number of ms from 0 to 600000, or {min, max} with min <= max.',
      );
  }
  for (const [name, value] of [
    ['drop', drop],
    ['hang', hang],
  ] as const)
    if (value !== undefined && typeof value !== 'boolean')
      fail(name, `The ${name} field must be true or false.`);
  if ([status !== undefined, drop === true, hang === true].filter(Boolean).length > 1)
    fail('status', 'A rule answers one way: a status, drop or hang, not several.');
  if (status === undefined && drop !== true && hang !== true && delay === undefined)
    fail('rule', 'A rule must do something: a status, a delay_ms, drop or hang.');
  if (times !== undefined && !isCount(times)) fail('times', 'The times must be an integer >= 1.');
  if (every !== undefined && !isCount(every)) fail('every', 'The every must be an integer >= 1.');
  if (
    probability !== undefined &&
    !(typeof probability === 'number' && probability >= 0 && probability <= 1)
  )
    fail('probability', 'The probability must be a number from 0 to 1.');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, rule: raw as FaultRuleInput };
}
