import { LOGIN_OPTIONS_HELP, parseLoginOptions, UsageError } from '@hypersender/qr-login';
import { createWebhookReceiver, createWebServer } from './web-server';

const HELP = `Usage: qr-login-web --token <token> --instance <id> [options]

Serves a page that links WhatsApp to a Hypersender instance by QR code. The token stays
on this server; the browser never sees it.

${LOGIN_OPTIONS_HELP}
  --host <host>            address to listen on (default 127.0.0.1)
  --port <port>            port (default 3000; 0 picks a free one) [QR_LOGIN_WEB_PORT]
  --webhook-listen <port>  take statuses from Hypersender's webhooks on this port
                           (127.0.0.1) instead of reading health; point the instance's
                           webhook_url at http://127.0.0.1:<port>/ [HYPERSENDER_WEBHOOK_LISTEN]
  --webhook-secret <s>     refuse webhooks whose authorization header differs
                           [HYPERSENDER_WEBHOOK_SECRET]
  --help                   show this help`;

function port(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535)
    throw new UsageError(`--${name} must be a port from 0 to 65535, got "${raw}"`);
  return value;
}

function main(): void {
  let parsed;
  let listenPort: number;
  let webhookPort: number | undefined;
  try {
    parsed = parseLoginOptions(process.argv.slice(2), process.env, {
      host: { type: 'string' },
      port: { type: 'string' },
      'webhook-listen': { type: 'string' },
      'webhook-secret': { type: 'string' },
    });
    if (parsed === 'help') return void console.log(HELP);
    const { values } = parsed;
    listenPort =
      port('port', (values['port'] as string | undefined) ?? process.env['QR_LOGIN_WEB_PORT']) ??
      3000;
    webhookPort = port(
      'webhook-listen',
      (values['webhook-listen'] as string | undefined) ?? process.env['HYPERSENDER_WEBHOOK_LISTEN'],
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`qr-login-web: ${error.message}\n\n${HELP}`);
    process.exit(2);
  }
  const { options, values } = parsed;
  const webhookSecret =
    (values['webhook-secret'] as string | undefined) ?? process.env['HYPERSENDER_WEBHOOK_SECRET'];
  const server = createWebServer({
    ...options,
    statusSource: webhookPort === undefined ? 'health' : 'webhook',
  });
  const receiver =
    webhookPort === undefined ? undefined : createWebhookReceiver(server.session, webhookSecret);
  receiver?.listen(webhookPort, '127.0.0.1', () => {
    const { port: listening } = receiver.address() as { port: number };
    console.log(
      `Webhooks received on http://127.0.0.1:${listening}/ (set it as the instance's webhook_url): health is not read`,
    );
  });
  const host = (values['host'] as string | undefined) ?? '127.0.0.1';
  server.on('error', (error: NodeJS.ErrnoException) => {
    const where = `${host}:${listenPort}`;
    console.error(
      error.code === 'EADDRINUSE'
        ? `qr-login-web: cannot listen on ${where}: the port is in use (EADDRINUSE); choose another with --port or QR_LOGIN_WEB_PORT`
        : `qr-login-web: cannot listen on ${where}: ${error.message}`,
    );
    process.exit(2);
  });
  server.listen(listenPort, host, () => {
    const address = server.address() as { port: number };
    console.log(`QR login page on http://${host}:${address.port}`);
  });
  const stop = () => {
    receiver?.close();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
