import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { listenMock, type MockConfig } from '@hypersender/mock-http';

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

/** Starts a configured mock: the Nest application listening, with its origin. */
export async function listenConfigured(
  config: MockConfig,
): Promise<{ app: NestFastifyApplication; origin: string }> {
  try {
    return await listenMock(config);
  } catch (error) {
    throw listenFailure(error, config);
  }
}
