/*
 * The types a user of `@hypersender/contract` sees. Self-contained on purpose (no
 * imports): the package's `.d.ts` files are emitted from here.
 */

/** What a target can do beyond answering the spec; a case runs only where all it needs is there. */
export type ContractCapability =
  'state' | 'tokens' | 'validation' | 'phone' | 'clock' | 'forced-responses' | 'writes' | 'faults';

export interface ContractRunOptions {
  /** The API's base URL, up to and including `/api/whatsapp/v2`. */
  baseUrl: string;
  token: string;
  instanceId: string;
  /** What the target can do; none by default (the read-only cases, safe against the real API). */
  capabilities?: ContractCapability[];
  /** A mock's origin, for its control API (`/__mock/`): scan, clock, reset. */
  controlUrl?: string;
  /** The mock's control token, when it listens beyond loopback (its banner prints it). */
  controlToken?: string;
  /** Writes a JUnit XML report here. */
  junit?: string;
  /** Called as each case ends. */
  onResult?: (result: ContractCaseResult) => void;
}

export interface ContractCaseResult {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped, or what failed. */
  reason?: string;
  durationMs: number;
}
