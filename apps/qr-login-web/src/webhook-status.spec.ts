import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_CONFIG, listenMock } from '@hypersender/mock-http';
import type { PageEvent } from '@hypersender/qr-login';
import { createWebhookReceiver, createWebServer, webhookHandler } from './web-server';

const OWNER = DEFAULT_CONFIG.seed.instances[0].token;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('the web app taking statuses by webhook (--webhook-listen)', () => {
  let mock: NestFastifyApplication;
  let origin: string;
  const servers: Server[] = [];
  beforeEach(async () => {
    ({ app: mock, origin } = await listenMock({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' }));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
    await mock.close();
  });

  function webApp(instance: string) {
    const web = createWebServer({
      baseUrl: `${origin}/api/whatsapp/v2`,
      token: OWNER,
      instance,
      statusSource: 'webhook',
    });
    servers.push(web);
    return web;
  }

  it('links through SCAN_QR_CODE and WORKING webhooks, and never reads health', async () => {
    // The receiver listens first: the instance is created with its URL as webhook_url.
    const receiver = createServer();
    servers.push(receiver);
    const hookUrl = `${await listen(receiver)}/hooks`;
    const created = await (
      await fetch(`${origin}/__mock/instances`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          token: OWNER,
          name: 'Web hooked',
          phone: '+14155550140',
          webhook_url: hookUrl,
          webhook_secret: 'the-secret',
        }),
      })
    ).json();
    const web = webApp(created.id);
    receiver.on('request', webhookHandler(web.session, 'the-secret'));

    const events: PageEvent[] = [];
    const linked = new Promise<void>((resolve) =>
      web.session.subscribe((event) => {
        events.push(event);
        if (event.type === 'linked') resolve();
      }),
    );
    const webOrigin = await listen(web);
    expect((await (await fetch(`${webOrigin}/api/qr`, { method: 'POST' })).json()).ok).toBe(true);
    await fetch(`${origin}/__mock/instances/${created.id}/scan`, { method: 'POST' });
    await linked;
    expect(events.filter((event) => event.type === 'status').map((event) => event.status)).toEqual([
      'SCAN_QR_CODE',
      'WORKING',
    ]);
    const health = await (await fetch(`${origin}/__mock/requests?path=/health`)).json();
    expect(health).toEqual([]);
  });

  it('refuses a webhook without the secret (401) and ignores other instances', async () => {
    const web = webApp('9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10');
    const receiver = createWebhookReceiver(web.session, 'the-secret');
    servers.push(receiver);
    const url = await listen(receiver);
    const body = JSON.stringify({
      event: 'session.status',
      data: { instanceId: 'other', payload: { status: 'WORKING', statuses: [] } },
    });
    expect((await fetch(url, { method: 'POST', body })).status).toBe(401);
    const ignored = await fetch(url, {
      method: 'POST',
      body,
      headers: { Authorization: 'the-secret' },
    });
    expect(await ignored.json()).toEqual({ message: 'Ignored.' });
  });
});
