import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_SEED,
  parseSeed,
  SeedError,
  type Seed,
  type WorkingQrPolicy,
} from '@hypersender/mock-engine';

/** The operations that have a rate limit, by the spec's operationId. */
export const LIMITED_OPERATIONS = [
  'requestNewQrCode',
  'getInstanceHealth',
  'createInstance',
  'listInstances',
  'restartInstance',
] as const;
export type LimitedOperation = (typeof LIMITED_OPERATIONS)[number];

/** What the throttling module needs of the configuration. */
export interface RateLimitSettings {
  rateLimits: Record<LimitedOperation, number> | null;
  rateLimitWindowMs: number;
}

export interface MockConfig {
  host: string;
  port: number;
  seed: Seed;
  seedSource: string;
  clock: 'real' | 'manual';
  qrTtlMs: number;
  assignDelayMs: number;
  startDelayMs: number;
  workingQrPolicy: WorkingQrPolicy;
  /** Requests per window for each limited operation; null lifts every limit. */
  rateLimits: Record<LimitedOperation, number> | null;
  rateLimitWindowMs: number;
  /** Log each request (never the token). */
  logRequests: boolean;
}

/** The documented limits (DESIGN.md section 1); the list's is our choice. */
export const DEFAULT_RATE_LIMITS: Record<LimitedOperation, number> = {
  requestNewQrCode: 1,
  getInstanceHealth: 10,
  createInstance: 5,
  listInstances: 60,
  restartInstance: 5,
};

export const DEFAULT_PORT = 4000;

export const DEFAULT_CONFIG: MockConfig = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  seed: DEFAULT_SEED,
  seedSource: 'built-in seed',
  clock: 'real',
  qrTtlMs: 60_000,
  assignDelayMs: 2_000,
  startDelayMs: 2_000,
  workingQrPolicy: 'relink',
  rateLimits: DEFAULT_RATE_LIMITS,
  rateLimitWindowMs: 60_000,
  logRequests: false,
};

/** A flag, variable or seed file that cannot be used; the message names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Each option: its flag, its environment variable, and what it is. */
export const OPTIONS = {
  host: {
    env: 'MOCK_HOST',
    type: 'string',
    help: 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)',
  },
  port: {
    env: 'MOCK_PORT',
    type: 'string',
    help: `port (default ${DEFAULT_PORT}; 0 picks a free one)`,
  },
  seed: {
    env: 'MOCK_SEED',
    type: 'string',
    help: 'JSON seed file of tokens and instances (default: the built-in seed)',
  },
  clock: {
    env: 'MOCK_CLOCK',
    type: 'string',
    help: 'real (default) or manual: time moves only through POST /__mock/clock/advance',
  },
  'qr-ttl': { env: 'MOCK_QR_TTL', type: 'string', help: 'seconds a QR stays valid (default 60)' },
  'assign-delay': {
    env: 'MOCK_ASSIGN_DELAY',
    type: 'string',
    help: 'seconds PENDING lasts (default 2)',
  },
  'start-delay': {
    env: 'MOCK_START_DELAY',
    type: 'string',
    help: 'seconds STARTING lasts (default 2)',
  },
  'working-qr': {
    env: 'MOCK_WORKING_QR',
    type: 'string',
    help: 'request-new-qr-code on a WORKING instance: relink (default) or refuse (422)',
  },
  'qr-limit': {
    env: 'MOCK_QR_LIMIT',
    type: 'string',
    help: 'request-new-qr-code requests per window (default 1)',
  },
  'health-limit': {
    env: 'MOCK_HEALTH_LIMIT',
    type: 'string',
    help: 'health requests per window (default 10)',
  },
  'create-limit': {
    env: 'MOCK_CREATE_LIMIT',
    type: 'string',
    help: 'create-instance requests per window (default 5)',
  },
  'list-limit': {
    env: 'MOCK_LIST_LIMIT',
    type: 'string',
    help: 'instances list requests per window (default 60)',
  },
  'restart-limit': {
    env: 'MOCK_RESTART_LIMIT',
    type: 'string',
    help: 'restart requests per window (default 5)',
  },
  'rate-limit-window': {
    env: 'MOCK_RATE_LIMIT_WINDOW',
    type: 'string',
    help: 'seconds of a rate-limit window (default 60)',
  },
  'no-rate-limits': {
    env: 'MOCK_NO_RATE_LIMITS',
    type: 'boolean',
    help: 'lift every rate limit (benchmarks)',
  },
  'log-requests': {
    env: 'MOCK_LOG_REQUESTS',
    type: 'boolean',
    help: 'log each request: method, path, status, time (never the token)',
  },
  help: { env: '', type: 'boolean', help: 'show this help' },
} as const;

type OptionName = keyof typeof OPTIONS;

const LIMIT_FLAGS: Record<string, LimitedOperation> = {
  'qr-limit': 'requestNewQrCode',
  'health-limit': 'getInstanceHealth',
  'create-limit': 'createInstance',
  'list-limit': 'listInstances',
  'restart-limit': 'restartInstance',
};

export function helpText(): string {
  const lines = Object.entries(OPTIONS).map(([name, option]) => {
    const flag = `--${name}${option.type === 'string' ? ' <value>' : ''}`;
    return `  ${flag.padEnd(28)} ${option.help}${option.env ? ` [${option.env}]` : ''}`;
  });
  return [
    'Usage: node dist/apps/mock-server/main.js [options]',
    '',
    'Options (flags win over environment variables):',
    ...lines,
  ].join('\n');
}

function number(
  name: string,
  raw: string,
  { min, integer }: { min: number; integer: boolean },
): number {
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${raw}"`,
    );
  }
  return value;
}

function readSeed(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `--seed ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--seed ${path}: not JSON (${(error as Error).message})`);
  }
  try {
    return parseSeed(json, path);
  } catch (error) {
    if (error instanceof SeedError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * The configuration from command-line flags and environment variables (flags win).
 * Returns `'help'` for --help; throws a ConfigError naming the first bad option.
 */
export function parseMockConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): MockConfig | 'help' {
  let values: Partial<Record<OptionName, string | boolean>>;
  try {
    const options = Object.fromEntries(
      Object.entries(OPTIONS).map(([name, option]) => [name, { type: option.type }]),
    );
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false })
      .values as typeof values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nRun with --help to see the options.`);
  }
  if (values.help) return 'help';

  const get = (name: OptionName): string | boolean | undefined => {
    if (values[name] !== undefined) return values[name];
    const variable = OPTIONS[name].env;
    const raw = variable ? env[variable] : undefined;
    if (raw === undefined || raw === '') return undefined;
    if (OPTIONS[name].type === 'boolean') {
      if (!['1', 'true', '0', 'false'].includes(raw))
        throw new ConfigError(`${variable} must be true or false, got "${raw}"`);
      return raw === '1' || raw === 'true';
    }
    return raw;
  };
  const text = (name: OptionName) => get(name) as string | undefined;
  const config: MockConfig = { ...DEFAULT_CONFIG, rateLimits: { ...DEFAULT_RATE_LIMITS } };

  const host = text('host');
  if (host !== undefined) config.host = host;
  const port = text('port');
  if (port !== undefined) config.port = number('port', port, { min: 0, integer: true });
  if (config.port > 65535) throw new ConfigError(`--port must be at most 65535, got "${port}"`);
  const seed = text('seed');
  if (seed !== undefined) {
    config.seed = readSeed(seed);
    config.seedSource = seed;
  }
  const clock = text('clock');
  if (clock !== undefined) {
    if (clock !== 'real' && clock !== 'manual')
      throw new ConfigError(`--clock must be real or manual, got "${clock}"`);
    config.clock = clock;
  }
  const seconds = (name: OptionName, min: number) => {
    const raw = text(name);
    return raw === undefined
      ? undefined
      : Math.round(number(name, raw, { min, integer: false }) * 1000);
  };
  config.qrTtlMs = seconds('qr-ttl', 1) ?? config.qrTtlMs;
  config.assignDelayMs = seconds('assign-delay', 0) ?? config.assignDelayMs;
  config.startDelayMs = seconds('start-delay', 0) ?? config.startDelayMs;
  config.rateLimitWindowMs = seconds('rate-limit-window', 1) ?? config.rateLimitWindowMs;
  const policy = text('working-qr');
  if (policy !== undefined) {
    if (policy !== 'relink' && policy !== 'refuse')
      throw new ConfigError(`--working-qr must be relink or refuse, got "${policy}"`);
    config.workingQrPolicy = policy;
  }
  for (const [flag, operation] of Object.entries(LIMIT_FLAGS)) {
    const raw = text(flag as OptionName);
    if (raw !== undefined && config.rateLimits)
      config.rateLimits[operation] = number(flag, raw, { min: 1, integer: true });
  }
  if (get('no-rate-limits') === true) config.rateLimits = null;
  config.logRequests = get('log-requests') === true;
  return config;
}
