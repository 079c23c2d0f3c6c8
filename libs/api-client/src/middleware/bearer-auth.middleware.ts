import type { Middleware } from 'openapi-fetch';

/** Sends `Authorization: Bearer <token>` on every request. */
export function bearerAuthMiddleware(token: string): Middleware {
  if (!token) {
    throw new TypeError('A Hypersender token is required (Authorization: Bearer <token>).');
  }
  return {
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
}
