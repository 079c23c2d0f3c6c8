import { createServer, type RequestListener, type Server } from 'node:http';
import { createHypersenderClient } from '@hypersender/api-client';
import {
  HEALTH_POLL_INTERVAL_MS,
  LoginSession,
  QR_LIFETIME_MS,
  type LoginOptions,
} from '@hypersender/qr-login';
import { PAGE } from './page';

export interface WebOptions extends Partial<Omit<LoginOptions, 'baseUrl' | 'token' | 'instance'>> {
  baseUrl: string;
  token: string;
  instance: string;
  /** Statuses come from webhooks (see createWebhookReceiver), not from health reads. */
  statusSource?: 'health' | 'webhook';
  /** Once linked, how often health is read to notice an unlink (default 5 s). */
  linkedCheckSeconds?: number;
  /** After Hypersender stayed away past the budget, how soon watching starts again (default 5 s). */
  rewatchAfterSeconds?: number;
  /** The spacing of QR requests (default 60 s, the API's limit; tests shorten it with the mock's). */
  qrIntervalSeconds?: number;
}

/** The tab's icon: a QR-ish mark, inline (no file to fetch, nothing to 404). */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b6e4f"/><path fill="#fff" d="M3 3h4v4H3zM9 3h4v4H9zM3 9h4v4H3zM10 10h2v2h-2zM12 12h1v1h-1z"/></svg>`;

/**
 * The web app's server: it holds the token and talks to the API; the browser gets the
 * page, `POST /api/qr` and a stream of events (`GET /api/events`, server-sent events).
 */
export function createWebServer(options: WebOptions): Server & { session: LoginSession } {
  const client = createHypersenderClient({
    baseUrl: options.baseUrl,
    token: options.token,
    headers: options.headers,
    // A QR request that meets maintenance or a refused connection is tried again.
    retry: {
      maxRetryAfterSeconds: 10,
      retryRateLimited: false,
      onRetry: ({ attempt, delayMs, reason }) => session.retrying({ attempt, delayMs, reason }),
    },
  });
  // eslint-disable-next-line prefer-const -- the client's retries report to the session it serves
  let session: LoginSession;
  session = new LoginSession(
    client,
    options.instance,
    options.healthIntervalSeconds === undefined
      ? HEALTH_POLL_INTERVAL_MS
      : options.healthIntervalSeconds * 1000,
    options.qrLifetimeSeconds === undefined ? QR_LIFETIME_MS : options.qrLifetimeSeconds * 1000,
    options.statusSource,
    options.giveUpAfterSeconds === undefined ? undefined : options.giveUpAfterSeconds * 1000,
    {
      autoQr: true,
      linkedCheckMs:
        options.linkedCheckSeconds === undefined ? undefined : options.linkedCheckSeconds * 1000,
      rewatchAfterMs:
        options.rewatchAfterSeconds === undefined ? undefined : options.rewatchAfterSeconds * 1000,
      qrRequestIntervalMs:
        options.qrIntervalSeconds === undefined ? undefined : options.qrIntervalSeconds * 1000,
    },
  );

  const server = createServer((request, response) => {
    const sendJson = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    const reading = request.method === 'GET' || request.method === 'HEAD';
    if (reading && path === '/') {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(PAGE),
        'Cache-Control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : PAGE);
    } else if (reading && (path === '/favicon.ico' || path === '/favicon.svg')) {
      response.writeHead(200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'max-age=86400',
      });
      response.end(request.method === 'HEAD' ? undefined : FAVICON);
    } else if (request.method === 'POST' && path === '/api/qr') {
      session.requestQr().then(
        (answer) => sendJson(200, answer),
        (error: unknown) =>
          sendJson(502, {
            ok: false,
            message: `The API could not be reached: ${(error as Error).message}`,
          }),
      );
    } else if (request.method === 'GET' && path === '/api/events') {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      const unsubscribe = session.subscribe((event) =>
        response.write(`data: ${JSON.stringify(event)}\n\n`),
      );
      request.on('close', unsubscribe);
    } else {
      sendJson(404, { message: 'Not found.' });
    }
  });
  server.on('close', () => session.stop());
  session.startWatching();
  return Object.assign(server, { session });
}

/**
 * Where Hypersender POSTs the instance's webhooks (its `webhook_url`): each
 * session.status moves the page at once, and health is never read. With a secret, a
 * body whose `authorization` header differs is refused with 401, as the Laravel SDK's
 * receiver refuses it.
 */
export function createWebhookReceiver(session: LoginSession, secret?: string): Server {
  return createServer(webhookHandler(session, secret));
}

/** The receiver's request handler, for a server that already listens. */
export function webhookHandler(session: LoginSession, secret?: string): RequestListener {
  return (request, response) => {
    const answer = (status: number, message: string) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message }));
    };
    if (request.method !== 'POST') return answer(405, 'POST webhooks here.');
    if (secret !== undefined && request.headers.authorization !== secret)
      return answer(401, 'Unauthenticated.');
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return answer(400, 'The body must be JSON.');
      }
      answer(200, session.receiveWebhook(body) ? 'Received.' : 'Ignored.');
    });
  };
}
