import { createHypersenderClient, type HypersenderClient } from '@hypersender/api-client';
import { SpecValidator } from '@hypersender/spec-validation';
import type { ContractTarget } from './target';

const spec = SpecValidator.fromFile();

export interface ClientOptions {
  token?: string;
  /** Extra headers on every request (Prism's `Prefer`). */
  headers?: Record<string, string>;
  /** The case sends a request the spec forbids on purpose (no token): request-side findings are expected. */
  deliberatelyInvalid?: boolean;
}

/**
 * The generated client, pointed at a target, whose every response is validated against
 * `openapi/hypersender.yaml` (and the target's own inspection) before the case sees it:
 * a response off the contract fails the case even if the case does not look at it.
 */
export function contractClient(
  target: ContractTarget,
  options: ClientOptions = {},
): HypersenderClient {
  const basePath = new URL(target.baseUrl).pathname.replace(/\/$/, '');
  const validatingFetch: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    for (const [name, value] of Object.entries(options.headers ?? {}))
      request.headers.set(name, value);
    if (options.token === '') request.headers.delete('Authorization');
    const response = await fetch(request);
    const body = await response.clone().text();
    const path = new URL(request.url).pathname.slice(basePath.length) || '/';
    const problems = [
      ...spec.validate({
        method: request.method,
        path,
        status: response.status,
        headers: response.headers,
        body,
      }),
      ...(target.inspect?.(response, {
        deliberatelyInvalid: options.deliberatelyInvalid ?? false,
      }) ?? []),
    ];
    if (problems.length > 0) {
      throw new Error(
        `${target.name}: ${request.method} ${path} is off the contract:\n  ${problems.join('\n  ')}`,
      );
    }
    return response;
  };
  return createHypersenderClient({
    baseUrl: target.baseUrl,
    // An empty token is refused by the client; a placeholder is sent and then removed above.
    token: options.token === '' ? 'none' : (options.token ?? target.token),
    fetch: validatingFetch,
    headers: options.headers,
  });
}
