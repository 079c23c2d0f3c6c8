import type { Middleware } from 'openapi-fetch';

/**
 * Sends `Accept: application/json`. Laravel answers an unauthenticated request
 * without it by redirecting to a login page instead of a JSON 401.
 */
export const acceptJsonMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    return request;
  },
};
