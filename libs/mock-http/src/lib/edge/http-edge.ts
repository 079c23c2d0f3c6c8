import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ERRORS, ApiError } from '../errors/api-error';
import { sendApiError } from '../errors/api-exception.filter';

/**
 * What reaches the mock before Nest does, answered as the real stack (nginx in front
 * of Laravel) would, always in the API's error shape. Each choice is written into the
 * specs:
 * - a URL that does not decode, or a path parameter too long for the router: 404, as
 *   Laravel answers any id that is not a UUID, however it is spelt;
 * - a request whose headers are too large: 431; one that does not arrive in time (a
 *   slow client): 408; a request line or framing Node cannot parse: 400 (nginx's);
 * - a body over the limit: 413 (nginx's `client_max_body_size`);
 * - a body of a type the API does not read (XML, text): ignored, as Laravel ignores
 *   it: an operation that needs fields then answers 422 for the missing ones;
 * - `Content-Type: application/json` with an empty body: no body (many clients send
 *   the header on every POST); a body that is not JSON: INVALID_JSON_BODY, which the
 *   operations that read a body answer with a 422 naming it.
 */

/** The body of a request whose JSON did not parse; only operations that read bodies refuse it. */
export const INVALID_JSON_BODY: unique symbol = Symbol('INVALID_JSON_BODY');

/** The body an operation reads: refused with a 422 naming it when it was not JSON. */
export function readableBody(body: unknown): unknown {
  if (body === INVALID_JSON_BODY)
    throw API_ERRORS.invalidBody('The request body must be valid JSON.');
  return body;
}

/** nginx's default `client_max_body_size` is 1 MB; the mock allows the same. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const CLIENT_ERRORS: Record<string, ApiError> = {
  ERR_HTTP_REQUEST_TIMEOUT: new ApiError(408, { message: 'Request Timeout.' }),
  HPE_HEADER_OVERFLOW: new ApiError(431, { message: 'Request Header Fields Too Large.' }),
};
const BAD_REQUEST = new ApiError(400, { message: 'Bad Request.' });

/** Node's `clientError`: the request never reached the router; answered in the API's shape. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
  if (socket.writable) {
    const body = JSON.stringify(answer.body);
    socket.write(
      `HTTP/1.1 ${answer.status} ${answer.body.message.replace(/\.$/, '')}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify's router errors (a URL that does not decode, a parameter too long): Laravel's 404. */
export function frameworkErrors(_error: Error, request: FastifyRequest, reply: FastifyReply): void {
  sendApiError(reply, API_ERRORS.routeNotFound(request.url));
}

/** The body parsers: JSON (lenient, as above), forms (Laravel reads their fields), anything else ignored. */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body: string, done) => {
      if (body.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body));
      } catch {
        done(null, INVALID_JSON_BODY);
      }
    },
  );
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body: string, done) => done(null, Object.fromEntries(new URLSearchParams(body))),
  );
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, undefined));
    payload.on('error', (error) => done(error, undefined));
  });
}
