import type { InjectOptions } from 'fastify';
import { BASE, ID, OWNER, startMock } from '../../test/mock-app';
import type { MemoryRateLimits, MockBackend } from '@hypersender/mock-engine';
import { BACKEND } from '../engine/tokens';

const auth = { Authorization: `Bearer ${OWNER}` };

type Mock = Awaited<ReturnType<typeof startMock>>;

/** Fastify's `inject` on the mock of the running test. */
function injector(current: () => Mock) {
  return (options: InjectOptions) => current().app.getHttpAdapter().getInstance().inject(options);
}

/** Every answer here is also checked against its spec as it leaves (startMock). */
describe('the edge: what reaches the mock before Nest, answered as the real stack would', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeEach(async () => (mock = await startMock()));
  afterEach(async () => mock.close());

  const inject = injector(() => mock);

  it.each([
    ['a percent-encoding that does not decode', `${BASE}/%E0%A4%A/health`],
    ['a path parameter of 600 characters', `${BASE}/${'a'.repeat(600)}/health`],
    ['an id that is not a UUID', `${BASE}/not-a-uuid/health`],
  ])('answers 404 in the API shape to %s', async (_what, url) => {
    const response = await inject({ method: 'GET', url, headers: auth });
    expect(response.statusCode).toBe(404);
    expect(Object.keys(response.json())).toEqual(['message']);
  });

  it('answers 413 in the API shape to a body over 1 MB', async () => {
    const response = await inject({
      method: 'POST',
      url: `${BASE}/create-instance`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: `{"name":"${'a'.repeat(1024 * 1024)}"}`,
    });
    expect(response.statusCode).toBe(413);
    expect(Object.keys(response.json())).toEqual(['message']);
  });

  it('reads form fields as Laravel does, and ignores bodies of other types (422 for missing fields)', async () => {
    const form = await inject({
      method: 'POST',
      url: `${BASE}/create-instance`,
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=From+a+form&phone=%2B14155550150',
    });
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ name: 'From a form', status: 'PENDING' });
    const xml = await inject({
      method: 'POST',
      url: `${BASE}/create-instance`,
      headers: { ...auth, 'content-type': 'application/xml' },
      payload: '<instance/>',
    });
    expect(xml.statusCode).toBe(422);
    expect(Object.keys(xml.json().errors)).toEqual(['name', 'phone']);
    const qr = await inject({
      method: 'POST',
      url: `${BASE}/${ID}/request-new-qr-code`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(qr.statusCode).toBe(200);
  });

  it('counts a name in characters, as Laravel does: 30 emoji fit in 50', async () => {
    const response = await inject({
      method: 'POST',
      url: `${BASE}/create-instance`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: '😀'.repeat(30), phone: '+14155550151' }),
    });
    expect(response.statusCode).toBe(200);
  });

  it('sends X-RateLimit-Limit and -Remaining on every limited answer, as Laravel does', async () => {
    const first = await inject({ method: 'GET', url: `${BASE}/${ID}/health`, headers: auth });
    expect(first.headers['x-ratelimit-limit']).toBe('10');
    expect(first.headers['x-ratelimit-remaining']).toBe('9');
    expect(first.headers['x-ratelimit-reset']).toBeUndefined();
    expect(first.headers['retry-after']).toBeUndefined();
  });

  it('holds no rate-limit window for an instance the token does not own', async () => {
    const storage = (mock.app.get(BACKEND) as MockBackend).rateLimits as MemoryRateLimits;
    for (let i = 0; i < 50; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const response = await inject({ method: 'GET', url: `${BASE}/${id}/health`, headers: auth });
      expect(response.statusCode).toBe(404);
    }
    expect(storage.size()).toBe(0);
    await inject({ method: 'GET', url: `${BASE}/${ID}/health`, headers: auth });
    expect(storage.size()).toBe(1);
  });
});

describe('the control API, against a hostile web page', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeEach(async () => (mock = await startMock()));
  afterEach(async () => mock.close());
  const inject = injector(() => mock);

  it('refuses a cross-site form post that would create a WORKING instance, and creates nothing', async () => {
    const response = await inject({
      method: 'POST',
      url: '/__mock/instances',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'token=9%7Cevil&name=Evil&phone=%2B14155550123&status=WORKING',
    });
    expect(response.statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/__mock/instances' })).json()).toHaveLength(1);
  });

  it('refuses a text/plain reset (415) and a request from another site (403)', async () => {
    const plain = await inject({
      method: 'POST',
      url: '/__mock/reset',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(plain.statusCode).toBe(415);
    const crossSite = await inject({
      method: 'GET',
      url: '/__mock/instances',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    const sameOrigin = await inject({
      method: 'GET',
      url: '/__mock/instances',
      headers: { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' },
    });
    expect(sameOrigin.statusCode).toBe(200);
  });

  it('answers only its own host names while on loopback (DNS rebinding reads no token)', async () => {
    const rebound = await inject({
      method: 'GET',
      url: '/__mock/instances',
      headers: { host: 'evil.example:4000' },
    });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.body).not.toContain(OWNER);
    for (const host of ['localhost:4000', '127.0.0.1', '[::1]:4000'])
      expect(
        (await inject({ method: 'GET', url: '/__mock/instances', headers: { host } })).statusCode,
      ).toBe(200);
  });

  it('refuses to move the clock past year 9999, and a reset brings it back', async () => {
    const before = (await inject({ method: 'GET', url: '/__mock/clock' })).json();
    const huge = await inject({
      method: 'POST',
      url: '/__mock/clock/advance',
      headers: { 'content-type': 'application/json' },
      payload: { ms: 9_000_000_000_000_000 },
    });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().errors.ms[0]).toMatch(/at most \d+ ms more/);
    const infinite = await inject({
      method: 'POST',
      url: '/__mock/clock/advance',
      headers: { 'content-type': 'application/json' },
      payload: '{"seconds": 1e308}',
    });
    expect(infinite.statusCode).toBe(422);
    await inject({
      method: 'POST',
      url: '/__mock/clock/advance',
      headers: { 'content-type': 'application/json' },
      payload: { seconds: 3600 },
    });
    await inject({ method: 'POST', url: '/__mock/reset' });
    expect((await inject({ method: 'GET', url: '/__mock/clock' })).json()).toEqual(before);
    expect(
      (await inject({ method: 'GET', url: `${BASE}/${ID}/health`, headers: auth })).statusCode,
    ).toBe(200);
  });
});
