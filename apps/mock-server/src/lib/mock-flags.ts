import { DEFAULT_CONFIG, type LimitedOperation } from '@hypersender/mock-http';

/**
 * Every setting of the mock, once: its flag (the key), its environment variable, its
 * kind and its help. `startHypersenderMock()` takes the same settings, named by the
 * flag in camelCase (`--qr-ttl` is `qrTtl`).
 */
export const OPTIONS = {
  host: {
    env: 'MOCK_HOST',
    type: 'string',
    help: 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)',
  },
  port: {
    env: 'MOCK_PORT',
    type: 'string',
    help: `port (default ${DEFAULT_CONFIG.port}; 0 picks a free one)`,
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
  store: {
    env: 'MOCK_STORE',
    type: 'string',
    help: 'memory (default) or redis://host:port[/db]: state shared by processes, kept across restarts',
  },
  workers: {
    env: 'MOCK_WORKERS',
    type: 'string',
    help: 'processes answering on one port (default 1); more than 1 needs --store redis://...',
  },
  'control-token': {
    env: 'MOCK_CONTROL_TOKEN',
    type: 'string',
    help: 'bearer token the control API and dashboard require (default: none on loopback; made up and printed otherwise)',
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
  'request-timeout': {
    env: 'MOCK_REQUEST_TIMEOUT',
    type: 'string',
    help: 'seconds a request may take to arrive whole; a slower client gets 408 (default 10)',
  },
  faults: {
    env: 'MOCK_FAULTS',
    type: 'string',
    help: 'JSON file of fault rules to start with (as POST /__mock/faults takes them)',
  },
  latency: {
    env: 'MOCK_LATENCY',
    type: 'string',
    help: 'MIN-MAX ms every public answer waits (e.g. 20-120; default none)',
  },
  'random-seed': {
    env: 'MOCK_RANDOM_SEED',
    type: 'string',
    help: 'seed of fault probabilities and ranges: the same faults in the same order each run',
  },
  'webhooks-https-only': {
    env: 'MOCK_WEBHOOKS_HTTPS_ONLY',
    type: 'boolean',
    help: 'refuse http:// webhook URLs on loopback hosts too, as the real API does',
  },
  'webhook-retries': {
    env: 'MOCK_WEBHOOK_RETRIES',
    type: 'string',
    help: 'retries of a failed webhook delivery (default 3)',
  },
  'webhook-retry-delay': {
    env: 'MOCK_WEBHOOK_RETRY_DELAY',
    type: 'string',
    help: 'seconds before the first retry; each next one doubles it (default 1)',
  },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** The flags that set a limit, and the operation each limits. */
export const LIMIT_FLAGS: Record<string, LimitedOperation> = {
  'qr-limit': 'requestNewQrCode',
  'health-limit': 'getInstanceHealth',
  'create-limit': 'createInstance',
  'list-limit': 'listInstances',
  'restart-limit': 'restartInstance',
};

/** `qr-ttl` -> `qrTtl`: the name of a flag as a `startHypersenderMock()` option. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function helpText(command = 'hypersender-mock'): string {
  const lines = Object.entries(OPTIONS).map(([name, option]) => {
    const flag = `--${name}${option.type === 'string' ? ' <value>' : ''}`;
    return `  ${flag.padEnd(28)} ${option.help} [${option.env}]`;
  });
  return [
    `Usage: ${command} [options]`,
    '',
    'Options (flags win over environment variables):',
    ...lines,
    `  ${'--help'.padEnd(28)} show this help`,
  ].join('\n');
}
