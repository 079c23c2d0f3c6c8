import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendApiError, toApiError } from '../errors/api-exception.filter';
import type { JournalService } from '../journal/journal.service';
import type { FaultDecision, FaultsService } from './faults.service';

/** The rule that touched a request, kept on it for the journal. */
export interface FaultMarked {
  faultRuleId?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer of the real stack's kind: Laravel's JSON, an nginx error page, or nothing. */
function faultAnswer(reply: FastifyReply, decision: FaultDecision): FastifyReply {
  const status = decision.status as number;
  const text = STATUS_CODES[status] ?? 'Error';
  void reply.code(status).headers(decision.headers ?? {});
  switch (decision.body ?? 'laravel') {
    case 'html':
      return reply
        .type('text/html')
        .send(
          `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
        );
    case 'empty':
      return reply.send();
    default:
      return reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ message: status === 500 ? 'Server Error.' : `${text}.` }));
  }
}

/**
 * Applies the fault rules to the public API, before auth and limits: a delay, an
 * answer, a dropped connection or a request that is never answered. Hung and dropped
 * requests are journaled with status 0 (no answer); hung sockets are closed with the
 * server, so no rule leaks a connection.
 */
export function installFaults(
  fastify: FastifyInstance,
  faults: FaultsService,
  journal: JournalService,
  publicPrefix: string,
): void {
  const hung = new Set<Socket>();
  const unanswered = (
    request: FastifyRequest,
    path: string,
    ruleId: string | undefined,
    started: number,
  ) =>
    journal.record(
      request.method,
      path,
      0,
      performance.now() - started,
      request.headers.authorization !== undefined,
      ruleId,
    );
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (!path.startsWith(`${publicPrefix}/`)) return;
    const started = performance.now();
    let decision: FaultDecision;
    try {
      decision = await faults.decide({
        method: request.method,
        path: path.slice(publicPrefix.length),
      });
    } catch (error) {
      // The shared backend is down: the request cannot be decided, nor answered.
      sendApiError(reply, toApiError(error, path));
      return reply;
    }
    (request as FastifyRequest & FaultMarked).faultRuleId = decision.ruleId;
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.action === 'answer') return faultAnswer(reply, decision);
    if (decision.action === 'drop') {
      reply.hijack();
      request.raw.socket.destroy();
      unanswered(request, path, decision.ruleId, started);
      return reply;
    }
    if (decision.action === 'hang') {
      reply.hijack();
      const socket = request.raw.socket;
      hung.add(socket);
      socket.once('close', () => {
        hung.delete(socket);
        unanswered(request, path, decision.ruleId, started);
      });
      return reply;
    }
  });
  // Before the server waits for its connections to end: a hung one never would.
  fastify.addHook('preClose', (done) => {
    for (const socket of hung) socket.destroy();
    done();
  });
}
