import { createHypersenderClient, HYPERSENDER_BASE_URL } from './client';
import {
  HypersenderApiError,
  hypersenderError,
  hypersenderErrorFrom,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
  unwrap,
  ValidationFailedError,
} from './errors';

const INSTANCE = '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10';
const TOKEN = '1|test-token';

interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch that records each request and answers with the next canned response. */
function fakeFetch(...responses: Response[]) {
  const requests: Recorded[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.text(),
    });
    const next = responses.shift();
    if (!next) throw new Error('fakeFetch: no response left');
    return next;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

const instanceBody = {
  id: INSTANCE,
  name: 'Support line',
  phone: '+14155550123',
  service_type: 'whatsapp',
  status: 'SCAN_QR_CODE',
  qr_code: 'iVBORw0KGgo=',
  access_token: null,
  created_at: '2025-05-26T10:12:45',
};

describe('createHypersenderClient', () => {
  it('defaults to the production base URL', async () => {
    const { fetch, requests } = fakeFetch(json(200, []));
    const client = createHypersenderClient({ token: TOKEN, fetch });
    await client.GET('/instances');
    expect(requests[0].url).toBe(`${HYPERSENDER_BASE_URL}/instances`);
  });

  it('sends the bearer token and Accept: application/json on every call', async () => {
    const { fetch, requests } = fakeFetch(json(200, []), json(200, instanceBody));
    const client = createHypersenderClient({
      baseUrl: 'http://mock.test/api/',
      token: TOKEN,
      fetch,
    });
    await client.GET('/instances');
    await client.POST('/{instance}/request-new-qr-code', {
      params: { path: { instance: INSTANCE } },
    });
    for (const request of requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect(request.headers.get('accept')).toBe('application/json');
    }
    expect(requests[0].url).toBe('http://mock.test/api/instances');
  });

  it('sends extra headers on every call', async () => {
    const { fetch, requests } = fakeFetch(json(200, []));
    const client = createHypersenderClient({
      token: TOKEN,
      fetch,
      headers: { Prefer: 'code=429' },
    });
    await client.GET('/instances');
    expect(requests[0].headers.get('prefer')).toBe('code=429');
    expect(requests[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses an empty token', () => {
    expect(() => createHypersenderClient({ token: '' })).toThrow(/token is required/);
  });

  it('requests a new QR code', async () => {
    const { fetch, requests } = fakeFetch(json(200, instanceBody));
    const client = createHypersenderClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    const result = await client.POST('/{instance}/request-new-qr-code', {
      params: { path: { instance: INSTANCE } },
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `http://mock.test/${INSTANCE}/request-new-qr-code`,
    });
    expect(unwrap(result).qr_code).toBe('iVBORw0KGgo=');
  });

  it('reads health', async () => {
    const health = { instance_id: INSTANCE, connected_at: null, status: 'STARTING' };
    const { fetch, requests } = fakeFetch(json(200, health));
    const client = createHypersenderClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    const result = await client.GET('/{instance}/health', {
      params: { path: { instance: INSTANCE } },
    });
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: `http://mock.test/${INSTANCE}/health`,
    });
    expect(result.data).toEqual(health);
  });

  it('creates an instance with a JSON body', async () => {
    const { fetch, requests } = fakeFetch(
      json(200, { ...instanceBody, status: 'PENDING', qr_code: null }),
    );
    const client = createHypersenderClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    const result = await client.POST('/create-instance', {
      body: { name: 'Sales', phone: '+14155550188', webhook_url: 'https://example.org/h' },
    });
    expect(requests[0]).toMatchObject({ method: 'POST', url: 'http://mock.test/create-instance' });
    expect(JSON.parse(requests[0].body)).toEqual({
      name: 'Sales',
      phone: '+14155550188',
      webhook_url: 'https://example.org/h',
    });
    expect(unwrap(result).status).toBe('PENDING');
  });

  it('lists instances with filters in the query string', async () => {
    const { fetch, requests } = fakeFetch(json(200, []));
    const client = createHypersenderClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    await client.GET('/instances', {
      params: { query: { 'filter[name]': 'Sup', 'filter[status]': 'WORKING' } },
    });
    const url = new URL(requests[0].url);
    expect(url.searchParams.get('filter[name]')).toBe('Sup');
    expect(url.searchParams.get('filter[status]')).toBe('WORKING');
  });

  it('restarts an instance', async () => {
    const body = { message: 'WhatsApp instance restarted successfully.' };
    const { fetch, requests } = fakeFetch(json(200, body));
    const client = createHypersenderClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    const result = await client.POST('/{instance}/restart', {
      params: { path: { instance: INSTANCE } },
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `http://mock.test/${INSTANCE}/restart`,
    });
    expect(unwrap(result)).toEqual(body);
  });
});

describe('typed errors', () => {
  async function failedCall(response: Response) {
    const { fetch } = fakeFetch(response);
    const client = createHypersenderClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    return client.POST('/{instance}/request-new-qr-code', {
      params: { path: { instance: INSTANCE } },
    });
  }

  it('is undefined for a successful call', async () => {
    expect(hypersenderError(await failedCall(json(200, instanceBody)))).toBeUndefined();
  });

  it('turns a 401 into UnauthenticatedError with the API message', async () => {
    const error = hypersenderError(await failedCall(json(401, { message: 'Unauthenticated.' })));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({ status: 401, message: 'Unauthenticated.' });
  });

  it('turns a 404 into NotFoundError', async () => {
    const error = hypersenderError(await failedCall(json(404, { message: 'Instance not found.' })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe('Instance not found.');
  });

  it('turns a 422 into ValidationFailedError with the field errors', async () => {
    const body = {
      message: 'The given data was invalid.',
      errors: { phone: ['The phone field must be a valid E.164 number.'] },
    };
    const error = hypersenderError(await failedCall(json(422, body)));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).fieldErrors).toEqual(body.errors);
  });

  it('turns a 429 into RateLimitedError with Retry-After and the X-RateLimit-* values', async () => {
    const error = hypersenderError(
      await failedCall(
        json(
          429,
          { message: 'Too Many Attempts.' },
          {
            'Retry-After': '42',
            'X-RateLimit-Limit': '1',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': '1748254425',
          },
        ),
      ),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({
      retryAfterSeconds: 42,
      limit: 1,
      remaining: 0,
      resetAtEpochSeconds: 1748254425,
      message: 'Too Many Attempts.',
    });
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const now = Date.parse('2025-05-26T10:00:00Z');
    const response = new Response('{}', {
      status: 429,
      headers: { 'Retry-After': new Date(now + 30_000).toUTCString() },
    });
    expect((hypersenderErrorFrom(response, {}, now) as RateLimitedError).retryAfterSeconds).toBe(
      30,
    );
  });

  it('falls back to the documented 60 s when Retry-After is missing', async () => {
    const error = hypersenderError(await failedCall(json(429, { message: 'Too Many Attempts.' })));
    expect((error as RateLimitedError).retryAfterSeconds).toBe(60);
    expect((error as RateLimitedError).limit).toBeUndefined();
  });

  it('turns a 500 into ServerError, and a body that is not JSON into a status message', async () => {
    const error = hypersenderError(
      await failedCall(
        new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.message).toBe('HTTP 502 Bad Gateway');
  });

  it('keeps other statuses as HypersenderApiError', async () => {
    const error = hypersenderError(await failedCall(json(409, { message: 'Conflict' })));
    expect(error).toBeInstanceOf(HypersenderApiError);
    expect(error?.status).toBe(409);
  });

  it('unwrap throws the typed error', async () => {
    const result = await failedCall(json(404, { message: 'Instance not found.' }));
    expect(() => unwrap(result)).toThrow(NotFoundError);
  });
});
