import { ConfigError, helpText, parseMockConfig } from './mock-options';
import { listenConfigured, withControlToken } from './listen';
import { startupBanner } from './startup-banner';
import { isWorker, runWorkers, tellPrimary } from './workers';

/** Exit codes of the bin: 0 stopped cleanly, 1 shutdown failed, 2 bad options or cannot listen. */
export const EXIT = { ok: 0, shutdownFailed: 1, usage: 2 } as const;

/**
 * The `hypersender-mock` command: flags and environment -> config -> listen -> banner.
 * SIGTERM or SIGINT: stop taking connections, finish the requests in flight, exit 0;
 * a second signal exits at once.
 */
export async function runHypersenderMockCli(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  let config;
  try {
    config = parseMockConfig(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`hypersender-mock: ${error.message}`);
    process.exit(EXIT.usage);
  }
  if (config === 'help') {
    console.log(helpText());
    return;
  }
  // Made up once, by the primary: every worker then requires the same token.
  config =
    isWorker() && env['HYPERSENDER_MOCK_CONTROL_TOKEN']
      ? { ...config, controlToken: env['HYPERSENDER_MOCK_CONTROL_TOKEN'] }
      : withControlToken(config);
  if (config.workers > 1 && !isWorker()) {
    await runWorkers(config, (code) => process.exit(code), EXIT);
    return;
  }

  let closing = false;
  /** Set once listening: what a signal must wait for. */
  const running: { close?: () => Promise<void> } = {};
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      console.log(`${signal} again: exiting now`);
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    }
    closing = true;
    if (!running.close) process.exit(EXIT.ok);
    if (!isWorker()) console.log(`${signal}: finishing requests in flight, then exiting`);
    running.close().then(
      () => process.exit(EXIT.ok),
      (error: unknown) => {
        console.error(`hypersender-mock: shutdown failed: ${String(error)}`);
        process.exit(EXIT.shutdownFailed);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  let started;
  try {
    started = await listenConfigured(config);
  } catch (error) {
    // A worker's failure is the primary's to tell, once.
    if (isWorker()) tellPrimary({ type: 'failed', message: (error as Error).message });
    else console.error(`hypersender-mock: ${(error as Error).message}`);
    process.exit(EXIT.usage);
  }
  running.close = started.close;
  if (isWorker()) tellPrimary({ type: 'listening', origin: started.origin });
  else console.log(startupBanner(config, started.origin));
}
