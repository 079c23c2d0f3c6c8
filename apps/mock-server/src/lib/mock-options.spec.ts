import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecValidator } from '@hypersender/spec-validation';
import { DEFAULT_CONFIG, DEFAULT_RATE_LIMITS } from '@hypersender/mock-http';
import { ConfigError, helpText, mockConfigFromOptions, parseMockConfig } from './mock-options';
import { startupBanner } from './startup-banner';

const dir = mkdtempSync(join(tmpdir(), 'mock-config-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parseMockConfig', () => {
  it('defaults to loopback, port 4000, the built-in seed, the real clock and the documented limits', () => {
    expect(parseMockConfig([], {})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      seed: expect.objectContaining({
        instances: [expect.objectContaining({ id: '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10' })],
      }),
      seedSource: 'built-in seed',
      clock: 'real',
      qrTtlMs: 60_000,
      assignDelayMs: 2_000,
      startDelayMs: 2_000,
      workingQrPolicy: 'relink',
      rateLimits: {
        requestNewQrCode: 1,
        getInstanceHealth: 10,
        createInstance: 5,
        listInstances: 60,
        restartInstance: 5,
      },
      rateLimitWindowMs: 60_000,
      logRequests: false,
      webhooksHttpsOnly: false,
      webhookRetries: 3,
      webhookRetryDelayMs: 1_000,
      requestTimeoutMs: 10_000,
      faults: [],
      latency: null,
      randomSeed: null,
      store: 'memory',
      workers: 1,
      controlToken: null,
    });
  });

  it('takes a Redis store and workers, and refuses workers without a shared store', () => {
    expect(
      parseMockConfig(['--store', 'redis://127.0.0.1:6379/2', '--workers', '2'], {}),
    ).toMatchObject({ store: 'redis://127.0.0.1:6379/2', workers: 2 });
    expect(parseMockConfig([], { MOCK_STORE: 'rediss://cache:6380' })).toMatchObject({
      store: 'rediss://cache:6380',
    });
    expect(() => parseMockConfig(['--workers', '2'], {})).toThrow(
      '--workers 2 needs a shared store (--store redis://host:port): the memory store lives in one process',
    );
    expect(() => parseMockConfig(['--store', 'postgres://db'], {})).toThrow(
      '--store must be memory or redis://host:port[/db], got "postgres://db"',
    );
    expect(() => parseMockConfig(['--workers', '0'], {})).toThrow(/--workers/);
  });

  it('reads faults, latency and the random seed', () => {
    const faults = file('faults.json', JSON.stringify([{ status: 503, times: 1 }]));
    expect(
      parseMockConfig(['--faults', faults, '--latency', '20-120', '--random-seed', '7'], {}),
    ).toMatchObject({
      faults: [{ status: 503, times: 1 }],
      latency: { min: 20, max: 120 },
      randomSeed: 7,
    });
    expect(() => parseMockConfig(['--latency', '120-20'], {})).toThrow(/--latency must be MIN-MAX/);
    const bad = file('bad-faults.json', JSON.stringify([{ status: 503, colour: 'red' }]));
    expect(() => parseMockConfig(['--faults', bad], {})).toThrow(
      /rule 0: colour: The colour field is not a field of a rule/,
    );
  });

  it('reads the webhook settings', () => {
    expect(
      parseMockConfig(['--webhooks-https-only', '--webhook-retries', '0'], {
        MOCK_WEBHOOK_RETRY_DELAY: '0.25',
      }),
    ).toMatchObject({ webhooksHttpsOnly: true, webhookRetries: 0, webhookRetryDelayMs: 250 });
  });

  it('reads flags, and environment variables where no flag is given', () => {
    const config = parseMockConfig(
      ['--port', '0', '--clock', 'manual', '--qr-ttl', '30', '--qr-limit=3'],
      {
        MOCK_HOST: '0.0.0.0',
        MOCK_PORT: '9999',
        MOCK_START_DELAY: '0.5',
        MOCK_WORKING_QR: 'refuse',
        MOCK_RATE_LIMIT_WINDOW: '10',
      },
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      clock: 'manual',
      qrTtlMs: 30_000,
      startDelayMs: 500,
      workingQrPolicy: 'refuse',
      rateLimitWindowMs: 10_000,
      rateLimits: expect.objectContaining({ requestNewQrCode: 3, getInstanceHealth: 10 }),
    });
  });

  it('lifts every limit with --no-rate-limits', () => {
    expect(parseMockConfig(['--no-rate-limits'], {})).toMatchObject({ rateLimits: null });
    expect(parseMockConfig([], { MOCK_NO_RATE_LIMITS: 'true' })).toMatchObject({
      rateLimits: null,
    });
  });

  it('reads a seed file', () => {
    const seed = file(
      'seed.json',
      JSON.stringify({
        tokens: ['7|t'],
        instances: [
          {
            id: '0b6c1d7e-8f9a-4b2c-9d3e-4f5a6b7c8d9e',
            token: '7|t',
            name: 'A',
            phone: '+14155550100',
          },
        ],
      }),
    );
    const config = parseMockConfig(['--seed', seed], {});
    expect(config).toMatchObject({
      seedSource: seed,
      seed: {
        tokens: ['7|t'],
        instances: [expect.objectContaining({ name: 'A', status: 'STOPPED' })],
      },
    });
  });

  it('returns help for --help, and the help names every option', () => {
    expect(parseMockConfig(['--help'], {})).toBe('help');
    expect(helpText()).toMatch(/--clock <value>.*MOCK_CLOCK/);
    expect(helpText()).toMatch(/--no-rate-limits/);
  });

  it.each([
    [['--port', 'abc'], {}, /--port must be an integer from 0 to 65535, got "abc"/],
    [['--port', '70000'], {}, /--port must be an integer from 0 to 65535, got "70000"/],
    [[], { MOCK_PORT: '-1' }, /MOCK_PORT must be an integer from 0 to 65535/],
    [['--clock', 'fast'], {}, /--clock must be real or manual/],
    [['--qr-ttl', '0'], {}, /--qr-ttl must be a number from 1 to 86400/],
    [['--qr-ttl', '1e13'], {}, /--qr-ttl must be a number from 1 to 86400/],
    [['--rate-limit-window', '1e308'], {}, /--rate-limit-window must be a number from 1 to 86400/],
    [['--qr-limit', '1.5'], {}, /--qr-limit must be an integer from 1 to 1000000/],
    [['--webhook-retries', '11'], {}, /--webhook-retries must be an integer from 0 to 10/],
    [['--working-qr', 'maybe'], {}, /--working-qr must be relink or refuse/],
    [['--bogus'], {}, /Unknown option '--bogus'[\s\S]*--help/],
    [[], { MOCK_NO_RATE_LIMITS: 'yes' }, /MOCK_NO_RATE_LIMITS must be true or false/],
    [
      ['--seed', '/nonexistent/seed.json'],
      {},
      /--seed \/nonexistent\/seed.json: cannot read it \(ENOENT\)/,
    ],
  ])('stops on %j %j with a message naming the option', (argv, env, message) => {
    expect(() => parseMockConfig(argv, env)).toThrow(ConfigError);
    expect(() => parseMockConfig(argv, env)).toThrow(message);
  });

  it('names what is wrong in a seed file', () => {
    expect(() => parseMockConfig(['--seed', file('broken.json', '{"instances": [')], {})).toThrow(
      /not JSON/,
    );
    expect(() =>
      parseMockConfig(['--seed', file('bad.json', '{"instances": [{"id": "x"}]}')], {}),
    ).toThrow(/instances\[0\]\.id: must be a UUID/);
  });
});

describe('mockConfigFromOptions (startHypersenderMock)', () => {
  it('defaults to a free port and a manual clock, with the documented limits', () => {
    expect(mockConfigFromOptions()).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      clock: 'manual',
      qrTtlMs: 60_000,
      rateLimits: { requestNewQrCode: 1, getInstanceHealth: 10 },
    });
  });

  it("takes the flags' settings in camelCase, and a seed object", () => {
    const config = mockConfigFromOptions({
      qrTtl: 30,
      qrLimit: 2,
      workingQr: 'refuse',
      clock: 'real',
      seed: {
        tokens: ['9|t'],
        instances: [
          {
            id: '0b6c1d7e-8f9a-4b2c-9d3e-4f5a6b7c8d9e',
            token: '9|t',
            name: 'B',
            phone: '+14155550101',
          },
        ],
      },
    });
    expect(config).toMatchObject({
      qrTtlMs: 30_000,
      clock: 'real',
      workingQrPolicy: 'refuse',
      rateLimits: expect.objectContaining({ requestNewQrCode: 2 }),
      seed: { tokens: ['9|t'], instances: [expect.objectContaining({ name: 'B' })] },
    });
    expect(mockConfigFromOptions({ noRateLimits: true }).rateLimits).toBeNull();
  });

  it.each([
    [{ prot: 4000 }, /unknown option "prot"; known: host, port, seed/],
    [{ port: 4000, qrttl: 1, x: 2 }, /unknown options "qrttl", "x"/],
    [{ port: -1 }, /option port must be an integer from 0 to 65535, got "-1"/],
    [{ clock: 'fast' }, /option clock must be real or manual/],
    [{ noRateLimits: 'yes' }, /option noRateLimits must be true or false, got "yes"/],
    [{ seed: { instances: [{ id: 'x' }] } }, /instances\[0\]\.id: must be a UUID/],
    [{ seed: '/nonexistent/seed.json' }, /option seed \/nonexistent\/seed.json: cannot read it/],
  ])('refuses %j with a message naming the option', (options, message) => {
    expect(() => mockConfigFromOptions(options)).toThrow(message);
  });
});

describe('startupBanner', () => {
  it('prints the seeded instance, its token and a curl line for the listening address', () => {
    const banner = startupBanner(DEFAULT_CONFIG, 'http://127.0.0.1:4321');
    const { id, token } = DEFAULT_CONFIG.seed.instances[0];
    expect(banner).toContain(`instance     ${id}`);
    expect(banner).toContain(`token        ${token}`);
    expect(banner).toContain(
      `curl -s -X POST -H 'Authorization: Bearer ${token}' -H 'Accept: application/json' http://127.0.0.1:4321/api/whatsapp/v2/${id}/request-new-qr-code`,
    );
  });
});

describe('the default rate limits', () => {
  it("are the spec's x-rate-limit of each operation, and its window", () => {
    const doc = SpecValidator.fromFile().doc as {
      paths: Record<
        string,
        Record<
          string,
          { operationId?: string; 'x-rate-limit'?: { limit: number; 'window-seconds': number } }
        >
      >;
    };
    const fromSpec: Record<string, number> = {};
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        const limit = operation['x-rate-limit'];
        if (operation.operationId && limit) {
          fromSpec[operation.operationId] = limit.limit;
          expect(limit['window-seconds'] * 1000).toBe(DEFAULT_CONFIG.rateLimitWindowMs);
        }
      }
    }
    expect(fromSpec).toEqual(DEFAULT_RATE_LIMITS);
  });
});
