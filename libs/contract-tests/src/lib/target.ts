/**
 * What a target can do beyond answering the spec. A case names what it needs; it runs
 * only on targets that have it, and is reported as skipped (with the reason) elsewhere.
 */
export type Capability =
  /** Keeps state between requests: a second QR request in a window gets 429, a created instance exists. */
  | 'state'
  /** Knows which tokens exist and who owns what: a wrong token gets 401, another's instance 404. */
  | 'tokens'
  /** Validates request bodies itself and answers 422 in the API's shape. */
  | 'validation'
  /** Has a control API that simulates the phone (scan, unlink). */
  | 'phone'
  /** Has a manual clock that the control API moves. */
  | 'clock'
  /** Answers any documented response when asked with `Prefer: code=<status>` (Prism). */
  | 'forced-responses'
  /** Allows writes and QR requests (not the real API, where they cost money and minutes). */
  | 'writes'
  /** Takes fault rules through its control API (the mock's `/__mock/faults`). */
  | 'faults';

/** Every capability, in the order the help lists them. */
export const CAPABILITIES: readonly Capability[] = [
  'state',
  'tokens',
  'validation',
  'phone',
  'clock',
  'forced-responses',
  'writes',
  'faults',
];

/** Everything a mock can show: all but Prism's forced responses. */
export const MOCK_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(
  CAPABILITIES.filter((capability) => capability !== 'forced-responses'),
);

/** `state,phone` -> the set; throws naming any unknown one. */
export function parseCapabilities(list: string): Set<Capability> {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(CAPABILITIES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown capability ${unknown.join(', ')}; known: ${CAPABILITIES.join(', ')}`);
  return new Set(names as Capability[]);
}

export interface ControlApi {
  /** The phone scans a decoded QR text; resolves with the HTTP status. */
  scan(qrText: string): Promise<number>;
  advanceClock(seconds: number): Promise<void>;
  /** Everything back to the seed, limits and fault rules included. */
  reset(): Promise<void>;
  /** Adds a fault rule; resolves with its id. */
  addFault(rule: unknown): Promise<string>;
}

/** One place the suite runs against: a base URL and credentials, and what it can do. */
export interface ContractTarget {
  name: string;
  /** The API's base URL, up to and including `/api/whatsapp/v2` (or Prism's root). */
  baseUrl: string;
  token: string;
  instanceId: string;
  capabilities: ReadonlySet<Capability>;
  control?: ControlApi;
  /**
   * Checks made on every response besides the spec (Prism's proxy reports its own
   * findings in `sl-violations`): the problems found, empty when none.
   */
  inspect?(response: Response, request: { deliberatelyInvalid: boolean }): string[];
  stop(): Promise<void>;
}

export interface TargetFactory {
  name: string;
  /** Known before start-up, so that skips are declared when jest collects the tests. */
  capabilities: ReadonlySet<Capability>;
  /** Why the target cannot run here, or undefined when it can. */
  unavailable?(): string | undefined;
  start(): Promise<ContractTarget>;
}
