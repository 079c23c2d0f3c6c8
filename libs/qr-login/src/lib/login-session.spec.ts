import { LoginSession, type PageEvent } from './login-session';
import { fakeTimer, health, ID, instance, scriptedApi } from '../test/scripted-api';

/** The session shared by every page of the web app, tested without a browser. */
describe('LoginSession', () => {
  it('replays the latest state to a page that connects late, and fans new events out to all', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, {
      qr: [{ status: 200, body: instance }],
      health: [health('SCAN_QR_CODE')],
    });
    const session = new LoginSession(client, ID, 6_000, 60_000, 'webhook');
    const early: PageEvent[] = [];
    session.subscribe((event) => early.push(event));
    expect(await session.requestQr()).toEqual({ ok: true, secondsUntilNewQr: 60 });
    await new Promise((settled) => setImmediate(settled));
    const late: PageEvent[] = [];
    session.subscribe((event) => late.push(event));
    expect(late.map((event) => event.type)).toEqual(early.map((event) => event.type));
    expect(late.find((event) => event.type === 'qr')).toMatchObject({
      dataUri: `data:image/png;base64,${instance.qr_code}`,
    });
    session.stop();
  });

  it('answers a request inside the cooldown with the seconds to wait, sending nothing', async () => {
    const timer = fakeTimer();
    const { client, calls } = scriptedApi(timer, { qr: [{ status: 200, body: instance }] });
    const session = new LoginSession(client, ID, 6_000, 60_000, 'webhook');
    await session.requestQr();
    expect(await session.requestQr()).toMatchObject({ ok: false, secondsUntilNewQr: 60 });
    expect(calls).toHaveLength(1);
    session.stop();
  });

  it("moves on this instance's session.status webhooks only", async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, { qr: [{ status: 200, body: instance }] });
    const session = new LoginSession(client, ID, 6_000, 60_000, 'webhook');
    const seen: PageEvent[] = [];
    session.subscribe((event) => seen.push(event));
    const webhook = (instanceId: string, status: string) => ({
      event: 'session.status',
      data: { instanceId, payload: { status, statuses: [{ status, timestamp: 1748254395000 }] } },
    });
    expect(session.receiveWebhook(webhook('another-instance', 'WORKING'))).toBe(false);
    expect(session.receiveWebhook(webhook(ID, 'WORKING'))).toBe(true);
    const linked = new Promise<void>((resolve) =>
      session.subscribe((event) => event.type === 'linked' && resolve()),
    );
    await linked;
    expect(seen.filter((event) => event.type === 'status')).toEqual([
      { type: 'status', status: 'WORKING' },
    ]);
    session.stop();
  });

  /** The next event of `type` the session publishes (or has published, replayed). */
  const next = (session: LoginSession, type: PageEvent['type']) =>
    new Promise<PageEvent>((resolve) =>
      session.subscribe((event) => event.type === type && resolve(event)),
    );

  it('with autoQr, a page that opens gets a QR without asking', async () => {
    const timer = fakeTimer();
    const { client, calls } = scriptedApi(timer, {
      qr: [{ status: 200, body: instance }],
      health: [health('SCAN_QR_CODE')],
    });
    const session = new LoginSession(client, ID, 6_000, 60_000, 'webhook', undefined, {
      autoQr: true,
    });
    expect(await next(session, 'qr')).toMatchObject({ type: 'qr', secondsUntilNewQr: 60 });
    expect(calls.filter((call) => call.path.endsWith('/request-new-qr-code'))).toHaveLength(1);
    session.stop();
  });

  it('once linked, notices the phone unlinking the device', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, {
      qr: [{ status: 200, body: instance }],
      health: [health('WORKING', '2025-05-26T10:12:50'), health('WORKING'), health('FAILED')],
    });
    const session = new LoginSession(client, ID, 10, 60_000, 'health', undefined, {
      linkedCheckMs: 1,
    });
    await session.requestQr();
    await next(session, 'linked');
    expect(await next(session, 'unlinked')).toEqual({ type: 'unlinked', status: 'FAILED' });
    const late: PageEvent[] = [];
    session.subscribe((event) => late.push(event));
    expect(late.map((event) => event.type)).not.toContain('linked');
    session.stop();
  });

  it('after Hypersender stayed away past the budget, watches again and recovers by itself', async () => {
    const timer = fakeTimer();
    const { client } = scriptedApi(timer, {
      health: [
        { status: 503, body: { message: 'Service Unavailable.' } },
        { status: 503, body: { message: 'Service Unavailable.' } },
        health('SCAN_QR_CODE'),
      ],
    });
    const session = new LoginSession(client, ID, 10, 60_000, 'health', 5, { rewatchAfterMs: 1 });
    session.startWatching();
    expect(await next(session, 'failed')).toMatchObject({ unreachable: true });
    expect(await next(session, 'status')).toEqual({ type: 'status', status: 'SCAN_QR_CODE' });
    session.stop();
  });
});
