import { freePort, startProcess, type RunningProcess } from './processes';

/** Debian's `redis-server` (`.ci/run` installs it when missing). */
export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? 'redis-server';

/**
 * A real Redis for one test file: on a free loopback port (Redis reads port 0 as "no
 * TCP"), persistence off. Give `port` to start it again where a stopped one was.
 */
export async function startRedis(
  port?: number,
): Promise<RunningProcess & { url: string; port: number }> {
  const chosen = port ?? (await freePort());
  const redis = await startProcess(
    REDIS_SERVER,
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
  );
  return { ...redis, url: `redis://127.0.0.1:${chosen}`, port: chosen };
}
