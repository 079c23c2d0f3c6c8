import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import {
  ManualClock,
  memoryBackend,
  type MockBackend,
  type MockClock,
  type MockEngine,
} from '@hypersender/mock-engine';
import type { MockConfig } from './mock-config';
import { CLOCK, MOCK_ENGINE } from './engine/tokens';
import { ChangeFeed } from './dashboard/change-feed';
import { installDashboard } from './dashboard/dashboard-routes';
import { API_ERRORS } from './errors/api-error';
import { sendApiError } from './errors/api-exception.filter';
import { CONTROL_BASE_PATH } from './control/control.controller';
import { controlAccess } from './edge/control-access';
import { installFaults, type FaultMarked } from './faults/fault-hook';
import { FaultsService } from './faults/faults.service';
import { PUBLIC_BASE_PATH } from './instances/instances.controller';
import {
  BODY_LIMIT_BYTES,
  clientErrorHandler,
  frameworkErrors,
  registerBodyParsers,
} from './edge/http-edge';
import { JournalService } from './journal/journal.service';
import { MockServerModule } from './mock-server.module';

const CONTROL_PREFIX = `/${CONTROL_BASE_PATH}/`;

/** A response as it leaves the mock, for tests that hold every answer to a contract. */
export interface SentResponse {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export interface MockAppOptions {
  /** Sees every response before it is sent (tests validate them against the spec). */
  observe?: (response: SentResponse) => void;
  /**
   * Where the state lives; this process's memory by default. Whoever makes a shared
   * backend (Redis) closes it after the app.
   */
  backend?: MockBackend;
}

/**
 * The mock as a Nest application on Fastify, ready to `listen` (or to hand to
 * supertest). Everything a request can meet outside Nest's pipeline (an unknown route,
 * a body Fastify cannot parse) still answers in the API's error shape.
 */
export async function createMockApp(
  config: MockConfig,
  options: MockAppOptions = {},
): Promise<NestFastifyApplication> {
  const backend = options.backend ?? memoryBackend();
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: false,
    requestTimeout: config.requestTimeoutMs,
    // Node checks request timeouts every 30 s by default: a 10 s limit would mean up to 40.
    http: {
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, config.requestTimeoutMs / 4)),
      headersTimeout: config.requestTimeoutMs,
    },
    clientErrorHandler,
    frameworkErrors,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    MockServerModule.forRoot(config, backend),
    adapter,
    // The body parsers are the mock's own (edge/http-edge.ts), not Nest's.
    { logger: ['error', 'warn'], bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const journal = app.get(JournalService);
  registerBodyParsers(fastify);
  const guardControl = controlAccess(config.host, config.controlToken);
  const feed = new ChangeFeed(100, backend.changes);
  app.get<MockEngine>(MOCK_ENGINE).onStatusChange(() => feed.notify('status'));
  installDashboard(fastify, feed);
  if (backend.shared) followSharedClock(fastify, app.get<MockClock>(CLOCK), backend);
  installFaults(fastify, app.get(FaultsService), journal, `/${PUBLIC_BASE_PATH}`);

  // Only on control routes that exist: an unknown path answers the same 404 everywhere.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith(CONTROL_PREFIX) && request.routeOptions.url !== undefined)
      guardControl(request, reply, done);
    else done();
  });

  // Once closing, every answer says `Connection: close`: a client then knows not to send
  // its next request on this connection, rather than seeing it reset unread.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (closingApps.has(app)) void reply.header('Connection', 'close');
    return payload;
  });

  const observe = options.observe;
  // Only the flag: the hook must not keep the whole config (and its seed) alive.
  const logRequests = config.logRequests;
  if (observe) {
    fastify.addHook('onSend', async (request, reply, payload) => {
      observe({
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        headers: reply.getHeaders(),
        body: typeof payload === 'string' ? payload : String(payload ?? ''),
      });
      return payload;
    });
  }
  fastify.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0];
    // Reads of the control API change nothing; everything else may (and the dashboard shows it).
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if (!(reads && path.startsWith(CONTROL_PREFIX))) feed.notify('request');
    if (path.startsWith(CONTROL_PREFIX)) return;
    journal.record(
      request.method,
      path,
      reply.statusCode,
      reply.elapsedTime,
      request.headers.authorization !== undefined,
      (request as typeof request & FaultMarked).faultRuleId,
    );
    if (logRequests)
      console.log(
        `${request.method} ${path} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
      );
  });

  await app.init();
  return app;
}

/**
 * Processes sharing a manual clock read it before each request, so that a move made
 * through any of them holds in all (one read, of one small key).
 */
function followSharedClock(fastify: FastifyInstance, clock: MockClock, backend: MockBackend) {
  if (!(clock instanceof ManualClock)) return;
  fastify.addHook('onRequest', async (_request, reply) => {
    try {
      clock.follow(await backend.clock.offset());
    } catch {
      sendApiError(reply, API_ERRORS.storeUnavailable());
      return reply;
    }
  });
}

const closingApps = new WeakSet<object>();

/**
 * Stops a mock: new connections are refused, answers in flight finish with
 * `Connection: close`, and the promise resolves once the server is closed.
 */
export async function closeMock(app: NestFastifyApplication): Promise<void> {
  closingApps.add(app);
  await app.close();
}

/** A mock listening on `config.host:config.port` (port 0: a free one), with the origin to call. */
export async function listenMock(
  config: MockConfig,
  options: MockAppOptions = {},
): Promise<{ app: NestFastifyApplication; origin: string }> {
  const app = await createMockApp(config, options);
  // Fastify's own listen, not Nest's: Nest logs a failure as a stack trace before
  // rejecting, and a busy port is the caller's to word (`hypersender-mock` prints one line).
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  try {
    await fastify.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { app, origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
