import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecValidator } from '@hypersender/spec-validation';
import {
  ConfigError,
  DEFAULT_CONFIG,
  DEFAULT_RATE_LIMITS,
  helpText,
  parseMockConfig,
} from './mock-config';
import { startupBanner } from './startup-banner';

const dir = mkdtempSync(join(tmpdir(), 'mock-config-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parseMockConfig', () => {
  it('defaults to loopback, port 4000, the built-in seed, the real clock and the documented limits', () => {
    expect(parseMockConfig([], {})).toEqual(DEFAULT_CONFIG);
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
    [['--port', 'abc'], {}, /--port must be an integer >= 0, got "abc"/],
    [['--port', '70000'], {}, /--port must be at most 65535/],
    [['--clock', 'fast'], {}, /--clock must be real or manual/],
    [['--qr-ttl', '0'], {}, /--qr-ttl must be a number >= 1/],
    [['--qr-limit', '1.5'], {}, /--qr-limit must be an integer >= 1/],
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
