import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HYPERSENDER_BASE_URL } from '@hypersender/api-client';
import { HEALTH_POLL_INTERVAL_MS, QR_LIFETIME_MS, RECONNECT_BUDGET_MS } from './qr-login';

/** What every QR login app needs: where the API is, who calls it, which instance, how often. */
export interface LoginOptions {
  baseUrl: string;
  token: string;
  instance: string;
  /** Extra request headers (a proxy's, Prism's `Prefer`). */
  headers: Record<string, string>;
  healthIntervalSeconds: number;
  qrLifetimeSeconds: number;
  /** How long to keep trying while Hypersender does not answer, before giving up. */
  giveUpAfterSeconds: number;
}

/** A flag or variable that cannot be used; the message names it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The help lines of the shared options, for each app's --help. */
export const LOGIN_OPTIONS_HELP = `  --base-url <url>         API base URL [HYPERSENDER_BASE_URL] (default ${HYPERSENDER_BASE_URL})
  --token <token>          bearer token [HYPERSENDER_TOKEN]
  --instance <id>          instance id [HYPERSENDER_INSTANCE_ID]
  --header 'Name: value'   extra request header, repeatable (a proxy's, Prism's Prefer)
  --health-interval <s>    seconds between status reads (default ${HEALTH_POLL_INTERVAL_MS / 1000}: health allows 10/min)
  --qr-lifetime <s>        seconds a QR code stays valid (default ${QR_LIFETIME_MS / 1000}, as documented)
  --give-up-after <s>      seconds to keep retrying while Hypersender does not answer (default ${RECONNECT_BUDGET_MS / 1000})`;

const SHARED: NonNullable<ParseArgsConfig['options']> = {
  'base-url': { type: 'string' },
  token: { type: 'string' },
  instance: { type: 'string' },
  header: { type: 'string', multiple: true },
  'health-interval': { type: 'string' },
  'qr-lifetime': { type: 'string' },
  'give-up-after': { type: 'string' },
  help: { type: 'boolean' },
};

/** A number of seconds > 0 from a flag, or the fallback when the flag is absent. */
export function secondsOption(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || value <= 0)
    throw new UsageError(`--${name} must be a number of seconds > 0, got "${String(raw)}"`);
  return value;
}

/**
 * The options both QR login apps share, from flags and the environment (flags win),
 * plus the app's own flags (`own`), whose raw values are returned as `values`.
 * Returns `'help'` for --help; throws a UsageError naming the first bad option.
 */
export function parseLoginOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  own: NonNullable<ParseArgsConfig['options']> = {},
): { options: LoginOptions; values: Record<string, unknown> } | 'help' {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], strict: true, options: { ...SHARED, ...own } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help']) return 'help';
  const token = (values['token'] as string | undefined) ?? env['HYPERSENDER_TOKEN'];
  const instance = (values['instance'] as string | undefined) ?? env['HYPERSENDER_INSTANCE_ID'];
  if (!token) throw new UsageError('--token (or HYPERSENDER_TOKEN) is required');
  if (!instance) throw new UsageError('--instance (or HYPERSENDER_INSTANCE_ID) is required');
  const headers: Record<string, string> = {};
  for (const header of (values['header'] as string[] | undefined) ?? []) {
    const match = /^([^:\s]+):\s*(.*)$/.exec(header);
    if (!match) throw new UsageError(`--header must look like 'Name: value', got "${header}"`);
    headers[match[1]] = match[2];
  }
  return {
    options: {
      baseUrl:
        (values['base-url'] as string | undefined) ??
        env['HYPERSENDER_BASE_URL'] ??
        HYPERSENDER_BASE_URL,
      token,
      instance,
      headers,
      healthIntervalSeconds: secondsOption(
        'health-interval',
        values['health-interval'],
        HEALTH_POLL_INTERVAL_MS / 1000,
      ),
      qrLifetimeSeconds: secondsOption('qr-lifetime', values['qr-lifetime'], QR_LIFETIME_MS / 1000),
      giveUpAfterSeconds: secondsOption(
        'give-up-after',
        values['give-up-after'],
        RECONNECT_BUDGET_MS / 1000,
      ),
    },
    values,
  };
}
