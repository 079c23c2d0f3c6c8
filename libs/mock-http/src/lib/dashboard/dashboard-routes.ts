import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { API_ERRORS } from '../errors/api-error';
import { sendApiError } from '../errors/api-exception.filter';
import type { ChangeFeed } from './change-feed';
import { DASHBOARD_PAGE } from './dashboard-page';

/** How often an idle event stream says it is alive (proxies close silent connections). */
const KEEP_ALIVE_MS = 15_000;

/**
 * The dashboard: its page at `/__mock/ui` (and `/__mock/ui/`), its live feed at
 * `/__mock/events` (server-sent events), and `GET /` sending browsers to it. The page
 * reads and drives the mock through the control API, like any client.
 */
export function installDashboard(fastify: FastifyInstance, feed: ChangeFeed): void {
  const streams = new Set<ServerResponse>();
  const page = (_request: unknown, reply: FastifyReply) =>
    reply
      .header('Cache-Control', 'no-store')
      .header(
        'Content-Security-Policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      .type('text/html; charset=utf-8')
      .send(DASHBOARD_PAGE);
  fastify.get('/__mock/ui', page);
  fastify.get('/__mock/ui/', page);
  fastify.get('/', (request, reply) => {
    if (/text\/html/.test(request.headers.accept ?? '')) return reply.redirect('/__mock/ui/', 302);
    sendApiError(reply, API_ERRORS.routeNotFound('/'));
    return reply;
  });
  fastify.get('/__mock/events', (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    streams.add(response);
    const unsubscribe = feed.subscribe((kind) =>
      response.write(`event: change\ndata: ${JSON.stringify({ kind })}\n\n`),
    );
    const alive = setInterval(() => response.write(': alive\n\n'), KEEP_ALIVE_MS);
    alive.unref();
    request.raw.on('close', () => {
      clearInterval(alive);
      unsubscribe();
      streams.delete(response);
    });
  });
  // Open streams never end by themselves: closing the mock ends them.
  fastify.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    streams.clear();
    feed.stop();
    done();
  });
}
