import { NotFoundError, RateLimitedError } from '@hypersender/api-client';
import { QrLogin, type QrLoginEvent } from './qr-login';
import { statusOfWebhook } from './session-status-webhook';
import { fakeTimer, health, ID, instance, PNG, scriptedApi } from '../test/scripted-api';

async function collect(iterable: AsyncIterable<QrLoginEvent>): Promise<QrLoginEvent[]> {
  const events: QrLoginEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('QrLogin', () => {
  it('requests a QR, gives its data URI and expiry, and keeps a 60 s cooldown without asking the API', async () => {
    const timer = fakeTimer();
    const { client, calls } = scriptedApi(timer, { qr: [{ status: 200, body: instance }] });
    const login = new QrLogin({ client, instanceId: ID, timer });
    const result = await login.requestQr();
    expect(result).toMatchObject({
      ok: true,
      dataUri: `data:image/png;base64,${PNG}`,
      expiresAt: 1_060_000,
    });
    expect(login.secondsUntilNewQr()).toBe(60);
    expect(login.secondsUntilQrExpires()).toBe(60);
    const refused = await login.requestQr();
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    expect(calls).toHaveLength(1);
  });

  it('takes the cooldown from Retry-After on a 429', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, {
      qr: [
        { status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': '42' } },
      ],
    });
    const login = new QrLogin({ client, instanceId: ID, timer });
    const result = await login.requestQr();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(RateLimitedError);
    expect(login.secondsUntilNewQr()).toBe(42);
  });

  it('passes other errors on, typed', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, {
      qr: [{ status: 404, body: { message: 'Instance not found.' } }],
    });
    const result = await new QrLogin({ client, instanceId: ID, timer }).requestQr();
    expect(!result.ok && result.error).toBeInstanceOf(NotFoundError);
  });

  it('watches health until WORKING, never faster than 10 per minute, with cooldown ticks and one expiry', async () => {
    const timer = fakeTimer();
    const statuses = [
      ...Array.from({ length: 12 }, () => health('SCAN_QR_CODE')),
      health('WORKING', '2025-05-26T10:14:02'),
    ];
    const { client, calls } = scriptedApi(timer, {
      qr: [{ status: 200, body: instance }],
      health: statuses,
    });
    const login = new QrLogin({ client, instanceId: ID, timer });
    await login.requestQr();
    const events = await collect(login.watch());
    expect(events[0]).toMatchObject({ type: 'qr' });
    expect(events.at(-1)).toEqual({ type: 'linked', connectedAt: '2025-05-26T10:14:02' });
    expect(events.filter((event) => event.type === 'expired')).toHaveLength(1);
    const ticks = events
      .filter((event) => event.type === 'cooldown')
      .map((event) => (event as { secondsLeft: number }).secondsLeft);
    expect(ticks[0]).toBe(60);
    expect(ticks.at(-1)).toBe(0);
    const healthCalls = calls.filter((call) => call.path.endsWith('/health'));
    expect(healthCalls).toHaveLength(13);
    for (let i = 1; i < healthCalls.length; i++)
      expect(healthCalls[i].at - healthCalls[i - 1].at).toBeGreaterThanOrEqual(6_000);
  });

  it('backs off on a 429 from health by its Retry-After', async () => {
    const timer = fakeTimer();
    const { client, calls } = scriptedApi(timer, {
      health: [
        { status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': '30' } },
        health('WORKING', '2025-05-26T10:14:02'),
      ],
    });
    await collect(new QrLogin({ client, instanceId: ID, timer }).watch());
    expect(calls[1].at - calls[0].at).toBe(30_000);
  });

  it('stops on FAILED, and on an error such as 401', async () => {
    const timer = fakeTimer();
    const failed = scriptedApi(timer, { health: [health('FAILED')] });
    expect(
      (await collect(new QrLogin({ client: failed.client, instanceId: ID, timer }).watch())).at(-1),
    ).toMatchObject({ type: 'failed' });
    const unauthorized = scriptedApi(timer, {
      health: [{ status: 401, body: { message: 'Unauthenticated.' } }],
    });
    expect(
      (
        await collect(new QrLogin({ client: unauthorized.client, instanceId: ID, timer }).watch())
      ).at(-1),
    ).toMatchObject({ type: 'failed', reason: 'Unauthenticated.' });
  });

  it('ends the watch when its signal aborts', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, { health: [health('SCAN_QR_CODE')] });
    const controller = new AbortController();
    const login = new QrLogin({ client, instanceId: ID, timer });
    const seen: QrLoginEvent[] = [];
    await expect(
      (async () => {
        for await (const event of login.watch(controller.signal)) {
          seen.push(event);
          if (seen.length === 3) controller.abort(new Error('user left'));
        }
      })(),
    ).rejects.toThrow('user left');
    expect(seen).toHaveLength(3);
  });
});

describe('QrLogin with statuses from webhooks', () => {
  it('never reads health, and ends on the WORKING a webhook brings', async () => {
    const timer = fakeTimer();
    const { client, calls } = scriptedApi(timer, { qr: [{ status: 200, body: instance }] });
    const login = new QrLogin({ client, instanceId: ID, timer, statusSource: 'webhook' });
    await login.requestQr();
    const controller = new AbortController();
    const seen: QrLoginEvent['type'][] = [];
    for await (const event of login.watch(controller.signal)) {
      seen.push(event.type);
      if (event.type === 'qr') login.receiveStatus('SCAN_QR_CODE');
      if (event.type === 'status' && event.status === 'SCAN_QR_CODE')
        login.receiveStatus('WORKING', '2025-05-26T10:13:00');
    }
    expect(seen.filter((type) => type !== 'cooldown')).toEqual([
      'qr',
      'status',
      'status',
      'linked',
    ]);
    expect(calls.map((call) => call.path)).toEqual([`/${ID}/request-new-qr-code`]);
  });
});

describe('statusOfWebhook', () => {
  it('reads the status and instance of a session.status body, and nothing else', () => {
    const body = {
      event: 'session.status',
      data: {
        instanceId: ID,
        payload: { status: 'WORKING', statuses: [{ status: 'WORKING', timestamp: 1748254395000 }] },
      },
    };
    expect(statusOfWebhook(body)).toEqual({
      instanceId: ID,
      status: 'WORKING',
      connectedAt: '2025-05-26T10:13:15',
    });
    expect(statusOfWebhook({ ...body, event: 'message.ack' })).toBeUndefined();
    expect(
      statusOfWebhook({
        event: 'session.status',
        data: { instanceId: ID, payload: { status: 'ODD' } },
      }),
    ).toBeUndefined();
    expect(statusOfWebhook('nope')).toBeUndefined();
  });
});

describe('QrLogin through a bad day', () => {
  const down = { status: 502, body: { message: 'Bad Gateway.' } };

  it('keeps watching through 5xx answers and network errors, saying it reconnects, then goes on', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, {
      health: [health('SCAN_QR_CODE'), down, down, health('WORKING', '2025-05-26T10:14:02')],
    });
    const login = new QrLogin({ client, instanceId: ID, timer });
    const events = await collect(login.watch());
    expect(events.map((event) => event.type)).toEqual([
      'status',
      'reconnecting',
      'reconnecting',
      'status',
      'linked',
    ]);
    const reconnecting = events.filter((event) => event.type === 'reconnecting');
    expect(reconnecting.map((event) => [event.attempt, event.delayMs, event.reason])).toEqual([
      [1, 6_000, 'HTTP 502'],
      [2, 12_000, 'HTTP 502'],
    ]);
  });

  it('gives up with cause unreachable once its budget is spent', async () => {
    const timer = fakeTimer();
    const api = scriptedApi(timer, { health: [{ status: 503, body: { message: 'x' } }] });
    const login = new QrLogin({
      client: api.client,
      instanceId: ID,
      timer,
      reconnectBudgetMs: 30_000,
    });
    const events = await collect(login.watch());
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'failed', cause: 'unreachable' });
    expect((last as { reason: string }).reason).toMatch(
      /Hypersender is not answering \(HTTP 503\)/,
    );
    // Backing off from health's interval: never more reads than its 10/min allow.
    const gaps = api.calls.slice(1).map((call, i) => call.at - api.calls[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(6_000);
  });
});
