import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { memoryBackend, StoreUnavailableError, type MockBackend } from '@hypersender/mock-engine';
import { randomBytes } from 'node:crypto';
import { closeMock, isLoopbackHost, listenMock, type MockConfig } from '@hypersender/mock-http';
import { connectRedisBackend } from '@hypersender/mock-store-redis';

/** Why listening failed, in words: the port is taken, the address is not this machine's. */
export function listenFailure(error: unknown, config: Pick<MockConfig, 'host' | 'port'>): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return new Error(`cannot listen on ${where}: the port is in use (EADDRINUSE)`);
  if (code === 'EADDRNOTAVAIL')
    return new Error(`cannot listen on ${where}: the address is not one of this machine's`);
  if (code === 'EACCES')
    return new Error(`cannot listen on ${where}: permission denied (EACCES; ports below 1024?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new Error(`cannot listen on ${where}: the host name does not resolve (${code})`);
  return new Error(`cannot listen on ${where}: ${(error as Error)?.message ?? String(error)}`);
}

/** The store the configuration names; a Redis that cannot be reached now rejects, in words. */
export function openBackend(
  config: Pick<MockConfig, 'store'>,
  log: (message: string) => void = (message) => console.warn(`hypersender-mock: ${message}`),
): Promise<MockBackend> {
  if (config.store === 'memory') return Promise.resolve(memoryBackend());
  return connectRedisBackend({ url: config.store, log });
}

export interface StartedMock {
  app: NestFastifyApplication;
  origin: string;
  backend: MockBackend;
  /** Stops taking connections, finishes the requests in flight, then lets the store go. */
  close(): Promise<void>;
}

/**
 * Beyond loopback the control API and the dashboard can reset and link any instance
 * for anyone who reaches the port: without a token given, one is made up (and printed).
 */
export function withControlToken(config: MockConfig): MockConfig {
  if (config.controlToken !== null || isLoopbackHost(config.host)) return config;
  return { ...config, controlToken: randomBytes(18).toString('base64url') };
}

/** Starts a configured mock: its store opened, the Nest application listening, with its origin. */
export async function listenConfigured(config: MockConfig): Promise<StartedMock> {
  const backend = await openBackend(config);
  let started;
  try {
    started = await listenMock(config, { backend });
  } catch (error) {
    await backend.close();
    if (error instanceof StoreUnavailableError) throw new Error(`cannot start: ${error.message}`);
    throw listenFailure(error, config);
  }
  const { app, origin } = started;
  return {
    app,
    origin,
    backend,
    close: async () => {
      try {
        await closeMock(app);
      } finally {
        await backend.close();
      }
    },
  };
}
