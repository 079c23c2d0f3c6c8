/*
 * The types a user of `@hypersender/mock` sees. Self-contained on purpose (no imports):
 * the package's `.d.ts` files are emitted from here and must not point into the monorepo.
 */

/** An instance's status, as the public API answers it. */
export type HypersenderStatus =
  'STOPPED' | 'STARTING' | 'WORKING' | 'SCAN_QR_CODE' | 'FAILED' | 'PENDING';

/** A seed: tokens that authenticate, and instances owned by tokens. */
export interface HypersenderMockSeed {
  tokens?: string[];
  instances?: Array<{
    id: string;
    token: string;
    name: string;
    phone: string;
    status?: 'STOPPED' | 'PENDING' | 'WORKING' | 'FAILED';
    webhook_url?: string | null;
    webhook_secret?: string | null;
  }>;
}

/**
 * The mock's settings: each is a flag of the `hypersender-mock` bin, in camelCase
 * (`--qr-ttl 30` is `qrTtl: 30`). Unknown options are refused, naming them.
 */
export interface HypersenderMockOptions {
  /** Default 0: a free port (read it from `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `manual` here (the bin's default is `real`): time moves only by `advanceClock()`. */
  clock?: 'manual' | 'real';
  /** A seed object, or the path of a JSON seed file. Default: the built-in seed. */
  seed?: HypersenderMockSeed | string;
  /** Seconds a QR stays valid (default 60). */
  qrTtl?: number;
  /** Seconds PENDING lasts (default 2). */
  assignDelay?: number;
  /** Seconds STARTING lasts (default 2). */
  startDelay?: number;
  /** request-new-qr-code on a WORKING instance: `relink` (default) or `refuse` (422). */
  workingQr?: 'relink' | 'refuse';
  /** Requests per window: request-new-qr-code (1), health (10), create (5), list (60), restart (5). */
  qrLimit?: number;
  healthLimit?: number;
  createLimit?: number;
  listLimit?: number;
  restartLimit?: number;
  /** Seconds of a rate-limit window (default 60). */
  rateLimitWindow?: number;
  /** Lift every rate limit. */
  noRateLimits?: boolean;
  /** Log each request to stdout (never the token). */
  logRequests?: boolean;
  /** A JSON file of fault rules to start with. */
  faults?: string;
  /** Every public answer waits a random time in this range: `'20-120'` (ms). */
  latency?: string;
  /** Seed of fault probabilities and ranges: the same faults in the same order each run. */
  randomSeed?: number;
  /**
   * `memory` (default) or `redis://host:port[/db]`: the state in Redis, shared with other
   * mocks on the same Redis and kept across restarts. Rejects when Redis cannot be reached.
   */
  store?: string;
  /** 1 only here: several processes are the `hypersender-mock --workers N` command's. */
  workers?: number;
  /** The control API's and dashboard's bearer token (made up when `host` is not loopback). */
  controlToken?: string;
  /** Seconds a request may take to arrive whole; a slower client gets 408 (default 10). */
  requestTimeout?: number;
  /** Refuse http:// webhook URLs on loopback hosts too, as the real API does. */
  webhooksHttpsOnly?: boolean;
  /** Retries of a failed webhook delivery (default 3). */
  webhookRetries?: number;
  /** Seconds before the first retry; each next one doubles it (default 1). */
  webhookRetryDelay?: number;
}

/** An instance as the control API shows it: with its owner token and current QR text. */
export interface MockInstance {
  id: string;
  name: string;
  phone: string;
  status: HypersenderStatus;
  token: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  qr: { text: string; issued_at: string; expires_at: string } | null;
  connected_at: string | null;
  created_at: string;
  /** The statuses it passed through, oldest first (the newest 20). */
  status_history: Array<{ status: HypersenderStatus; at: string }>;
}

/** A request the mock received on its public API (tokens are never kept). */
export interface JournalEntry {
  method: string;
  path: string;
  status: number;
  at: string;
  duration_ms: number;
  authorization: string;
}

export interface JournalFilter {
  method?: string;
  /** Part of the path. */
  path?: string;
  status?: number;
  /** Epoch milliseconds on the mock's clock. */
  since?: number;
}

/** What `createInstance()` takes: the control API's create body. */
export interface CreateMockInstance {
  name: string;
  phone: string;
  /** The owner token; default: the seeded instance's token. */
  token?: string;
  id?: string;
  status?: 'STOPPED' | 'PENDING' | 'WORKING' | 'FAILED';
  /** https, or http on a loopback host (a receiver in your test). */
  webhook_url?: string | null;
  /** Sent as each webhook's `authorization` header. */
  webhook_secret?: string | null;
}

/** A fault rule (see POST /__mock/faults in mock-control.yaml): what it matches, what it does, how often. */
export interface MockFaultRule {
  match?: {
    operation?:
      | 'requestNewQrCode'
      | 'getInstanceHealth'
      | 'createInstance'
      | 'listInstances'
      | 'restartInstance';
    instance?: string;
    method?: string;
    path?: string;
  };
  status?: number;
  body?: 'laravel' | 'html' | 'empty';
  headers?: Record<string, string>;
  delay_ms?: number | { min: number; max: number };
  drop?: boolean;
  hang?: boolean;
  times?: number;
  every?: number;
  probability?: number;
}

/** A running mock. */
export interface HypersenderMock {
  /** The mock's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The public API's base URL: `url` + `/api/whatsapp/v2`; give it to your client. */
  readonly apiBaseUrl: string;
  /** The seeded instance's owner token. */
  readonly token: string;
  /** The seeded instance's id. */
  readonly instanceId: string;
  /** What the control API and the dashboard require beyond loopback; null on loopback. */
  readonly controlToken: string | null;
  createInstance(instance: CreateMockInstance): Promise<MockInstance>;
  /** The phone scans: an instance id scans its current QR; a decoded QR text links its owner. */
  scan(instanceIdOrQrText: string): Promise<MockInstance>;
  /** The phone unlinks the device: WORKING -> FAILED. */
  unlink(instanceId: string): Promise<MockInstance>;
  /** The next start ends FAILED, or the next restart answers 500. */
  failNext(instanceId: string, on: 'start' | 'restart'): Promise<MockInstance>;
  /** Moves the manual clock forward (QR expiry, rate-limit windows, timed status moves). */
  advanceClock(seconds: number): Promise<void>;
  /** The journal of public requests, oldest first. */
  requests(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** Makes the public API misbehave (a status, a delay, a dropped or hung connection); resolves with the rule's id. */
  addFault(rule: MockFaultRule): Promise<string>;
  /** Removes every fault rule. */
  clearFaults(): Promise<void>;
  /** Instances, rate-limit counters, clock, journal and fault rules back to the start. */
  reset(): Promise<void>;
  /** Stops the server; calling it again does nothing. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
