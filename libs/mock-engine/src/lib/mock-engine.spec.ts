import { ManualClock } from './clock';
import { DomainError } from './domain-error';
import type { InstanceRecord } from './instance-store';
import { MockEngine } from './mock-engine';
import type { StatusChangeEvent } from './status-events';
import { isSanctumToken, SANCTUM_TOKEN_PATTERN } from './sanctum-token';
import { DEFAULT_SEED, parseSeed } from './seed';

const OWNER = DEFAULT_SEED.instances[0].token;
const ID = DEFAULT_SEED.instances[0].id;
const OTHER = DEFAULT_SEED.tokens[0];

function engine() {
  const clock = new ManualClock();
  const events: StatusChangeEvent[] = [];
  const mock = new MockEngine({ clock, settings: { assignDelayMs: 1_000, startDelayMs: 1_000 } });
  mock.onStatusChange((event) => events.push(event));
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
  it('knows the seeded tokens and instance', () => {
    const { mock } = engine();
    expect(mock.authenticate(OWNER)).toBe(true);
    expect(mock.authenticate(OTHER)).toBe(true);
    expect(mock.authenticate('3|nobody')).toBe(false);
    expect(seen(mock.health(OWNER, ID))).toMatchObject({
      id: ID,
      connectedAt: null,
      status: 'STOPPED',
    });
  });

  it.each([
    ['an unknown id', OWNER, '00000000-0000-4000-8000-000000000000'],
    ['a malformed id', OWNER, 'not-a-uuid'],
    ["another token's instance", OTHER, ID],
  ])('answers INSTANCE_NOT_FOUND for %s', (_label, token, id) => {
    const { mock } = engine();
    expect(codeOf(mock.requestNewQrCode(token, id))).toBe('INSTANCE_NOT_FOUND');
    expect(codeOf(mock.health(token, id))).toBe('INSTANCE_NOT_FOUND');
    expect(codeOf(mock.restart(token, id))).toBe('INSTANCE_NOT_FOUND');
  });

  it('issues a new QR each time and a scan of the current one links the instance', () => {
    const { mock, clock } = engine();
    const first = mock.requestNewQrCode(OWNER, ID);
    const second = mock.requestNewQrCode(OWNER, ID);
    const firstQr = seen(first).qrText;
    expect(seen(second)).toMatchObject({ status: 'SCAN_QR_CODE' });
    expect(seen(second).qrText).not.toBe(firstQr);
    const qrText = seen(mock.inspect(ID)).qrText as string;
    clock.advance(5_000);
    const linkedAt = Date.UTC(2025, 4, 26, 10, 12, 50);
    expect(seen(mock.scan(qrText))).toMatchObject({ status: 'WORKING', connectedAt: linkedAt });
    expect(seen(mock.health(OWNER, ID))).toMatchObject({
      status: 'WORKING',
      connectedAt: linkedAt,
    });
    const listed = mock.list(OWNER, {}) as InstanceRecord[];
    expect(listed).toHaveLength(1);
    expect(listed[0].accessToken).toMatch(SANCTUM_TOKEN_PATTERN);
  });

  it('refuses a replaced QR and an expired one as stale', () => {
    const { mock, clock } = engine();
    mock.requestNewQrCode(OWNER, ID);
    const old = seen(mock.inspect(ID)).qrText as string;
    mock.requestNewQrCode(OWNER, ID);
    expect(codeOf(mock.scan(old))).toBe('QR_STALE');
    const current = seen(mock.inspect(ID)).qrText as string;
    clock.advance(60_000);
    expect(codeOf(mock.scan(current))).toBe('QR_STALE');
    expect(seen(mock.inspect(ID))).toMatchObject({ status: 'SCAN_QR_CODE' });
    expect(seen(mock.inspect(ID)).qrText as string).not.toBe(current);
  });

  it('creates instances PENDING that start on their own, with webhook events', () => {
    const { mock, clock, events } = engine();
    const created = mock.createInstance(OWNER, {
      name: 'Sales',
      phone: '+14155550188',
      webhook_url: 'https://example.org/h',
    });
    expect(seen(created)).toMatchObject({ status: 'PENDING', qrText: null, accessToken: null });
    const id = (created as InstanceRecord).id;
    clock.advance(2_500);
    mock.settleWebhookInstances();
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
  ])('refuses create-instance body %o on %o', (body, fields) => {
    const { mock } = engine();
    const result = mock.createInstance(OWNER, body);
    expect(result).toBeInstanceOf(DomainError);
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(Object.keys((result as DomainError).fields ?? {}).sort()).toEqual([...fields].sort());
  });

  it('filters the list', () => {
    const { mock } = engine();
    mock.createInstance(OWNER, { name: 'Sales desk', phone: '+14155550188' });
    expect(mock.list(OWNER, { name: 'sales' })).toHaveLength(1);
    expect(mock.list(OWNER, { status: 'STOPPED' })).toHaveLength(1);
    expect(mock.list(OWNER, { phone: '+14155550123', uuid: ID })).toHaveLength(1);
    expect(mock.list(OTHER, {})).toEqual([]);
    expect(mock.list(OWNER, { status: 'NOPE' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { 'filter.status': expect.any(Array) },
    });
  });

  it('restarts: STARTING, then SCAN_QR_CODE; a forced restart failure answers RESTART_FAILED and changes nothing', () => {
    const { mock, clock } = engine();
    mock.failNext(ID, 'restart');
    expect(codeOf(mock.restart(OWNER, ID))).toBe('RESTART_FAILED');
    expect(seen(mock.health(OWNER, ID))).toMatchObject({ status: 'STOPPED' });
    expect(seen(mock.restart(OWNER, ID))).toMatchObject({ status: 'STARTING' });
    expect(seen(mock.health(OWNER, ID))).toMatchObject({ status: 'STARTING' });
    clock.advance(1_000);
    expect(seen(mock.health(OWNER, ID))).toMatchObject({ status: 'SCAN_QR_CODE' });
  });

  it('a failing start ends FAILED; unlinking a WORKING device ends FAILED', () => {
    const { mock, clock } = engine();
    mock.failNext(ID, 'start');
    mock.restart(OWNER, ID);
    clock.advance(1_000);
    expect(seen(mock.health(OWNER, ID))).toMatchObject({ status: 'FAILED' });
    mock.requestNewQrCode(OWNER, ID);
    mock.scanCurrent(ID);
    expect(seen(mock.unlink(ID))).toMatchObject({ status: 'FAILED', connectedAt: null });
    expect(codeOf(mock.unlink(ID))).toBe('NOT_LINKED');
  });

  it('reset brings back the seed', () => {
    const { mock } = engine();
    mock.createInstance(OWNER, { name: 'Sales', phone: '+14155550188' });
    mock.requestNewQrCode(OWNER, ID);
    mock.reset();
    expect(mock.instanceCount()).toBe(1);
    expect(seen(mock.health(OWNER, ID))).toMatchObject({ status: 'STOPPED' });
  });
});

describe('parseSeed', () => {
  it("has Sanctum-format tokens in the default seed, as the real service's are", () => {
    for (const token of [...DEFAULT_SEED.tokens, ...DEFAULT_SEED.instances.map((i) => i.token)])
      expect(isSanctumToken(token)).toBe(true);
  });

  it('accepts the default seed', () => {
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

  it('names every fault by its place in the file', () => {
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

  it('shows the first 100 problems of a large broken seed, and how many more', () => {
    const bad = { instances: Array.from({ length: 1000 }, () => 'nope') };
    expect(() => parseSeed(bad, 'big.json')).toThrow(
      /instances\[99\]: must be an object\n {2}\.\.\. and 900 more$/,
    );
  });

  it.each([
    [{ webhook_url: 'https://' }, /webhook_url: The webhook url field must be a valid https URL/],
    [{ token: 'has space' }, /token: must be a non-empty string without spaces/],
    [{ webhook_url: 'http://example.org/hook' }, /webhook_url/],
  ])('refuses an instance with %j', (fields, message) => {
    const instance = {
      id: '0b6c1d7e-8f9a-4b2c-9d3e-4f5a6b7c8d9e',
      token: '7|t',
      name: 'A',
      phone: '+14155550100',
    };
    expect(() => parseSeed({ instances: [{ ...instance, ...fields }] }, 's.json')).toThrow(message);
  });

  it('takes an http webhook on a loopback host, unless https-only', () => {
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
});
