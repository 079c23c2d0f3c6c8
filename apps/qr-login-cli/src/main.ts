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
import { qrForTerminal } from './qr-terminal';

const out = process.stdout;
const interactive = out.isTTY === true;

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

/** One line that updates in place on a terminal, or plain lines in a log. */
function statusLine(text: string): void {
  if (interactive) out.write(`\r\x1b[2K${text}`);
  else out.write(`${text}\n`);
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: out });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}

async function showQr(
  result: Extract<QrRequestResult, { ok: true }>,
  options: CliOptions,
): Promise<void> {
  const { drawing } = await qrForTerminal(result.instance.qr_code);
  out.write(
    `\nScan this QR code with WhatsApp (Settings > Linked Devices > Link a device):\n${drawing}\n`,
  );
  if (options.out) {
    writeFileSync(options.out, Buffer.from(result.instance.qr_code, 'base64'));
    out.write(`QR code written to ${options.out}\n`);
  }
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
    await showQr(result, options);
    return true;
  }
  if (result.retryAfterSeconds === undefined) {
    console.error(`\n${explain(result.error)}`);
    process.exit(exitCodeOf(result.error));
  }
  statusLine(`Rate limited: a new QR code may be requested in ${result.retryAfterSeconds} s`);
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
  const client = createHypersenderClient({
    baseUrl: options.baseUrl,
    token: options.token,
    headers: options.headers,
    retry: {
      maxRetryAfterSeconds: 10,
      // The flow owns the 1/min cooldown: a 429 comes back at once, to show its countdown.
      retryRateLimited: false,
      onRetry: ({ delayMs }) =>
        statusLine(`Hypersender is not answering, retrying in ${Math.ceil(delayMs / 1000)} s`),
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

  try {
    let waitingForQr = !(await requestQr(login, options, signal));
    let status = 'unknown';
    let cooldown = 0;
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
          if (!interactive && cooldown % 10 !== 0) continue;
          break;
        case 'expired':
          out.write('\n');
          if (!options.yes && !(await ask('The QR code expired. Request a new one? [Y/n] '))) {
            console.error('No new QR code requested.');
            process.exit(EXIT.declined);
          }
          waitingForQr = !(await requestQr(login, options, signal));
          continue;
        case 'linked':
          statusLine(`Status: WORKING`);
          out.write(
            `\nLinked: the instance is WORKING (connected at ${event.connectedAt ?? 'unknown'}).\n`,
          );
          process.exit(EXIT.linked);
          break;
        case 'reconnecting':
          statusLine(
            `Hypersender is not answering, retrying in ${Math.ceil(event.delayMs / 1000)} s (${event.reason})`,
          );
          continue;
        case 'failed':
          out.write('\n');
          if (event.cause === 'unreachable') {
            console.error(`${event.reason} (${options.baseUrl})`);
            process.exit(EXIT.unreachable);
          }
          console.error(`Login failed: ${event.error ? explain(event.error) : event.reason}`);
          process.exit(event.error ? exitCodeOf(event.error) : EXIT.failed);
          break;
        default:
          continue;
      }
      const expires = login.secondsUntilQrExpires();
      statusLine(
        `Status: ${status} | QR expires in ${expires ?? '-'} s | ${cooldown > 0 ? `new QR possible in ${cooldown} s` : 'a new QR may be requested'}`,
      );
    }
  } catch (error) {
    if (signal.aborted) {
      console.error(`\nTimed out after ${options.timeoutSeconds} s without reaching WORKING.`);
      process.exit(EXIT.timeout);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  // A network failure says where and why (connection refused, DNS, timeout), not just "fetch failed".
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const url = process.env['HYPERSENDER_BASE_URL'] ?? 'the API';
  const detail = cause ? `cannot reach ${url}: ${cause.code ?? cause.message}` : undefined;
  console.error(`qr-login: ${detail ?? (error instanceof Error ? error.message : String(error))}`);
  process.exit(cause ? EXIT.unreachable : EXIT.failure);
});
