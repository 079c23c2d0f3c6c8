import { join } from 'node:path';
import { DEFAULT_CONFIG, listenMock, PUBLIC_BASE_PATH } from '@hypersender/mock-http';
import { httpControl } from '../lib/http-control';
import { startProcess, startRedis, WORKSPACE_ROOT } from '@hypersender/test-support';
import { MOCK_CAPABILITIES, type ContractTarget, type TargetFactory } from '../lib/target';

export const SEEDED = DEFAULT_CONFIG.seed.instances[0];

/** A running mock at `origin` as a target: the seeded instance, the control API. */
function mockTarget(name: string, origin: string, stop: () => Promise<void>): ContractTarget {
  return {
    name,
    baseUrl: `${origin}/${PUBLIC_BASE_PATH}`,
    token: SEEDED.token,
    instanceId: SEEDED.id,
    capabilities: MOCK_CAPABILITIES,
    control: httpControl(origin),
    stop,
  };
}

/** The mock inside this process (a Nest application on an ephemeral loopback port). */
export const mockInProcess: TargetFactory = {
  name: 'mock (in-process)',
  capabilities: MOCK_CAPABILITIES,
  async start() {
    const { app, origin } = await listenMock({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' });
    return mockTarget(this.name, origin, () => app.close());
  },
};

/** The built mock, started as the README tells users (`node dist/apps/mock-server/main.js`). */
export const mockAsProcess: TargetFactory = {
  name: 'mock (process, built output)',
  capabilities: MOCK_CAPABILITIES,
  async start() {
    const main = join(WORKSPACE_ROOT, 'dist/apps/mock-server/main.js');
    const server = await startProcess(
      process.execPath,
      [main, '--port', '0', '--clock', 'manual'],
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    return mockTarget(this.name, server.match[1], server.stop);
  },
};

/**
 * The built mock as a team shares it: two worker processes on one port, their state in
 * one real Redis (started for the run, persistence off, stopped after).
 */
export const mockWorkersOnRedis: TargetFactory = {
  name: 'mock (2 workers, Redis store)',
  capabilities: MOCK_CAPABILITIES,
  async start() {
    const redis = await startRedis();
    const main = join(WORKSPACE_ROOT, 'dist/apps/mock-server/main.js');
    try {
      const server = await startProcess(
        process.execPath,
        [main, '--port', '0', '--clock', 'manual', '--workers', '2', '--store', redis.url],
        /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      );
      return mockTarget(this.name, server.match[1], async () => {
        await server.stop();
        await redis.stop();
      });
    } catch (error) {
      await redis.stop();
      throw error;
    }
  },
};
