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
