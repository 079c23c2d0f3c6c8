import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SpecValidator } from '@hypersender/spec-validation';
import request from 'supertest';
import { DEFAULT_CONFIG, type MockConfig } from '../lib/config/mock-config';
import { createMockApp } from '../lib/create-mock-app';

export const BASE = '/api/whatsapp/v2';
export const OWNER = DEFAULT_CONFIG.seed.instances[0].token;
export const ID = DEFAULT_CONFIG.seed.instances[0].id;
export const OTHER = DEFAULT_CONFIG.seed.tokens[0];

const spec = SpecValidator.fromFile();

/** A fresh mock (manual clock unless told otherwise) and a supertest agent on it. */
export async function startMock(overrides: Partial<MockConfig> = {}) {
  const app: NestFastifyApplication = await createMockApp({
    ...DEFAULT_CONFIG,
    clock: 'manual',
    ...overrides,
  });
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  return { app, http };
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
