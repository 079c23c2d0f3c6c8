/** Injection tokens of the mock's shared state; explicit, so no provider relies on emitted type metadata. */

/** The rate limits of the configuration (not the whole of it: the seed is not kept once loaded). */
export const RATE_LIMITS = Symbol('RATE_LIMITS');
export const CLOCK = Symbol('CLOCK');
export const MOCK_ENGINE = Symbol('MOCK_ENGINE');
/** How failed webhook deliveries are retried. */
export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

export interface WebhookSettings {
  retries: number;
  retryDelayMs: number;
}

/** The fault rules from start-up, the global latency and the random seed. */
export const FAULT_SETTINGS = Symbol('FAULT_SETTINGS');

export interface FaultSettings {
  /** Rules to add at start-up (`--faults FILE`), checked as the control API checks them. */
  rules: unknown[];
  /** Every public answer waits a random time in this range (`--latency MIN-MAX`, ms). */
  latency: { min: number; max: number } | null;
  /** Seeds the random source of probabilities and ranges (`--random-seed N`); null: Math.random. */
  randomSeed: number | null;
}

/** Where the mock's state lives (`MockBackend`: this process's memory, or Redis). */
export const BACKEND = Symbol('BACKEND');
