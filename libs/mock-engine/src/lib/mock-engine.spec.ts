import { ManualClock } from './clock';
import { DomainError } from './domain-error';
import { InMemoryInstanceStore, type InstanceRecord } from './instance-store';
import { MockEngine } from './mock-engine';
import type { StatusChangeEvent } from './status-events';
import { isSanctumToken, SANCTUM_TOKEN_PATTERN } from './sanctum-token';
import { DEFAULT_SEED, parseSeed } from './seed';

const OWNER = DEFAULT_SEED.instances[0].token;
const ID = DEFAULT_SEED.instances[0].id;
const OTHER = DEFAULT_SEED.tokens[0];

async function engine() {
  const clock = new ManualClock();
  const events: StatusChangeEvent[] = [];
  const mock = new MockEngine({ clock, settings: { assignDelayMs: 1_000, startDelayMs: 1_000 } });
  mock.onStatusChange((event) => events.push(event));
  await mock.initialize();
  return { clock, mock, events };
}

/** What a test looks at in an engine's answer: the record's fields, flat (or the refusal's code). */
function seen(outcome: InstanceRecord | DomainError) {
  if (outcome instanceof DomainError) return { code: outcome.code };
  return {
    id: outcome.id,
    status: outcome.state.status,
    connectedAt: outcome.state.connectedAt,
    accessToken: outcome.accessToken,
    qrText: outcome.state.qr?.text ?? null,
  };
}

function codeOf(value: unknown): string | undefined {
  return value instanceof DomainError ? value.code : undefined;
}

describe('MockEngine', () => {
  it('knows the seeded tokens and instance', async () => {
    const { mock } = await engine();
    expect(await mock.authenticate(OWNER)).toBe(true);
    expect(await mock.authenticate(OTHER)).toBe(true);
    expect(await mock.authenticate('3|nobody')).toBe(false);
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({
      id: ID,
      connectedAt: null,
      status: 'STOPPED',
    });
  });

  it.each([
    ['an unknown id', OWNER, '00000000-0000-4000-8000-000000000000'],
    ['a malformed id', OWNER, 'not-a-uuid'],
    ["another token's instance", OTHER, ID],
  ])('answers INSTANCE_NOT_FOUND for %s', async (_label, token, id) => {
    const { mock } = await engine();
    expect(codeOf(await mock.requestNewQrCode(token, id))).toBe('INSTANCE_NOT_FOUND');
    expect(codeOf(await mock.health(token, id))).toBe('INSTANCE_NOT_FOUND');
    expect(codeOf(await mock.restart(token, id))).toBe('INSTANCE_NOT_FOUND');
  });

  it('issues a new QR each time and a scan of the current one links the instance', async () => {
    const { mock, clock } = await engine();
    const first = await mock.requestNewQrCode(OWNER, ID);
    const second = await mock.requestNewQrCode(OWNER, ID);
    const firstQr = seen(first).qrText;
    expect(seen(second)).toMatchObject({ status: 'SCAN_QR_CODE' });
    expect(seen(second).qrText).not.toBe(firstQr);
    const qrText = seen(await mock.inspect(ID)).qrText as string;
    clock.advance(5_000);
    const linkedAt = Date.UTC(2025, 4, 26, 10, 12, 50);
    expect(seen(await mock.scan(qrText))).toMatchObject({
      status: 'WORKING',
      connectedAt: linkedAt,
    });
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({
      status: 'WORKING',
      connectedAt: linkedAt,
    });
    const listed = (await mock.list(OWNER, {})) as InstanceRecord[];
    expect(listed).toHaveLength(1);
    expect(listed[0].accessToken).toMatch(SANCTUM_TOKEN_PATTERN);
  });

  it('refuses a replaced QR and an expired one as stale', async () => {
    const { mock, clock } = await engine();
    await mock.requestNewQrCode(OWNER, ID);
    const old = seen(await mock.inspect(ID)).qrText as string;
    await mock.requestNewQrCode(OWNER, ID);
    expect(codeOf(await mock.scan(old))).toBe('QR_STALE');
    const current = seen(await mock.inspect(ID)).qrText as string;
    clock.advance(60_000);
    expect(codeOf(await mock.scan(current))).toBe('QR_STALE');
    expect(seen(await mock.inspect(ID))).toMatchObject({ status: 'SCAN_QR_CODE' });
    expect(seen(await mock.inspect(ID)).qrText as string).not.toBe(current);
  });

  it('creates instances PENDING that start on their own, with webhook events', async () => {
    const { mock, clock, events } = await engine();
    const created = await mock.createInstance(OWNER, {
      name: 'Sales',
      phone: '+14155550188',
      webhook_url: 'https://example.org/h',
    });
    expect(seen(created)).toMatchObject({ status: 'PENDING', qrText: null, accessToken: null });
    const id = (created as InstanceRecord).id;
    clock.advance(2_500);
    await mock.settleWebhookInstances();
    expect(events.filter((event) => event.instanceId === id).map((event) => event.status)).toEqual([
      'STARTING',
      'SCAN_QR_CODE',
    ]);
    expect(events[0].webhookUrl).toBe('https://example.org/h');
  });

  it.each([
    [{}, ['name', 'phone']],
    [{ name: 'x'.repeat(51), phone: '+14155550188' }, ['name']],
    [{ name: 'Support line', phone: '+14155550188' }, ['name']],
    [{ name: 'Ok', phone: '004155550188' }, ['phone']],
    [{ name: 'Ok', phone: '+14155550188', webhook_url: 'http://example.org' }, ['webhook_url']],
    ['not an object', ['name', 'phone']],
  ])('refuses create-instance body %o on %o', async (body, fields) => {
    const { mock } = await engine();
    const result = await mock.createInstance(OWNER, body);
    expect(result).toBeInstanceOf(DomainError);
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(Object.keys((result as DomainError).fields ?? {}).sort()).toEqual([...fields].sort());
  });

  it('filters the list', async () => {
    const { mock } = await engine();
    await mock.createInstance(OWNER, { name: 'Sales desk', phone: '+14155550188' });
    expect(await mock.list(OWNER, { name: 'sales' })).toHaveLength(1);
    expect(await mock.list(OWNER, { status: 'STOPPED' })).toHaveLength(1);
    expect(await mock.list(OWNER, { phone: '+14155550123', uuid: ID })).toHaveLength(1);
    expect(await mock.list(OTHER, {})).toEqual([]);
    expect(await mock.list(OWNER, { status: 'NOPE' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { 'filter.status': expect.any(Array) },
    });
  });

  it('restarts: STARTING, then SCAN_QR_CODE; a forced restart failure answers RESTART_FAILED and changes nothing', async () => {
    const { mock, clock } = await engine();
    await mock.failNext(ID, 'restart');
    expect(codeOf(await mock.restart(OWNER, ID))).toBe('RESTART_FAILED');
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({ status: 'STOPPED' });
    expect(seen(await mock.restart(OWNER, ID))).toMatchObject({ status: 'STARTING' });
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({ status: 'STARTING' });
    clock.advance(1_000);
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({ status: 'SCAN_QR_CODE' });
  });

  it('a failing start ends FAILED; unlinking a WORKING device ends FAILED', async () => {
    const { mock, clock } = await engine();
    await mock.failNext(ID, 'start');
    await mock.restart(OWNER, ID);
    clock.advance(1_000);
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({ status: 'FAILED' });
    await mock.requestNewQrCode(OWNER, ID);
    await mock.scanCurrent(ID);
    expect(seen(await mock.unlink(ID))).toMatchObject({ status: 'FAILED', connectedAt: null });
    expect(codeOf(await mock.unlink(ID))).toBe('NOT_LINKED');
  });

  it('reset brings back the seed', async () => {
    const { mock } = await engine();
    await mock.createInstance(OWNER, { name: 'Sales', phone: '+14155550188' });
    await mock.requestNewQrCode(OWNER, ID);
    await mock.reset();
    expect(await mock.instanceCount()).toBe(1);
    expect(seen(await mock.health(OWNER, ID))).toMatchObject({ status: 'STOPPED' });
  });
});

describe('parseSeed', () => {
  it("has Sanctum-format tokens in the default seed, as the real service's are", async () => {
    for (const token of [...DEFAULT_SEED.tokens, ...DEFAULT_SEED.instances.map((i) => i.token)])
      expect(isSanctumToken(token)).toBe(true);
  });

  it('accepts the default seed', async () => {
    const file = {
      tokens: DEFAULT_SEED.tokens,
      instances: DEFAULT_SEED.instances.map(({ webhookUrl, webhookSecret, ...rest }) => ({
        ...rest,
        webhook_url: webhookUrl,
        webhook_secret: webhookSecret,
      })),
    };
    expect(parseSeed(file, 'default')).toEqual(DEFAULT_SEED);
  });

  it('names every fault by its place in the file', async () => {
    const bad = {
      instances: [{ id: 'x', token: '', name: '', phone: '123', status: 'WAT' }, 'nope'],
    };
    expect(() => parseSeed(bad, 'seed.json')).toThrow(
      expect.objectContaining({
        name: 'SeedError',
        problems: [
          'instances[0].id: must be a UUID',
          'instances[0].token: must be a non-empty string without spaces',
          'instances[0].name: The name field is required.',
          'instances[0].phone: The phone field must be a valid E.164 number.',
          'instances[0].status: must be one of STOPPED, PENDING, WORKING, FAILED',
          'instances[1]: must be an object',
        ],
      }),
    );
  });

  it('shows the first 100 problems of a large broken seed, and how many more', async () => {
    const bad = { instances: Array.from({ length: 1000 }, () => 'nope') };
    expect(() => parseSeed(bad, 'big.json')).toThrow(
      /instances\[99\]: must be an object\n {2}\.\.\. and 900 more$/,
    );
  });

  it.each([
    [{ webhook_url: 'https://' }, /webhook_url: The webhook url field must be a valid https URL/],
    [{ token: 'has space' }, /token: must be a non-empty string without spaces/],
    [{ webhook_url: 'http://example.org/hook' }, /webhook_url/],
  ])('refuses an instance with %j', async (fields, message) => {
    const instance = {
      id: '0b6c1d7e-8f9a-4b2c-9d3e-4f5a6b7c8d9e',
      token: '7|t',
      name: 'A',
      phone: '+14155550100',
    };
    expect(() => parseSeed({ instances: [{ ...instance, ...fields }] }, 's.json')).toThrow(message);
  });

  it('takes an http webhook on a loopback host, unless https-only', async () => {
    const instance = {
      id: '0b6c1d7e-8f9a-4b2c-9d3e-4f5a6b7c8d9e',
      token: '7|t',
      name: 'A',
      phone: '+14155550100',
      webhook_url: 'http://127.0.0.1:3000/hooks',
      webhook_secret: 'shh',
    };
    expect(parseSeed({ instances: [instance] }, 's.json').instances[0]).toMatchObject({
      webhookUrl: 'http://127.0.0.1:3000/hooks',
      webhookSecret: 'shh',
    });
    expect(() =>
      parseSeed({ instances: [instance] }, 's.json', { webhooksHttpsOnly: true }),
    ).toThrow(/webhook_url: The webhook url field must be a valid https URL/);
  });

  it('two engines on one store: of two concurrent scans of one QR, one links, and only it announces', async () => {
    const clock = new ManualClock();
    const store = new InMemoryInstanceStore();
    const [a, b] = [new MockEngine({ clock, store }), new MockEngine({ clock, store })];
    await Promise.all([a.initialize(), b.initialize()]);
    expect(await a.instanceCount()).toBe(1);
    const heard: string[] = [];
    a.onStatusChange((event) => heard.push(`a:${event.status}`));
    b.onStatusChange((event) => heard.push(`b:${event.status}`));
    const issued = await a.requestNewQrCode(OWNER, ID);
    const qrText = seen(issued).qrText as string;
    const outcomes = await Promise.all([a.scan(qrText), b.scan(qrText)]);
    expect(outcomes.filter((outcome) => !(outcome instanceof DomainError))).toHaveLength(1);
    expect(heard.filter((entry) => entry.endsWith(':WORKING'))).toHaveLength(1);
    expect(seen(await b.health(OWNER, ID))).toMatchObject({ status: 'WORKING' });
  });
});
