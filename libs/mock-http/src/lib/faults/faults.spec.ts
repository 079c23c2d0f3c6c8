import { connect } from 'node:net';
import { once } from 'node:events';
import { BASE, ID, OWNER, startMock } from '../../test/mock-app';
import { listenMock } from '../create-mock-app';
import { DEFAULT_CONFIG } from '../mock-config';
import { seededRandom } from './faults.service';

const auth = { Authorization: `Bearer ${OWNER}` };

/** Every answer here is also held to its spec as it leaves (startMock). */
describe('fault rules', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeEach(async () => (mock = await startMock()));
  afterEach(async () => mock.close());
  const fastify = () => mock.app.getHttpAdapter().getInstance();
  const addFault = async (rule: unknown) =>
    (
      await mock
        .http()
        .post('/__mock/faults')
        .send(rule as object)
    ).body;
  const health = () =>
    fastify().inject({ method: 'GET', url: `${BASE}/${ID}/health`, headers: auth });
  const qr = () =>
    fastify().inject({ method: 'POST', url: `${BASE}/${ID}/request-new-qr-code`, headers: auth });

  it('answers only what the rule matches, the next N times, with the body and headers asked', async () => {
    const rule = await addFault({
      match: { operation: 'getInstanceHealth', instance: ID },
      status: 503,
      headers: { 'Retry-After': '30' },
      times: 2,
    });
    expect(rule).toMatchObject({ id: 'fault-1', matched: 0, applied: 0 });
    expect((await qr()).statusCode).toBe(200);
    const first = await health();
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('30');
    expect(first.json()).toEqual({ message: 'Service Unavailable.' });
    expect((await health()).statusCode).toBe(503);
    expect((await health()).statusCode).toBe(200);
    const [listed] = (await mock.http().get('/__mock/faults')).body;
    expect(listed).toMatchObject({ id: 'fault-1', matched: 2, applied: 2 });
  });

  it('answers an nginx page or nothing, and every Nth request only', async () => {
    await addFault({
      match: { operation: 'getInstanceHealth' },
      status: 502,
      body: 'html',
      every: 3,
    });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await health()).statusCode);
    expect(statuses).toEqual([200, 200, 502, 200, 200, 502]);
    await mock.http().delete('/__mock/faults').expect(200);
    await addFault({ status: 504, body: 'empty' });
    const empty = await health();
    expect(empty.statusCode).toBe(504);
    expect(empty.body).toBe('');
  });

  it('does not count an answered request against the rate limit, and marks it in the journal', async () => {
    await addFault({ match: { operation: 'requestNewQrCode' }, status: 502, times: 1 });
    expect((await qr()).statusCode).toBe(502);
    expect((await qr()).statusCode).toBe(200);
    const journal = (await mock.http().get('/__mock/requests')).body;
    expect(journal.map((entry: { status: number }) => entry.status)).toEqual([502, 200]);
    expect(journal[0].fault).toBe('fault-1');
    expect(journal[1].fault).toBeUndefined();
  });

  it('delays, then gives the real answer (which counts)', async () => {
    await addFault({ match: { operation: 'requestNewQrCode' }, delay_ms: 150 });
    expect((await qr()).statusCode).toBe(200);
    expect((await qr()).statusCode).toBe(429);
    const [delayed] = (await mock.http().get('/__mock/requests')).body;
    // A lower bound the server's own clock sets: never flaky, whatever the machine's load.
    expect(delayed.duration_ms).toBeGreaterThanOrEqual(150);
    expect(delayed.fault).toBe('fault-1');
  });

  it('is cleared by a full reset, and one rule can be removed by id', async () => {
    const { id } = await addFault({ status: 500 });
    await addFault({ status: 502 });
    await mock.http().delete(`/__mock/faults/${id}`).expect(200);
    await mock.http().delete(`/__mock/faults/${id}`).expect(404);
    expect((await health()).statusCode).toBe(502);
    await mock.http().post('/__mock/reset').expect(200);
    expect((await mock.http().get('/__mock/faults')).body).toEqual([]);
    expect((await health()).statusCode).toBe(200);
  });

  it.each([
    [{ status: 503, colour: 'red' }, 'colour'],
    [{ match: { operation: 'sendMessage' }, status: 500 }, 'match.operation'],
    [{ status: 600 }, 'status'],
    [{ delay_ms: -1 }, 'delay_ms'],
    [{ status: 503, probability: 1.5 }, 'probability'],
    [{ status: 503, times: 0 }, 'times'],
    [{ match: { instance: ID } }, 'rule'],
  ])('refuses %j with a 422 naming %s', async (rule, field) => {
    const response = await mock.http().post('/__mock/faults').send(rule).expect(422);
    expect(Object.keys(response.body.errors)).toContain(field);
  });
});

describe('fault rules that cut connections', () => {
  it('drops and hangs without leaking a socket, journaling status 0', async () => {
    const { app, origin } = await listenMock({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' });
    const post = (path: string, body: unknown) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      await post('/__mock/faults', {
        match: { operation: 'getInstanceHealth' },
        drop: true,
        times: 1,
      });
      await post('/__mock/faults', { match: { operation: 'listInstances' }, hang: true });
      await expect(fetch(`${origin}${BASE}/${ID}/health`, { headers: auth })).rejects.toThrow();
      const hung = fetch(`${origin}${BASE}/instances`, {
        headers: auth,
        signal: AbortSignal.timeout(200),
      });
      await expect(hung).rejects.toThrow();
      type Entry = { status: number; fault?: string };
      const journal = async () =>
        (await (await fetch(`${origin}/__mock/requests`)).json()) as Entry[];
      // The client gave up; the server journals the hung request when its socket closes.
      let entries = await journal();
      while (entries.length < 2) entries = await journal();
      expect(entries.map((entry) => [entry.status, entry.fault])).toEqual([
        [0, 'fault-1'],
        [0, 'fault-2'],
      ]);
      // A hung request still open when the server closes is closed with it.
      const socket = connect(Number(new URL(origin).port), '127.0.0.1');
      await once(socket, 'connect');
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      socket.write(
        `GET ${BASE}/instances HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${OWNER}\r\n\r\n`,
      );
      // The server holds it once the rule has acted on it a second time.
      const applied = async () =>
        ((await (await fetch(`${origin}/__mock/faults`)).json()) as Array<{ applied: number }>)[1]
          .applied;
      while ((await applied()) < 2);
      const closed = once(socket, 'close');
      await app.close();
      await closed;
      expect(received).not.toMatch(/HTTP\/1\.1 [2-5]\d\d/);
    } finally {
      await app.close();
    }
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    const a = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, second)).toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(a);
    for (const value of a) expect(value >= 0 && value < 1).toBe(true);
  });
});
