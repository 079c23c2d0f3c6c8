import type { Middleware } from 'openapi-fetch';

/** Why a request is being sent again. */
export type RetryReason =
  'rate-limited' | 'unavailable' | 'bad-gateway' | 'gateway-timeout' | 'network';

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: RetryReason;
  method: string;
  /** The operation's path template, e.g. `/{instance}/health`. */
  operation: string;
  /** The status that caused it; undefined for a network error. */
  status?: number;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff ceiling in ms (default 500); doubles per attempt, with full jitter. */
  baseDelayMs?: number;
  /** Ceiling of any backoff (default 8,000 ms). */
  maxDelayMs?: number;
  /**
   * A `Retry-After` (429, 503) longer than this many seconds is not waited for: the
   * answer comes back at once, as a typed error to handle (default 10).
   */
  maxRetryAfterSeconds?: number;
  /**
   * Retry 429s too (default true). A caller that owns the cooldown itself (a QR login
   * showing its countdown) turns this off and gets every 429 back at once.
   */
  retryRateLimited?: boolean;
  /** Called before each wait, so a UI can say "retrying in 3 s". */
  onRetry?: (event: RetryEvent) => void;
  /** Injected in tests: a random number in [0, 1) and a cancellable wait. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Which answers each operation may be retried on, and why:
 * - health and the list are reads: any transient failure (429, 502, 503, 504, network).
 * - request-new-qr-code and restart change state: only when the service says it did
 *   not act (429: the limiter refused it; 503: maintenance, before the application),
 *   or when the connection was refused (the request never left). A 502/504 may come
 *   after the service acted: repeating could unlink a phone twice or burn the 1/min.
 * - create-instance is never retried: a second attempt could create a second instance
 *   (or fail on the now-taken name).
 */
const POLICY: Record<string, 'read' | 'state' | 'never'> = {
  'GET /{instance}/health': 'read',
  'GET /instances': 'read',
  'POST /{instance}/request-new-qr-code': 'state',
  'POST /{instance}/restart': 'state',
  'POST /create-instance': 'never',
};

const REASONS: Record<number, RetryReason> = {
  429: 'rate-limited',
  502: 'bad-gateway',
  503: 'unavailable',
  504: 'gateway-timeout',
};

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Seconds of a `Retry-After` (delta or HTTP date), or undefined. */
function retryAfterSeconds(response: Response): number | undefined {
  const raw = response.headers.get('Retry-After');
  if (raw === null) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function refusedConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return code === 'ECONNREFUSED';
}

/**
 * Opt-in retries as openapi-fetch middleware (openapi-fetch keeps them out of its
 * core): `Retry-After` honoured on 429 and 503 up to a cap, exponential backoff with
 * full jitter on 502, 503, 504 and network errors, only for what is safe to repeat
 * (see POLICY), stopping at once when the request's signal aborts.
 */
export function retryMiddleware(options: RetryOptions = {}): Middleware {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 10;
  const retryRateLimited = options.retryRateLimited ?? true;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const originals = new Map<string, Request>();
  const settled = new Set<string>();

  /** The wait before the next attempt, or undefined when the outcome is final. */
  function plan(
    kind: 'read' | 'state',
    attempt: number,
    outcome: { response?: Response; error?: unknown },
  ): { delayMs: number; reason: RetryReason; status?: number } | undefined {
    if (attempt > retries) return undefined;
    const backoff = () =>
      Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    if (outcome.error !== undefined) {
      if (kind === 'state' && !refusedConnection(outcome.error)) return undefined;
      return { delayMs: backoff(), reason: 'network' };
    }
    const status = outcome.response?.status ?? 0;
    const reason = REASONS[status];
    if (!reason || (status === 429 && !retryRateLimited)) return undefined;
    if (kind === 'state' && status !== 429 && status !== 503) return undefined;
    const after =
      status === 429 || status === 503
        ? retryAfterSeconds(outcome.response as Response)
        : undefined;
    if (after !== undefined) {
      if (after > maxRetryAfterSeconds) return undefined;
      return { delayMs: after * 1000, reason, status };
    }
    if (status === 429) return undefined;
    return { delayMs: backoff(), reason, status };
  }

  async function retry(
    params: { request: Request; id: string; schemaPath: string; options: { fetch: typeof fetch } },
    first: { response?: Response; error?: unknown },
  ): Promise<Response | undefined> {
    const kind = POLICY[`${params.request.method} ${params.schemaPath}`];
    const original = originals.get(params.id);
    if (!kind || kind === 'never' || !original) return undefined;
    let outcome = first;
    for (let attempt = 1; ; attempt++) {
      const next = plan(kind, attempt, outcome);
      if (!next) break;
      options.onRetry?.({
        attempt,
        delayMs: next.delayMs,
        reason: next.reason,
        method: params.request.method,
        operation: params.schemaPath,
        status: next.status,
      });
      await outcome.response?.body?.cancel().catch(() => undefined);
      await sleep(next.delayMs, original.signal);
      try {
        outcome = { response: await params.options.fetch(original.clone()) };
      } catch (error) {
        if (original.signal.aborted) throw error;
        outcome = { error };
      }
    }
    if (outcome.error !== undefined) throw outcome.error;
    return outcome.response;
  }

  return {
    onRequest({ request, id }) {
      originals.set(id, request.clone());
      return undefined;
    },
    async onError(params) {
      try {
        const response = await retry(params, { error: params.error });
        if (response) settled.add(params.id);
        return response ?? (params.error instanceof Error ? params.error : undefined);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      } finally {
        if (!settled.has(params.id)) originals.delete(params.id);
      }
    },
    async onResponse(params) {
      if (settled.delete(params.id)) {
        originals.delete(params.id);
        return undefined;
      }
      try {
        return await retry(params, { response: params.response });
      } finally {
        originals.delete(params.id);
      }
    },
  };
}
