import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSeed, SeedError, type Seed } from '@hypersender/mock-engine';
import {
  DEFAULT_CONFIG,
  DEFAULT_RATE_LIMITS,
  parseFaultRule,
  type MockConfig,
} from '@hypersender/mock-http';
import { camelCase, LIMIT_FLAGS, OPTIONS, type OptionName } from './mock-flags';

export { camelCase, helpText, OPTIONS, type OptionName } from './mock-flags';

/** A flag, variable, option or seed file that cannot be used; the message names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A value as read from a flag, a variable or an option, and how to name it in a message. */
type Read = (name: OptionName) => string | boolean | undefined;
type Label = (name: OptionName) => string;

function number(
  label: string,
  raw: string,
  { min, max, integer }: { min: number; max: number; integer: boolean },
): number {
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigError(
      `${label} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

function readSeed(label: string, path: string, options: { webhooksHttpsOnly: boolean }): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${label} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${label} ${path}: not JSON (${(error as Error).message})`);
  }
  return checkedSeed(json, path, options);
}

/** A faults file: a JSON array of rules, each checked when the mock adds it. */
function readFaults(label: string, path: string): unknown[] {
  let rules: unknown;
  try {
    rules = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`${label} ${path}: cannot read it as JSON (${reason})`);
  }
  if (!Array.isArray(rules))
    throw new ConfigError(`${label} ${path}: must be a JSON array of rules`);
  rules.forEach((rule, index) => {
    const parsed = parseFaultRule(rule);
    if (!parsed.ok)
      throw new ConfigError(
        `${label} ${path}: rule ${index}: ${Object.entries(parsed.errors)
          .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
          .join('; ')}`,
      );
  });
  return rules;
}

function checkedSeed(json: unknown, source: string, options: { webhooksHttpsOnly: boolean }): Seed {
  try {
    return parseSeed(json, source, options);
  } catch (error) {
    if (error instanceof SeedError) throw new ConfigError(error.message);
    throw error;
  }
}

/** A day: the longest time any setting may span, so that no sum of times overflows a date. */
const MAX_SECONDS = 86_400;

/** The configuration from values read one by one; throws a ConfigError naming the first bad one. */
function buildConfig(
  read: Read,
  label: Label,
  defaults: MockConfig,
  seedObject?: unknown,
): MockConfig {
  const text = (name: OptionName) => {
    const value = read(name);
    return value === undefined ? undefined : String(value);
  };
  const config: MockConfig = {
    ...defaults,
    rateLimits: defaults.rateLimits ? { ...defaults.rateLimits } : null,
  };
  const host = text('host');
  if (host !== undefined) {
    if (host.trim() === '') throw new ConfigError(`${label('host')} must not be empty`);
    config.host = host;
  }
  const port = text('port');
  if (port !== undefined)
    config.port = number(label('port'), port, { min: 0, max: 65535, integer: true });
  if (read('webhooks-https-only') !== undefined)
    config.webhooksHttpsOnly = read('webhooks-https-only') === true;
  const seedOptions = { webhooksHttpsOnly: config.webhooksHttpsOnly };
  if (seedObject !== undefined) {
    config.seed = checkedSeed(seedObject, label('seed'), seedOptions);
    config.seedSource = label('seed');
  } else {
    const seed = text('seed');
    if (seed !== undefined) {
      config.seed = readSeed(label('seed'), seed, seedOptions);
      config.seedSource = seed;
    }
  }
  const clock = text('clock');
  if (clock !== undefined) {
    if (clock !== 'real' && clock !== 'manual')
      throw new ConfigError(`${label('clock')} must be real or manual, got "${clock}"`);
    config.clock = clock;
  }
  const milliseconds = (name: OptionName, min: number) => {
    const raw = text(name);
    return raw === undefined
      ? undefined
      : Math.round(number(label(name), raw, { min, max: MAX_SECONDS, integer: false }) * 1000);
  };
  config.qrTtlMs = milliseconds('qr-ttl', 1) ?? config.qrTtlMs;
  config.assignDelayMs = milliseconds('assign-delay', 0) ?? config.assignDelayMs;
  config.startDelayMs = milliseconds('start-delay', 0) ?? config.startDelayMs;
  config.rateLimitWindowMs = milliseconds('rate-limit-window', 1) ?? config.rateLimitWindowMs;
  config.webhookRetryDelayMs = milliseconds('webhook-retry-delay', 0) ?? config.webhookRetryDelayMs;
  config.requestTimeoutMs = milliseconds('request-timeout', 0.1) ?? config.requestTimeoutMs;
  const latency = text('latency');
  if (latency !== undefined) {
    const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(latency) ?? /^\s*(\d+)\s*$/.exec(latency);
    const min = Number(match?.[1]);
    const max = Number(match?.[2] ?? match?.[1]);
    if (!match || min > max || max > 600_000)
      throw new ConfigError(
        `${label('latency')} must be MIN-MAX milliseconds (0 to 600000, MIN <= MAX), got "${latency}"`,
      );
    config.latency = { min, max };
  }
  const seed = text('random-seed');
  if (seed !== undefined)
    config.randomSeed = number(label('random-seed'), seed, {
      min: 0,
      max: 4_294_967_295,
      integer: true,
    });
  const faults = text('faults');
  if (faults !== undefined) config.faults = readFaults(label('faults'), faults);
  const retries = text('webhook-retries');
  if (retries !== undefined)
    config.webhookRetries = number(label('webhook-retries'), retries, {
      min: 0,
      max: 10,
      integer: true,
    });
  const policy = text('working-qr');
  if (policy !== undefined) {
    if (policy !== 'relink' && policy !== 'refuse')
      throw new ConfigError(`${label('working-qr')} must be relink or refuse, got "${policy}"`);
    config.workingQrPolicy = policy;
  }
  for (const [flag, operation] of Object.entries(LIMIT_FLAGS)) {
    const raw = text(flag as OptionName);
    if (raw !== undefined && config.rateLimits)
      config.rateLimits[operation] = number(label(flag as OptionName), raw, {
        min: 1,
        max: 1_000_000,
        integer: true,
      });
  }
  const store = text('store');
  if (store !== undefined) {
    if (store !== 'memory' && !/^rediss?:\/\/[^/\s]/.test(store))
      throw new ConfigError(
        `${label('store')} must be memory or redis://host:port[/db], got "${store}"`,
      );
    config.store = store;
  }
  const workers = text('workers');
  if (workers !== undefined)
    config.workers = number(label('workers'), workers, { min: 1, max: 64, integer: true });
  if (config.workers > 1 && config.store === 'memory')
    throw new ConfigError(
      `${label('workers')} ${config.workers} needs a shared store (--store redis://host:port): the memory store lives in one process, so each worker would be a separate mock`,
    );
  const controlToken = text('control-token');
  if (controlToken !== undefined) {
    if (!/^\S{8,}$/.test(controlToken))
      throw new ConfigError(
        `${label('control-token')} must be 8 or more characters without spaces`,
      );
    config.controlToken = controlToken;
  }
  if (read('no-rate-limits') === true) config.rateLimits = null;
  if (read('log-requests') !== undefined) config.logRequests = read('log-requests') === true;
  return config;
}

/** The defaults of the command line: what `npm start` and the bin run. */
export const CLI_DEFAULTS: MockConfig = {
  ...DEFAULT_CONFIG,
  rateLimits: { ...DEFAULT_RATE_LIMITS },
};

/**
 * The configuration from command-line flags and environment variables (flags win).
 * Returns `'help'` for --help; throws a ConfigError naming the first bad option.
 */
export function parseMockConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): MockConfig | 'help' {
  let values: Partial<Record<OptionName | 'help', string | boolean>>;
  try {
    const options = Object.fromEntries([
      ...Object.entries(OPTIONS).map(([name, option]) => [name, { type: option.type }]),
      ['help', { type: 'boolean' }],
    ]);
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false })
      .values as typeof values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nRun with --help to see the options.`);
  }
  if (values.help) return 'help';
  const read: Read = (name) => {
    if (values[name] !== undefined) return values[name];
    const variable = OPTIONS[name].env;
    const raw = env[variable];
    if (raw === undefined || raw === '') return undefined;
    if (OPTIONS[name].type === 'boolean') {
      if (!['1', 'true', '0', 'false'].includes(raw))
        throw new ConfigError(`${variable} must be true or false, got "${raw}"`);
      return raw === '1' || raw === 'true';
    }
    return raw;
  };
  const label: Label = (name) => (values[name] !== undefined ? `--${name}` : OPTIONS[name].env);
  return buildConfig(read, label, CLI_DEFAULTS);
}

/** The defaults of `startHypersenderMock()`: a free port and a manual clock, for tests. */
export const TEST_DEFAULTS: MockConfig = { ...CLI_DEFAULTS, port: 0, clock: 'manual' };

const OPTION_OF_FLAG = new Map(
  Object.keys(OPTIONS).map((flag) => [camelCase(flag), flag as OptionName]),
);

/**
 * The configuration from `startHypersenderMock()`'s options: the flags' settings in
 * camelCase, `seed` as an object or a file path. An unknown option or a value of the
 * wrong kind throws a ConfigError naming it.
 */
export function mockConfigFromOptions(options: Record<string, unknown> = {}): MockConfig {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new ConfigError('the options must be an object');
  const unknown = Object.keys(options).filter((name) => !OPTION_OF_FLAG.has(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; known: ${[...OPTION_OF_FLAG.keys()].join(', ')}`,
    );
  }
  const label: Label = (flag) => `option ${camelCase(flag)}`;
  const read: Read = (flag) => {
    const value = options[camelCase(flag)];
    if (value === undefined) return undefined;
    const kind = OPTIONS[flag].type;
    if (
      kind === 'boolean' ? typeof value !== 'boolean' : !['string', 'number'].includes(typeof value)
    )
      throw new ConfigError(
        `${label(flag)} must be ${kind === 'boolean' ? 'true or false' : 'a string or a number'}, got ${JSON.stringify(value)}`,
      );
    return value as string | boolean;
  };
  const seed = options['seed'];
  const seedObject = typeof seed === 'object' && seed !== null ? seed : undefined;
  return buildConfig(
    (flag) => (flag === 'seed' && seedObject !== undefined ? undefined : read(flag)),
    label,
    TEST_DEFAULTS,
    seedObject,
  );
}
