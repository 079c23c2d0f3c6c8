import { parseArgs } from 'node:util';
import { HYPERSENDER_BASE_URL } from '@hypersender/api-client';
import { createWebhookReceiver, createWebServer } from './web-server';

const HELP = `Usage: qr-login-web --token <token> --instance <id> [options]

Serves a page that links WhatsApp to a Hypersender instance by QR code. The token stays
on this server; the browser never sees it.

  --base-url <url>        API base URL [HYPERSENDER_BASE_URL] (default ${HYPERSENDER_BASE_URL})
  --token <token>         bearer token [HYPERSENDER_TOKEN]
  --instance <id>         instance id [HYPERSENDER_INSTANCE_ID]
  --host <host>           address to listen on (default 127.0.0.1)
  --port <port>           port (default 3000; 0 picks a free one)
  --header 'Name: value'  extra request header to the API, repeatable
  --health-interval <s>   seconds between status reads (default 6)
  --webhook-listen <port> take statuses from Hypersender's webhooks on this port
                          (127.0.0.1) instead of reading health; point the instance's
                          webhook_url at http://127.0.0.1:<port>/ [HYPERSENDER_WEBHOOK_LISTEN]
  --webhook-secret <s>    refuse webhooks whose authorization header differs
                          [HYPERSENDER_WEBHOOK_SECRET]`;

function main(): void {
  let values;
  try {
    values = parseArgs({
      strict: true,
      options: {
        'base-url': { type: 'string' },
        token: { type: 'string' },
        instance: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        header: { type: 'string', multiple: true },
        'health-interval': { type: 'string' },
        'webhook-listen': { type: 'string' },
        'webhook-secret': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    console.error(`qr-login-web: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) return void console.log(HELP);
  const token = values.token ?? process.env['HYPERSENDER_TOKEN'];
  const instance = values.instance ?? process.env['HYPERSENDER_INSTANCE_ID'];
  const port = Number(values.port ?? 3000);
  const interval = Number(values['health-interval'] ?? 6);
  const rawWebhookPort = values['webhook-listen'] ?? process.env['HYPERSENDER_WEBHOOK_LISTEN'];
  const webhookPort = rawWebhookPort === undefined ? undefined : Number(rawWebhookPort);
  const webhookSecret = values['webhook-secret'] ?? process.env['HYPERSENDER_WEBHOOK_SECRET'];
  const problem = !token
    ? '--token is required'
    : !instance
      ? '--instance is required'
      : !Number.isInteger(port) || port < 0 || port > 65535
        ? `--port must be 0-65535, got "${values.port}"`
        : !(interval > 0)
          ? '--health-interval must be > 0'
          : webhookPort !== undefined &&
              (!Number.isInteger(webhookPort) || webhookPort < 0 || webhookPort > 65535)
            ? `--webhook-listen must be 0-65535, got "${rawWebhookPort}"`
            : undefined;
  if (problem) {
    console.error(`qr-login-web: ${problem}\n\n${HELP}`);
    process.exit(2);
  }
  const headers = Object.fromEntries(
    (values.header ?? []).map((header) => header.split(/:\s*/, 2) as [string, string]),
  );
  const server = createWebServer({
    baseUrl: values['base-url'] ?? process.env['HYPERSENDER_BASE_URL'] ?? HYPERSENDER_BASE_URL,
    token: token as string,
    instance: instance as string,
    headers,
    healthIntervalSeconds: interval,
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
  const host = values.host ?? '127.0.0.1';
  server.listen(port, host, () => {
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
