import 'reflect-metadata';
import {
  ConfigError,
  helpText,
  listenMock,
  parseMockConfig,
  startupBanner,
} from '@hypersender/mock-http';

/**
 * Starts the mock Hypersender: flags and environment -> config -> Nest app -> listen.
 * SIGTERM or SIGINT: stop taking connections, finish the requests in flight, exit 0.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = parseMockConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`mock-server: ${error.message}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(helpText());
    return;
  }

  const { app, origin } = await listenMock(config);
  console.log(startupBanner(config, origin));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: finishing requests in flight, then exiting`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`mock-server: shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`mock-server: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
