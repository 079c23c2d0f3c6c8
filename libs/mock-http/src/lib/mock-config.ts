import { DEFAULT_SEED, type Seed, type WorkingQrPolicy } from '@hypersender/mock-engine';

/** The operations that have a rate limit, by the spec's operationId. */
export const LIMITED_OPERATIONS = [
  'requestNewQrCode',
  'getInstanceHealth',
  'createInstance',
  'listInstances',
  'restartInstance',
] as const;
export type LimitedOperation = (typeof LIMITED_OPERATIONS)[number];

/** What the throttling module needs of the configuration. */
export interface RateLimitSettings {
  rateLimits: Record<LimitedOperation, number> | null;
  rateLimitWindowMs: number;
}

/** Everything a mock is built from; the mock-server app makes it from flags or options. */
export interface MockConfig {
  host: string;
  port: number;
  seed: Seed;
  seedSource: string;
  clock: 'real' | 'manual';
  qrTtlMs: number;
  assignDelayMs: number;
  startDelayMs: number;
  workingQrPolicy: WorkingQrPolicy;
  /** Requests per window for each limited operation; null lifts every limit. */
  rateLimits: Record<LimitedOperation, number> | null;
  rateLimitWindowMs: number;
  /** Log each request (never the token). */
  logRequests: boolean;
  /** Refuse http:// webhook URLs on loopback hosts too (the real API's rule). */
  webhooksHttpsOnly: boolean;
  /** Retries of a failed webhook delivery (ours: the real policy is not documented). */
  webhookRetries: number;
  /** The first retry's delay; each next one doubles it. */
  webhookRetryDelayMs: number;
  /** A request must have arrived whole within this long; a slower client gets 408. */
  requestTimeoutMs: number;
  /** Fault rules added at start-up (`--faults FILE`). */
  faults: unknown[];
  /** Every public answer waits a random time in this range, in ms (`--latency`). */
  latency: { min: number; max: number } | null;
  /** Makes probabilities and ranges reproducible (`--random-seed`). */
  randomSeed: number | null;
  /** Where the state lives: `memory` (this process) or a Redis URL (`--store`). */
  store: string;
  /** Processes serving one port (`--workers`); more than one needs a shared store. */
  workers: number;
  /**
   * Required (as a bearer token) by the control API and the dashboard; null leaves them
   * open, as on loopback. The command makes one up when it listens beyond loopback.
   */
  controlToken: string | null;
}

/** The documented limits (each operation's `x-rate-limit` in the spec); the list's is our choice. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<LimitedOperation, number>> = {
  requestNewQrCode: 1,
  getInstanceHealth: 10,
  createInstance: 5,
  listInstances: 60,
  restartInstance: 5,
};

export const DEFAULT_PORT = 4000;

export const DEFAULT_CONFIG: Readonly<MockConfig> = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  seed: DEFAULT_SEED,
  seedSource: 'built-in seed',
  clock: 'real',
  qrTtlMs: 60_000,
  assignDelayMs: 2_000,
  startDelayMs: 2_000,
  workingQrPolicy: 'relink',
  rateLimits: DEFAULT_RATE_LIMITS,
  rateLimitWindowMs: 60_000,
  logRequests: false,
  webhooksHttpsOnly: false,
  webhookRetries: 3,
  webhookRetryDelayMs: 1_000,
  requestTimeoutMs: 10_000,
  faults: [],
  latency: null,
  randomSeed: null,
  store: 'memory',
  workers: 1,
  controlToken: null,
};
