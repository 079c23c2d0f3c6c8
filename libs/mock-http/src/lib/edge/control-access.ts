import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_ERRORS, ApiError } from '../errors/api-error';
import { sendApiError } from '../errors/api-exception.filter';

const LOOPBACK_NAMES = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|::1)$/i;
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/** Whether `host` (an address or name to listen on) is this machine's loopback only. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.test(host);
}

/** Paths under /__mock/ open without the control token: the page that asks for it, liveness. */
const OPEN_PATHS = new Set(['/__mock/ui', '/__mock/ui/', '/__mock/health']);

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The host name of a `Host` header or an origin's authority, without its port. */
function hostName(authority: string): string {
  const bracketed = /^(\[[^\]]+\])(?::\d+)?$/.exec(authority);
  if (bracketed) return bracketed[1].toLowerCase();
  return authority.replace(/:\d+$/, '').toLowerCase();
}

export const CONTROL_ACCESS_ERRORS = {
  foreignHost: (host: string) =>
    new ApiError(403, {
      message: `The control API answers only its own host names (loopback, or the one it listens on); "${host}" is not one of them.`,
    }),
  crossSite: () =>
    new ApiError(403, {
      message: 'The control API refuses requests from web pages of other origins.',
    }),
  notJson: () =>
    new ApiError(415, { message: 'The control API takes application/json bodies only.' }),
};

/**
 * A developer's browser visiting a hostile page must not drive or read the mock (the
 * control API can reset and link any instance, and shows tokens). So, on `/__mock/`:
 * - a `Host` that is not the mock's own is refused when it listens on loopback (a
 *   DNS-rebinding page reaches the mock under its own name);
 * - a request sent by a page of another origin (`Origin`, `Sec-Fetch-Site`) is refused;
 * - a body that is not JSON is refused, so that no HTML form (which cannot send JSON
 *   cross-site without a CORS preflight the mock never grants) can change anything.
 */
export function controlAccess(listenHost: string, controlToken: string | null = null) {
  const expected = controlToken === null ? null : digest(controlToken);
  const own = hostName(
    listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost,
  );
  const checkHost = !ANY_ADDRESS.has(listenHost);
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const host = request.headers.host ?? '';
    const name = hostName(host);
    if (checkHost && !LOOPBACK_NAMES.test(name) && name !== own) {
      return sendApiError(reply, CONTROL_ACCESS_ERRORS.foreignHost(host));
    }
    const origin = request.headers.origin;
    let crossSite = request.headers['sec-fetch-site'] === 'cross-site';
    if (origin !== undefined) {
      try {
        crossSite ||= new URL(origin).host.toLowerCase() !== host.toLowerCase();
      } catch {
        crossSite = true;
      }
    }
    if (crossSite) return sendApiError(reply, CONTROL_ACCESS_ERRORS.crossSite());
    if (expected !== null && !OPEN_PATHS.has(request.url.split('?')[0])) {
      // A bearer token; EventSource cannot send headers, so the event stream may use ?token=.
      const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const query = (request.query as { token?: unknown } | undefined)?.token;
      const given = header ?? (typeof query === 'string' ? query : undefined);
      if (given === undefined || !timingSafeEqual(digest(given), expected))
        return sendApiError(reply, API_ERRORS.unauthenticated());
    }
    const type = request.headers['content-type'];
    const readsBody = request.method !== 'GET' && request.method !== 'HEAD';
    if (readsBody && type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      return sendApiError(reply, CONTROL_ACCESS_ERRORS.notJson());
    }
    done();
  };
}
