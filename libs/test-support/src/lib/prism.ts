import { join } from 'node:path';
import { freePort, startProcess, WORKSPACE_ROOT, type RunningProcess } from './processes';

export const PRISM_BIN = join(WORKSPACE_ROOT, 'node_modules/.bin/prism');
export const HYPERSENDER_SPEC = join(WORKSPACE_ROOT, 'openapi/hypersender.yaml');

/**
 * Stoplight Prism on a free loopback port: `mock` serves the spec's examples (and any
 * documented response on `Prefer: code=<status>`), `proxy` validates an upstream's real
 * answers and reports findings in `sl-violations`. Spawned from node_modules/.bin, never
 * through npx (killing npx left Prism listening).
 */
export async function startPrism(
  mode: 'mock' | 'proxy',
  upstream?: string,
): Promise<RunningProcess & { origin: string }> {
  const port = await freePort();
  const args = [
    mode,
    HYPERSENDER_SPEC,
    ...(upstream ? [upstream] : []),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--errors',
    'false',
  ];
  const prism = await startProcess(
    PRISM_BIN,
    args,
    /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  return { ...prism, origin: prism.match[1] };
}
