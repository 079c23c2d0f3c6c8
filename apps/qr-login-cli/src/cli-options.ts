import {
  LOGIN_OPTIONS_HELP,
  parseLoginOptions,
  secondsOption,
  UsageError,
  type LoginOptions,
} from '@hypersender/qr-login';

export { UsageError };

export const EXIT = {
  linked: 0,
  failure: 1,
  usage: 2,
  unauthenticated: 3,
  notFound: 4,
  failed: 5,
  timeout: 6,
  declined: 7,
  unreachable: 8,
} as const;

export interface CliOptions extends LoginOptions {
  out?: string;
  timeoutSeconds: number;
  yes: boolean;
}

export const HELP = `Usage: qr-login --token <token> --instance <id> [options]

Links a WhatsApp account to a Hypersender instance: requests a QR code, draws it here
for the phone to scan (WhatsApp > Settings > Linked Devices), and watches the status
until WORKING. A new QR may be requested once a minute; an expired QR is replaced only
when you say so.

Options:
${LOGIN_OPTIONS_HELP}
  --out <file.png>         also write each QR code as a PNG file
  --timeout <seconds>      give up after this long (default 300)
  --yes                    request a new QR without asking when one expires
  --help                   show this help

Exit codes: 0 linked (WORKING), 1 other error, 2 usage, 3 unauthenticated (401),
4 unknown instance (404), 5 instance FAILED, 6 timed out, 7 new QR declined,
8 Hypersender not answering (after --give-up-after).`;

/** The terminal app's options: the shared login options, and its own. */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const parsed = parseLoginOptions(argv, env, {
    out: { type: 'string' },
    timeout: { type: 'string' },
    yes: { type: 'boolean' },
  });
  if (parsed === 'help') return 'help';
  const { options, values } = parsed;
  return {
    ...options,
    out: values['out'] as string | undefined,
    timeoutSeconds: secondsOption('timeout', values['timeout'], 300),
    yes: (values['yes'] as boolean | undefined) ?? false,
  };
}
