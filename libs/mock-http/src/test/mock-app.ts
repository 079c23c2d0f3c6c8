import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SpecValidator } from '@hypersender/spec-validation';
import { resolve } from 'node:path';
import request from 'supertest';
import { DEFAULT_CONFIG, type MockConfig } from '../lib/mock-config';
import { createMockApp } from '../lib/create-mock-app';

export const BASE = '/api/whatsapp/v2';
export const OWNER = DEFAULT_CONFIG.seed.instances[0].token;
export const ID = DEFAULT_CONFIG.seed.instances[0].id;
export const OTHER = DEFAULT_CONFIG.seed.tokens[0];

const spec = SpecValidator.fromFile();
const controlSpec = SpecValidator.fromFile(
  resolve(__dirname, '../../../../openapi/mock-control.yaml'),
);

/**
 * A fresh mock (manual clock unless told otherwise) and a supertest agent on it. Every
 * response it sends, setup calls included, is validated as it leaves: public routes
 * against `openapi/hypersender.yaml`, `/__mock/` routes against `mock-control.yaml`;
 * `close()` stops the mock and fails the test if any did not satisfy its spec.
 */
export async function startMock(overrides: Partial<MockConfig> = {}) {
  const problems: string[] = [];
  const app: NestFastifyApplication = await createMockApp(
    { ...DEFAULT_CONFIG, clock: 'manual', ...overrides },
    {
      observe: (response) => {
        const validator = response.path.startsWith('/__mock/') ? controlSpec : spec;
        const found = validator.validate({ ...response, headers: stringHeaders(response.headers) });
        // A route no spec has is answered 404 by the router; its tests check that body.
        const unknownRoute =
          response.status === 404 &&
          found.some((problem) => problem.endsWith('no operation of the spec matches'));
        if (!unknownRoute) problems.push(...found);
      },
    },
  );
  await app.getHttpAdapter().getInstance().ready();
  const close = async () => {
    await app.close();
    if (problems.length > 0)
      throw new Error(`Responses off their spec:\n  ${problems.join('\n  ')}`);
  };
  const http = () => request(app.getHttpServer());
  return { app, http, close };
}

function stringHeaders(
  headers: Record<string, string | string[] | number | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
  );
}

/** Every public response of the tests goes through here: the mock is held to the spec. */
export function expectSpec(response: request.Response): request.Response {
  spec.assert({
    method: response.request.method,
    path: new URL(response.request.url).pathname,
    status: response.status,
    headers: response.headers as Record<string, string>,
    body: response.text,
  });
  return response;
}
