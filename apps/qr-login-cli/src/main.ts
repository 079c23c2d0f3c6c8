import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import {
  createHypersenderClient,
  NotFoundError,
  UnauthenticatedError,
  type HypersenderApiError,
} from '@hypersender/api-client';
import { QrLogin, type QrRequestResult } from '@hypersender/qr-login';
import { EXIT, HELP, parseCliOptions, UsageError, type CliOptions } from './cli-options';
import { drawQr, fitQr, qrModules, qrTextOfPng } from './qr-terminal';

const out = process.stdout;
const interactive = out.isTTY === true;
/** Where the API is, for messages about reaching it (set once the options are read). */
let apiUrl = 'the API';

function exitCodeOf(error: HypersenderApiError | undefined): number {
  if (error instanceof UnauthenticatedError) return EXIT.unauthenticated;
  if (error instanceof NotFoundError) return EXIT.notFound;
  return EXIT.failure;
}

function explain(error: HypersenderApiError): string {
  if (error instanceof UnauthenticatedError)
    return `Unauthenticated (401): check the token. ${error.message}`;
  if (error instanceof NotFoundError)
    return `Unknown instance (404): check the instance id. ${error.message}`;
  return `${error.name} (${error.status}): ${error.message}`;
}

const INSTRUCTIONS = 'Scan with WhatsApp on your phone: Settings > Linked Devices > Link a device';

/**
 * What the terminal shows. On a terminal: one screen redrawn in place (the
 * instructions, the QR sized to the window, a status line), so an expired or used QR
 * disappears instead of scrolling up. In a log: plain lines, each said once.
 */
const screen = {
  qr: [] as string[],
  note: '',
  status: '',
  render(): void {
    if (!interactive) return;
    const lines = [
      ...(this.qr.length > 0 ? [INSTRUCTIONS, ...this.qr] : []),
      this.note,
      this.status,
    ];
    out.write(`\x1b[H${lines.map((line) => `${line}\x1b[K`).join('\n')}\x1b[J`);
  },
  /** A status that changes (the countdown): in place on a terminal, in a log only when asked. */
  setStatus(text: string, log = true): void {
    this.status = text;
    if (interactive) this.render();
    else if (log) out.write(`${text}\n`);
  },
  /** Something to read: stays under the QR on a terminal; a line in a log. */
  say(text: string): void {
    this.note = text;
    if (interactive) this.render();
    else out.write(`${text}\n`);
  },
  /** The QR goes away (expired, linked): the screen keeps only the words. */
  clearQr(): void {
    this.qr = [];
    if (interactive) out.write('\x1b[2J');
    this.render();
  },
  /** Leaves the screen for good: the cursor under what was drawn, for the prompt or the shell. */
  release(): void {
    if (interactive) out.write('\n');
  },
};

async function ask(question: string): Promise<boolean> {
  screen.release();
  const rl = createInterface({ input: process.stdin, output: out });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}

/** Draws the QR for this window (half blocks, or sextants when the window is short). */
function showQr(result: Extract<QrRequestResult, { ok: true }>, options: CliOptions): void {
  const modules = qrModules(qrTextOfPng(result.instance.qr_code));
  if (options.out) writeFileSync(options.out, Buffer.from(result.instance.qr_code, 'base64'));
  const saved = options.out ? ` (also saved as ${options.out})` : '';
  if (!interactive) {
    out.write(`${INSTRUCTIONS}${saved}:\n${drawQr(modules, 'half', false).join('\n')}\n`);
    return;
  }
  const window = { columns: out.columns ?? 80, rows: out.rows ?? 24 };
  const fit = fitQr(modules, window, 3);
  out.write('\x1b[2J');
  if ('tooSmall' in fit) {
    screen.qr = [];
    screen.say(
      `This window (${window.columns}x${window.rows}) is too small for the QR code: make it at least ${fit.tooSmall.columns}x${fit.tooSmall.rows}${options.out ? `, or scan ${options.out}` : ', or run again with --out qr.png to save it as an image'}.`,
    );
    return;
  }
  screen.qr = drawQr(modules, fit.style, true);
  screen.note = saved ? `Saved as ${options.out}.` : '';
  screen.render();
}

/**
 * Asks for a QR: shown when it comes; when the limit holds, false (the watch's
 * `cooldown` events count down, and the QR is asked again when they reach 0); any
 * other refusal ends the app with its exit code.
 */
async function requestQr(
  login: QrLogin,
  options: CliOptions,
  signal: AbortSignal,
): Promise<boolean> {
  const result = await login.requestQr(signal);
  if (result.ok) {
    showQr(result, options);
    return true;
  }
  if (result.retryAfterSeconds === undefined) {
    screen.release();
    console.error(explain(result.error));
    process.exit(exitCodeOf(result.error));
  }
  screen.setStatus(`Rate limited: a new QR code may be requested in ${result.retryAfterSeconds} s`);
  return false;
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`qr-login: ${error.message}\n\n${HELP}`);
    process.exit(EXIT.usage);
  }
  if (options === 'help') {
    console.log(HELP);
    return;
  }
  apiUrl = options.baseUrl;
  const client = createHypersenderClient({
    baseUrl: options.baseUrl,
    token: options.token,
    headers: options.headers,
    retry: {
      maxRetryAfterSeconds: 10,
      // The flow owns the 1/min cooldown: a 429 comes back at once, to show its countdown.
      retryRateLimited: false,
      onRetry: ({ delayMs, reason }) =>
        screen.setStatus(
          `Hypersender is not answering at ${options.baseUrl} (${reason.replace(/-/g, ' ')}), retrying in ${Math.ceil(delayMs / 1000)} s`,
        ),
    },
  });
  const login = new QrLogin({
    client,
    instanceId: options.instance,
    healthPollIntervalMs: options.healthIntervalSeconds * 1000,
    qrLifetimeMs: options.qrLifetimeSeconds * 1000,
    reconnectBudgetMs: options.giveUpAfterSeconds * 1000,
  });
  const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
  const leave = (code: number, message?: string, toError = true): never => {
    screen.release();
    if (message !== undefined) (toError ? console.error : console.log)(message);
    process.exit(code);
  };

  try {
    let waitingForQr = !(await requestQr(login, options, signal));
    let status = 'unknown';
    let cooldown = 0;
    let logged = '';
    let loggedStatus = '';
    for await (const event of login.watch(signal)) {
      switch (event.type) {
        case 'status':
          status = event.status;
          break;
        case 'cooldown':
          cooldown = event.secondsLeft;
          if (waitingForQr && cooldown === 0) {
            waitingForQr = !(await requestQr(login, options, signal));
            continue;
          }
          break;
        case 'expired':
          screen.clearQr();
          if (!options.yes && !(await ask('The QR code expired. Request a new one? [Y/n] ')))
            leave(EXIT.declined, 'No new QR code requested.');
          waitingForQr = !(await requestQr(login, options, signal));
          continue;
        case 'linked':
          screen.clearQr();
          leave(
            EXIT.linked,
            `Linked: the instance is WORKING (connected at ${event.connectedAt ?? 'unknown'}).`,
            false,
          );
          break;
        case 'reconnecting':
          screen.setStatus(
            `Hypersender is not answering at ${options.baseUrl} (${event.reason}), retrying in ${Math.ceil(event.delayMs / 1000)} s`,
          );
          continue;
        case 'failed':
          if (event.cause === 'unreachable')
            leave(EXIT.unreachable, `${event.reason} (${options.baseUrl})`);
          leave(
            event.error ? exitCodeOf(event.error) : EXIT.failed,
            `Login failed: ${event.error ? explain(event.error) : event.reason}`,
          );
          break;
        default:
          continue;
      }
      const expires = login.secondsUntilQrExpires();
      const line = `Status: ${status} | QR expires in ${expires ?? '-'} s | ${cooldown > 0 ? `new QR possible in ${cooldown} s` : 'a new QR may be requested'}`;
      // A log gets a line when the status changes, and the countdown every 10 s only.
      const worthLogging =
        line !== logged && (status !== loggedStatus || (cooldown > 0 && cooldown % 10 === 0));
      screen.setStatus(line, worthLogging);
      if (worthLogging) logged = line;
      loggedStatus = status;
    }
  } catch (error) {
    if (signal.aborted)
      leave(EXIT.timeout, `Timed out after ${options.timeoutSeconds} s without reaching WORKING.`);
    throw error;
  }
}

main().catch((error: unknown) => {
  // A network failure says where and why (connection refused, DNS, timeout), not just "fetch failed".
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause ? `cannot reach ${apiUrl}: ${cause.code ?? cause.message}` : undefined;
  screen.release();
  console.error(`qr-login: ${detail ?? (error instanceof Error ? error.message : String(error))}`);
  process.exit(cause ? EXIT.unreachable : EXIT.failure);
});
