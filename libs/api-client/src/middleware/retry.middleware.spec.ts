import { createHypersenderClient, hypersenderError, RateLimitedError, ServerError } from '../index';
import type { RetryEvent } from './retry.middleware';

const ID = '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10';
const path = { params: { path: { instance: ID } } };
const health = { instance_id: ID, connected_at: null, status: 'SCAN_QR_CODE' };

type Step = number | Error | { status: number; headers?: Record<string, string> };

/** A fetch that answers from a script (a status, an error to throw), recording each call. */
function scripted(steps: Step[]) {
  const calls: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push(request);
    const step = steps.shift() ?? 200;
    if (step instanceof Error) throw step;
    const { status, headers } = typeof step === 'number' ? { status: step, headers: {} } : step;
    return new Response(JSON.stringify(status === 200 ? health : { message: 'x' }), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function client(steps: Step[], retry: Record<string, unknown> = {}) {
  const api = scripted(steps);
  const events: RetryEvent[] = [];
  const waits: number[] = [];
  const hypersender = createHypersenderClient({
    baseUrl: 'http://api.test',
    token: '1|t',
    fetch: api.fetch,
    retry: {
      random: () => 0.5,
      sleep: async (ms: number, signal: AbortSignal) => {
        signal.throwIfAborted();
        waits.push(ms);
      },
      onRetry: (event: RetryEvent) => events.push(event),
      ...retry,
    },
  });
  return { hypersender, calls: api.calls, events, waits };
}

const refused = () =>
  Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

describe('retryMiddleware (createHypersenderClient({ retry }))', () => {
  it('retries a read through 502, 504 and a network error, with doubling jittered backoff', async () => {
    const { hypersender, calls, events, waits } = client([502, 504, reset(), 200]);
    const result = await hypersender.GET('/{instance}/health', path);
    expect(result.data).toEqual(health);
    expect(calls).toHaveLength(4);
    expect(events.map((event) => [event.attempt, event.reason, event.status])).toEqual([
      [1, 'bad-gateway', 502],
      [2, 'gateway-timeout', 504],
      [3, 'network', undefined],
    ]);
    expect(waits).toEqual([250, 500, 1000]);
    expect(calls[3].headers.get('Authorization')).toBe('Bearer 1|t');
  });

  it('honours Retry-After on 429 and 503, and gives a longer one back at once, typed', async () => {
    const waited = client([{ status: 503, headers: { 'Retry-After': '2' } }, 200]);
    expect((await waited.hypersender.GET('/{instance}/health', path)).data).toEqual(health);
    expect(waited.waits).toEqual([2000]);
    const long = client([{ status: 429, headers: { 'Retry-After': '60' } }], {
      maxRetryAfterSeconds: 10,
    });
    const error = hypersenderError(await long.hypersender.GET('/{instance}/health', path));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(60);
    expect(long.calls).toHaveLength(1);
  });

  it('gives every 429 back at once when the caller owns the cooldown (retryRateLimited: false)', async () => {
    const { hypersender, calls } = client([{ status: 429, headers: { 'Retry-After': '1' } }], {
      retryRateLimited: false,
    });
    expect(hypersenderError(await hypersender.GET('/{instance}/health', path))).toBeInstanceOf(
      RateLimitedError,
    );
    expect(calls).toHaveLength(1);
  });

  it('stops after its retries and gives the last answer back', async () => {
    const { hypersender, calls } = client([503, 503, 503], { retries: 2 });
    expect(hypersenderError(await hypersender.GET('/instances'))).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(3);
  });

  it('repeats request-new-qr-code only when the service did not act (503, refused connection), never on 502', async () => {
    const safe = client([503, refused(), 200]);
    expect(
      (await safe.hypersender.POST('/{instance}/request-new-qr-code', path)).response.status,
    ).toBe(200);
    expect(safe.calls).toHaveLength(3);
    const unsafe = client([502]);
    expect(
      (await unsafe.hypersender.POST('/{instance}/request-new-qr-code', path)).response.status,
    ).toBe(502);
    expect(unsafe.calls).toHaveLength(1);
    const reset502 = client([reset()]);
    await expect(reset502.hypersender.POST('/{instance}/restart', path)).rejects.toThrow(
      'fetch failed',
    );
    expect(reset502.calls).toHaveLength(1);
  });

  it('never repeats create-instance', async () => {
    const { hypersender, calls } = client([503, 200]);
    const result = await hypersender.POST('/create-instance', {
      body: { name: 'Once', phone: '+14155550123' },
    });
    expect(result.response.status).toBe(503);
    expect(calls).toHaveLength(1);
  });

  it('stops at once when the signal aborts during a wait', async () => {
    const controller = new AbortController();
    const api = scripted([503, 200]);
    const hypersender = createHypersenderClient({
      baseUrl: 'http://api.test',
      token: '1|t',
      fetch: api.fetch,
      retry: {
        sleep: async (_ms, signal) => {
          controller.abort(new Error('the user left'));
          signal.throwIfAborted();
        },
      },
    });
    await expect(
      hypersender.GET('/{instance}/health', { ...path, signal: controller.signal }),
    ).rejects.toThrow('the user left');
    expect(api.calls).toHaveLength(1);
  });

  it('is off unless asked for', async () => {
    const api = scripted([503, 200]);
    const hypersender = createHypersenderClient({
      baseUrl: 'http://api.test',
      token: '1|t',
      fetch: api.fetch,
    });
    expect((await hypersender.GET('/{instance}/health', path)).response.status).toBe(503);
    expect(api.calls).toHaveLength(1);
  });
});
