import { parseArgs } from 'node:util';
import { HYPERSENDER_BASE_URL } from '@hypersender/api-client';

export const EXIT = {
  linked: 0,
  failure: 1,
  usage: 2,
  unauthenticated: 3,
  notFound: 4,
  failed: 5,
  timeout: 6,
  declined: 7,
} as const;

export interface CliOptions {
  baseUrl: string;
  token: string;
  instance: string;
  out?: string;
  timeoutSeconds: number;
  yes: boolean;
  headers: Record<string, string>;
  healthIntervalSeconds: number;
  qrLifetimeSeconds: number;
}

export const HELP = `Usage: qr-login --token <token> --instance <id> [options]

Links a WhatsApp account to a Hypersender instance: requests a QR code, draws it here
for the phone to scan (WhatsApp > Settings > Linked Devices), and watches the status
until WORKING. A new QR may be requested once a minute; an expired QR is replaced only
when you say so.

Options:
  --base-url <url>         API base URL [HYPERSENDER_BASE_URL] (default ${HYPERSENDER_BASE_URL})
  --token <token>          bearer token [HYPERSENDER_TOKEN]
  --instance <id>          instance id [HYPERSENDER_INSTANCE_ID]
  --out <file.png>         also write each QR code as a PNG file
  --timeout <seconds>      give up after this long (default 300)
  --yes                    request a new QR without asking when one expires
  --header 'Name: value'   extra request header, repeatable (a proxy's, Prism's Prefer)
  --health-interval <s>    seconds between status reads (default 6: health allows 10/min)
  --qr-lifetime <s>        seconds a QR code stays valid (default 60, as documented)
  --help                   show this help

Exit codes: 0 linked (WORKING), 1 other error, 2 usage, 3 unauthenticated (401),
4 unknown instance (404), 5 instance FAILED, 6 timed out, 7 new QR declined.`;

export class UsageError extends Error {}

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        'base-url': { type: 'string' },
        token: { type: 'string' },
        instance: { type: 'string' },
        out: { type: 'string' },
        timeout: { type: 'string' },
        yes: { type: 'boolean' },
        header: { type: 'string', multiple: true },
        'health-interval': { type: 'string' },
        'qr-lifetime': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const token = values.token ?? env['HYPERSENDER_TOKEN'];
  const instance = values.instance ?? env['HYPERSENDER_INSTANCE_ID'];
  if (!token) throw new UsageError('--token (or HYPERSENDER_TOKEN) is required');
  if (!instance) throw new UsageError('--instance (or HYPERSENDER_INSTANCE_ID) is required');
  const seconds = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new UsageError(`--${name} must be a number of seconds > 0, got "${raw}"`);
    return value;
  };
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const match = /^([^:\s]+):\s*(.*)$/.exec(header);
    if (!match) throw new UsageError(`--header must look like 'Name: value', got "${header}"`);
    headers[match[1]] = match[2];
  }
  return {
    baseUrl: values['base-url'] ?? env['HYPERSENDER_BASE_URL'] ?? HYPERSENDER_BASE_URL,
    token,
    instance,
    out: values.out,
    timeoutSeconds: seconds('timeout', values.timeout, 300),
    yes: values.yes ?? false,
    headers,
    healthIntervalSeconds: seconds('health-interval', values['health-interval'], 6),
    qrLifetimeSeconds: seconds('qr-lifetime', values['qr-lifetime'], 60),
  };
}
