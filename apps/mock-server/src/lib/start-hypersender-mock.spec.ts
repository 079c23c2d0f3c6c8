import { createServer } from 'node:net';
import { once } from 'node:events';
import { decodeQrCode } from '@hypersender/test-support';
import { startHypersenderMock } from './start-hypersender-mock';
import type { HypersenderMock } from './public-types';

async function call(mock: HypersenderMock, method: string, path: string) {
  const response = await fetch(`${mock.apiBaseUrl}/${mock.instanceId}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${mock.token}`, Accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('startHypersenderMock', () => {
  let mock: HypersenderMock;
  beforeAll(async () => {
    mock = await startHypersenderMock();
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.close());

  it('listens on a free loopback port and answers the public API with the seeded token', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).not.toMatch(/:4000$/);
    expect(mock.apiBaseUrl).toBe(`${mock.url}/api/whatsapp/v2`);
    expect((await call(mock, 'GET', 'health')).body).toMatchObject({ status: 'STOPPED' });
  });

  it('does the whole login: a QR, the phone scans it by its text, WORKING', async () => {
    const qr = await call(mock, 'POST', 'request-new-qr-code');
    expect(qr.status).toBe(200);
    const text = decodeQrCode(qr.body['qr_code'] as string) as string;
    const scanned = await mock.scan(text);
    expect(scanned).toMatchObject({ id: mock.instanceId, status: 'WORKING' });
    expect((await call(mock, 'GET', 'health')).body['status']).toBe('WORKING');
  });

  it('scans by instance id, unlinks, and fails the next restart', async () => {
    await call(mock, 'POST', 'request-new-qr-code');
    expect((await mock.scan(mock.instanceId)).status).toBe('WORKING');
    expect((await mock.unlink(mock.instanceId)).status).toBe('FAILED');
    await mock.failNext(mock.instanceId, 'restart');
    expect((await call(mock, 'POST', 'restart')).status).toBe(500);
  });

  it('lifts a 429 with advanceClock(60), and the journal shows both requests', async () => {
    await call(mock, 'POST', 'request-new-qr-code');
    expect((await call(mock, 'POST', 'request-new-qr-code')).status).toBe(429);
    await mock.advanceClock(60);
    expect((await call(mock, 'POST', 'request-new-qr-code')).status).toBe(200);
    const limited = await mock.requests({ status: 429 });
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ method: 'POST', authorization: 'Bearer [redacted]' });
  });

  it('reset() brings instances, counters, clock and journal back to the start', async () => {
    const created = await mock.createInstance({ name: 'Temporary', phone: '+14155550177' });
    expect(created.token).toBe(mock.token);
    const clockBefore = await (await fetch(`${mock.url}/__mock/clock`)).json();
    await call(mock, 'POST', 'request-new-qr-code');
    await mock.advanceClock(5);
    await mock.reset();
    expect(await (await fetch(`${mock.url}/__mock/clock`)).json()).toEqual(clockBefore);
    expect(await mock.requests()).toEqual([]);
    expect((await call(mock, 'POST', 'request-new-qr-code')).status).toBe(200);
    const all = (await (await fetch(`${mock.url}/__mock/instances`)).json()) as unknown[];
    expect(all).toHaveLength(1);
  });

  it('adds fault rules, which reset() clears', async () => {
    const id = await mock.addFault({ match: { operation: 'getInstanceHealth' }, status: 503 });
    expect(id).toMatch(/^fault-\d+$/);
    expect((await call(mock, 'GET', 'health')).status).toBe(503);
    await mock.reset();
    expect((await call(mock, 'GET', 'health')).status).toBe(200);
    await mock.addFault({ status: 502 });
    await mock.clearFaults();
    expect((await call(mock, 'GET', 'health')).status).toBe(200);
  });

  it('a refused control call rejects with the status and the message', async () => {
    await expect(mock.scan('2@not-a-current-qr')).rejects.toMatchObject({
      name: 'MockControlError',
      status: 409,
      message: expect.stringContaining('no longer valid'),
    });
  });
});

describe('startHypersenderMock, several and badly asked', () => {
  it('gives a separate mock per call: state never crosses', async () => {
    const first = await startHypersenderMock();
    const second = await startHypersenderMock();
    try {
      expect(first.url).not.toBe(second.url);
      await call(first, 'POST', 'request-new-qr-code');
      expect((await call(second, 'POST', 'request-new-qr-code')).status).toBe(200);
      await first.scan(first.instanceId);
      expect((await call(second, 'GET', 'health')).body['status']).toBe('SCAN_QR_CODE');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('refuses unknown options, naming them', async () => {
    await expect(startHypersenderMock({ prot: 1 } as never)).rejects.toThrow(
      /unknown option "prot"/,
    );
  });

  it('rejects with a clear error when the port is in use, and leaves nothing listening', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      await expect(startHypersenderMock({ port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port}: the port is in use (EADDRINUSE)`,
      );
    } finally {
      blocker.close();
    }
  });

  it('close() twice is harmless, and Symbol.asyncDispose closes it', async () => {
    const mock = await startHypersenderMock();
    await mock[Symbol.asyncDispose]();
    await expect(mock.close()).resolves.toBeUndefined();
    await expect(fetch(`${mock.url}/__mock/health`)).rejects.toThrow();
  });
});
