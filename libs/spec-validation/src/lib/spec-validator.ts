import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { hypersenderSpecText } from './spec-source';

/** A response as seen on the wire. */
export interface ObservedResponse {
  method: string;
  /** The request path, with or without the server's base path and query. */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined> | Headers;
  /** The raw body text. */
  body: string;
}

type Json = Record<string, unknown>;
const SPEC_ID = 'https://hypersender.mock/spec.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function pointerGet(doc: Json, ref: string): Json {
  const parts = ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce<Json>((node, part) => node[part] as Json, doc);
}

/** Points every `#/...` reference of a schema taken out of the spec back at the spec. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? SPEC_ID + value
        : anchorRefs(value),
    ]),
  );
}

function headerValue(headers: ObservedResponse['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const found = Object.entries(headers).find(
    ([key]) => key.toLowerCase() === name.toLowerCase(),
  )?.[1];
  return Array.isArray(found) ? found.join(', ') : found;
}

/**
 * Validates observed responses against an OpenAPI 3.1 document with Ajv's JSON Schema
 * 2020-12 dialect (the one OpenAPI 3.1 uses): the status must be documented for the
 * operation, the body must match its schema, and every declared header must be
 * present when required and match its schema. The code here only finds the operation
 * and the response object; every check of a value is Ajv's.
 */
export class SpecValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly operations: Array<{
    method: string;
    pattern: RegExp;
    template: string;
    operation: Json;
  }> = [];
  private readonly basePaths: string[];

  constructor(readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc, SPEC_ID);
    const servers = (doc['servers'] as Array<{ url: string }> | undefined) ?? [];
    this.basePaths = servers
      .map((server) => new URL(server.url, 'http://x').pathname.replace(/\/$/, ''))
      .filter(Boolean);
    for (const [template, item] of Object.entries(doc['paths'] as Record<string, Json>)) {
      const pattern = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
      );
      for (const method of HTTP_METHODS) {
        if (item[method])
          this.operations.push({ method, pattern, template, operation: item[method] as Json });
      }
    }
  }

  /** The spec at `path`; without one, the public contract (`openapi/hypersender.yaml`). */
  static fromFile(path?: string): SpecValidator {
    const text = path === undefined ? hypersenderSpecText() : readFileSync(path, 'utf8');
    return new SpecValidator(parse(text) as Json);
  }

  /** The problems found (empty when the response satisfies the spec). */
  validate(response: ObservedResponse): string[] {
    const method = response.method.toLowerCase();
    let path = response.path.split('?')[0];
    const base = this.basePaths.find(
      (candidate) => path === candidate || path.startsWith(`${candidate}/`),
    );
    if (base) path = path.slice(base.length) || '/';
    const match = this.operations.find((op) => op.method === method && op.pattern.test(path));
    const where = `${method.toUpperCase()} ${path} -> ${response.status}`;
    if (!match) return [`${where}: no operation of the spec matches`];

    const responses = match.operation['responses'] as Json;
    let declared = (responses[String(response.status)] ??
      responses[`${String(response.status)[0]}XX`] ??
      responses['default']) as Json | undefined;
    if (!declared)
      return [`${where}: status ${response.status} is not documented for ${match.template}`];
    if (typeof declared['$ref'] === 'string') declared = pointerGet(this.doc, declared['$ref']);

    const problems: string[] = [];
    for (const [name, rawHeader] of Object.entries(
      (declared['headers'] as Json | undefined) ?? {},
    )) {
      const header =
        typeof (rawHeader as Json)['$ref'] === 'string'
          ? pointerGet(this.doc, (rawHeader as Json)['$ref'] as string)
          : (rawHeader as Json);
      const value = headerValue(response.headers, name);
      if (value === undefined) {
        if (header['required']) problems.push(`${where}: required header ${name} is missing`);
        continue;
      }
      const schema = header['schema'] as Json;
      const typed =
        schema['type'] === 'integer' || schema['type'] === 'number'
          ? /^-?\d+(\.\d+)?$/.test(value)
            ? Number(value)
            : value
          : value;
      const check = this.compile(`${where}:header:${name}`, schema);
      if (!check(typed))
        problems.push(`${where}: header ${name}=${value}: ${this.ajv.errorsText(check.errors)}`);
    }

    const content = declared['content'] as Json | undefined;
    if (!content) return problems;
    const contentType = (headerValue(response.headers, 'content-type') ?? '').split(';')[0].trim();
    // No body at all (a proxy's empty 502): nothing to hold to a schema.
    if (response.body === '' && contentType === '') return problems;
    const media = content[contentType] as Json | undefined;
    if (!media) {
      problems.push(
        `${where}: content type "${contentType}" is not one of ${Object.keys(content).join(', ')}`,
      );
      return problems;
    }
    let body: unknown = response.body;
    if (/[/+]json$/.test(contentType)) {
      try {
        body = JSON.parse(response.body);
      } catch {
        problems.push(`${where}: the body is not JSON`);
        return problems;
      }
    }
    const check = this.compile(
      `${match.template}:${method}:${response.status}:${contentType}`,
      media['schema'] as Json,
    );
    if (!check(body)) {
      for (const error of check.errors ?? [])
        problems.push(`${where}: body${error.instancePath} ${error.message}`);
    }
    return problems;
  }

  /** The problems of a webhook body the mock sent, against the spec's `webhooks.<name>` request body. */
  validateWebhook(name: string, body: unknown): string[] {
    const webhook = (this.doc['webhooks'] as Json | undefined)?.[name] as Json | undefined;
    const schema = (
      (
        ((webhook?.['post'] as Json | undefined)?.['requestBody'] as Json | undefined)?.[
          'content'
        ] as Json | undefined
      )?.['application/json'] as Json | undefined
    )?.['schema'] as Json | undefined;
    if (!schema) return [`webhook ${name}: not described by the spec`];
    const check = this.compile(`webhook:${name}`, schema);
    if (check(body)) return [];
    return (check.errors ?? []).map(
      (error) => `webhook ${name}: body${error.instancePath} ${error.message}`,
    );
  }

  /** Throws with every problem found; for tests. */
  assert(response: ObservedResponse): void {
    const problems = this.validate(response);
    if (problems.length > 0)
      throw new Error(`The response does not satisfy the spec:\n  ${problems.join('\n  ')}`);
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let check = this.compiled.get(key);
    if (!check) {
      check = this.ajv.compile(anchorRefs(schema) as Json);
      this.compiled.set(key, check);
    }
    return check;
  }
}
