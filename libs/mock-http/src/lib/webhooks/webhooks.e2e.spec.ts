import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import { SpecValidator } from '@hypersender/spec-validation';
import { BASE, OWNER, startMock } from '../../test/mock-app';
import type { SessionStatusWebhook } from './session-status.webhook';

const spec = SpecValidator.fromFile();
const auth = { Authorization: `Bearer ${OWNER}` };

interface Received {
  headers: IncomingHttpHeaders;
  body: SessionStatusWebhook;
}

/**
 * A real HTTP receiver on a free loopback port. It answers with the statuses given, in
 * turn (then 200), and resolves `next(n)` once n bodies have arrived: tests wait on
 * deliveries, not on time. Every body is held to the spec's webhook description.
 */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text) as SessionStatusWebhook;
      received.push({ headers: request.headers, body });
      response.writeHead(statuses.shift() ?? 200).end();
      for (const wait of waiting.filter((w) => received.length >= w.count)) wait.resolve();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks/hypersender`,
    received,
    next: (count: number) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push({ count, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhooks to a real receiver on this machine', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  let hook: Awaited<ReturnType<typeof receiver>>;
  afterEach(async () => {
    await mock.close();
    await hook.close();
  });

  async function hookedInstance(secret?: string): Promise<string> {
    const created = await mock
      .http()
      .post('/__mock/instances')
      .send({
        token: OWNER,
        name: 'Hooked',
        phone: '+14155550123',
        webhook_url: hook.url,
        ...(secret ? { webhook_secret: secret } : {}),
      })
      .expect(201);
    return created.body.id;
  }

  it('gets SCAN_QR_CODE then WORKING, in order, in the documented envelope, with the secret', async () => {
    mock = await startMock();
    hook = await receiver();
    const id = await hookedInstance('my-webhook-secret');
    await mock.http().post(`${BASE}/${id}/request-new-qr-code`).set(auth).expect(200);
    await mock.http().post(`/__mock/instances/${id}/scan`).expect(200);
    await hook.next(2);
    expect(hook.received.map(({ body }) => body.data.payload.status)).toEqual([
      'SCAN_QR_CODE',
      'WORKING',
    ]);
    for (const { headers, body } of hook.received) {
      expect(spec.validateWebhook('sessionStatus', body)).toEqual([]);
      expect(headers['authorization']).toBe('my-webhook-secret');
      expect(body.data.instanceId).toBe(id);
    }
    const [qr, working] = hook.received.map(({ body }) => body.data);
    expect(qr.me).toBeNull();
    expect(working.me).toMatchObject({ id: '14155550123@c.us', pushName: 'Hooked' });
    expect(working.payload.statuses.map((entry) => entry.status)).toEqual([
      'STOPPED',
      'SCAN_QR_CODE',
      'WORKING',
    ]);
    expect(working.userId).toBe(qr.userId);
    expect(working.id).not.toBe(qr.id);
  });

  it('retries a receiver that answers 500 twice: three attempts, all in the delivery log', async () => {
    mock = await startMock({ webhookRetryDelayMs: 10 });
    hook = await receiver([500, 500]);
    const id = await hookedInstance();
    await mock.http().post(`${BASE}/${id}/request-new-qr-code`).set(auth).expect(200);
    await hook.next(3);
    expect(hook.received.map(({ body }) => body.data.id)).toEqual(
      Array(3).fill(hook.received[0].body.data.id),
    );
    expect(hook.received[0].headers['authorization']).toBeUndefined();
    let log = (await mock.http().get('/__mock/webhooks').expect(200)).body;
    // The third attempt's answer has been written; its record lands as the response ends.
    while (log[0].state === 'pending') log = (await mock.http().get('/__mock/webhooks')).body;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ instance_id: id, status: 'SCAN_QR_CODE', state: 'delivered' });
    expect(log[0].attempts.map((attempt: { status_code: number }) => attempt.status_code)).toEqual([
      500, 500, 200,
    ]);
    await mock.http().post('/__mock/reset').expect(200);
    expect((await mock.http().get('/__mock/webhooks')).body).toEqual([]);
  });

  it('refuses a loopback http URL with the 422 the API gives, when https-only', async () => {
    mock = await startMock({ webhooksHttpsOnly: true });
    hook = await receiver();
    const refused = await mock
      .http()
      .post(`${BASE}/create-instance`)
      .set(auth)
      .send({ name: 'Local', phone: '+14155550124', webhook_url: hook.url })
      .expect(422);
    expect(refused.body.errors.webhook_url).toEqual([
      'The webhook url field must be a valid https URL.',
    ]);
    const control = await mock
      .http()
      .post('/__mock/instances')
      .send({ token: OWNER, name: 'Local', phone: '+14155550124', webhook_url: hook.url })
      .expect(422);
    expect(control.body.errors.webhook_url).toBeDefined();
    expect(hook.received).toHaveLength(0);
  });

  it('takes a loopback http URL from the public create-instance by default, never other http hosts', async () => {
    mock = await startMock();
    hook = await receiver();
    await mock
      .http()
      .post(`${BASE}/create-instance`)
      .set(auth)
      .send({ name: 'Local', phone: '+14155550124', webhook_url: hook.url })
      .expect(200);
    await mock
      .http()
      .post(`${BASE}/create-instance`)
      .set(auth)
      .send({ name: 'Remote', phone: '+14155550125', webhook_url: 'http://example.org/hook' })
      .expect(422);
  });
});
