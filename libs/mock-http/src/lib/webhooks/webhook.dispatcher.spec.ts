import { Test } from '@nestjs/testing';
import { DEFAULT_SEED, ManualClock, MockEngine, memoryBackend } from '@hypersender/mock-engine';
import { SpecValidator } from '@hypersender/spec-validation';
import { BACKEND, MOCK_ENGINE, WEBHOOK_SETTINGS } from '../engine/tokens';
import { redactUrl } from './redact-url';
import type { SessionStatusWebhook } from './session-status.webhook';
import { WEBHOOK_FETCH, WebhookDispatcher } from './webhook.dispatcher';

const spec = SpecValidator.fromFile();
const OWNER = DEFAULT_SEED.instances[0].token;
const ID = DEFAULT_SEED.instances[0].id;

async function dispatcherWith(fetch: jest.Mock) {
  const clock = new ManualClock();
  const engine = new MockEngine({ clock, settings: { assignDelayMs: 1_000, startDelayMs: 1_000 } });
  await engine.initialize();
  const moduleRef = await Test.createTestingModule({
    providers: [
      WebhookDispatcher,
      { provide: MOCK_ENGINE, useValue: engine },
      { provide: BACKEND, useValue: memoryBackend() },
      { provide: WEBHOOK_FETCH, useValue: fetch },
      { provide: WEBHOOK_SETTINGS, useValue: { retries: 3, retryDelayMs: 1_000 } },
    ],
  }).compile();
  await moduleRef.init();
  return { engine, clock, moduleRef, dispatcher: moduleRef.get(WebhookDispatcher) };
}

describe('WebhookDispatcher', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'performance'] }));
  afterEach(() => jest.useRealTimers());

  it('POSTs each status change in the real envelope, retrying failures with a doubling delay', async () => {
    const fetch = jest
      .fn()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValueOnce(new Response('', { status: 500 }))
      .mockResolvedValue(new Response(null, { status: 204 }));
    const { engine, clock, moduleRef, dispatcher } = await dispatcherWith(fetch);
    const created = (await engine.createForControl({
      token: OWNER,
      name: 'Hooked',
      phone: '+14155550188',
      status: 'PENDING',
      webhookUrl: 'https://user:pass@example.org/hook?key=s3cret',
      webhookSecret: 'shh',
    })) as { id: string };
    clock.advance(1_000);
    await engine.settleWebhookInstances();
    await jest.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('https://user:pass@example.org/hook?key=s3cret');
    expect(init.headers).toMatchObject({ Authorization: 'shh' });
    const body = JSON.parse(init.body) as SessionStatusWebhook;
    expect(spec.validateWebhook('sessionStatus', body)).toEqual([]);
    expect(body).toMatchObject({
      event: 'session.status',
      data: {
        event: 'session.status',
        me: null,
        instanceId: created.id,
        payload: {
          name: created.id,
          status: 'STARTING',
          statuses: [{ status: 'PENDING' }, { status: 'STARTING' }],
        },
      },
    });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    const [delivery] = await dispatcher.log();
    expect(delivery).toMatchObject({
      instance_id: created.id,
      status: 'STARTING',
      state: 'delivered',
      url: 'https://redacted@example.org/hook?key=redacted',
    });
    expect(delivery.attempts.map((attempt) => attempt.status_code)).toEqual([null, 500, 204]);
    expect(delivery.attempts[0].error).toBe('ECONNREFUSED');
    await moduleRef.close();
  });

  it('gives up after the retries, and a reset empties the log', async () => {
    const fetch = jest.fn().mockResolvedValue(new Response('', { status: 503 }));
    const { engine, moduleRef, dispatcher } = await dispatcherWith(fetch);
    await engine.createForControl({
      token: OWNER,
      name: 'Down',
      phone: '+14155550189',
      status: 'WORKING',
      webhookUrl: 'https://example.org/down',
    });
    const id = (
      (await engine.listAll()).find((instance) => instance.name === 'Down') as { id: string }
    ).id;
    await engine.unlink(id);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect((await dispatcher.log())[0]).toMatchObject({ state: 'failed', status: 'FAILED' });
    dispatcher.cancelPending();
    expect(await dispatcher.log()).toEqual([]);
    await moduleRef.close();
  });

  it('sends nothing for an instance without a webhook_url', async () => {
    const fetch = jest.fn();
    const { engine, moduleRef } = await dispatcherWith(fetch);
    await engine.requestNewQrCode(OWNER, ID);
    expect(fetch).not.toHaveBeenCalled();
    await moduleRef.close();
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'https://user:pw@example.org/a?key=1&b=2',
      'https://redacted@example.org/a?key=redacted&b=redacted',
    ],
    ['http://127.0.0.1:3000/hooks', 'http://127.0.0.1:3000/hooks'],
    ['not a url', '[unparsable URL]'],
  ])('%s -> %s', (raw, redacted) => {
    expect(redactUrl(raw)).toBe(redacted);
  });
});
