import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/hypersender';
import { acceptJsonMiddleware } from './middleware/accept-json.middleware';
import { bearerAuthMiddleware } from './middleware/bearer-auth.middleware';
import { retryMiddleware, type RetryOptions } from './middleware/retry.middleware';

/** The production API. A local mock listens at `http://127.0.0.1:4000/api/whatsapp/v2`. */
export const HYPERSENDER_BASE_URL = 'https://app.hypersender.com/api/whatsapp/v2';

export interface HypersenderClientOptions {
  /** Where the API lives; the production API when omitted. */
  baseUrl?: string;
  /** The bearer token (Laravel Sanctum format, `<id>|<secret>`). */
  token: string;
  /** A `fetch` to use instead of the global one (tests, proxies, retries). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent on every request besides auth and Accept (a proxy's, Prism's `Prefer`). */
  headers?: Record<string, string>;
  /**
   * Opt-in retries of what is safe to repeat (`true` for the defaults): Retry-After
   * honoured up to a cap, backoff with jitter on 502/503/504 and network errors.
   */
  retry?: RetryOptions | boolean;
}

/** A typed client of the Hypersender WhatsApp v2 API; calls never throw on HTTP errors. */
export type HypersenderClient = Client<paths>;

/**
 * Creates a client whose calls return `{ data, error, response }`, typed from
 * `openapi/hypersender.yaml`. Turn an error into a typed value with
 * `hypersenderError()`, or into an exception with `unwrap()`.
 */
export function createHypersenderClient(options: HypersenderClientOptions): HypersenderClient {
  const client = createClient<paths>({
    baseUrl: (options.baseUrl ?? HYPERSENDER_BASE_URL).replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  client.use(bearerAuthMiddleware(options.token), acceptJsonMiddleware);
  // Last: it repeats the request as the middlewares before it have made it.
  if (options.retry) client.use(retryMiddleware(options.retry === true ? {} : options.retry));
  return client;
}
