import { join } from 'node:path';
import { createMockApp, DEFAULT_CONFIG, PUBLIC_BASE_PATH } from '@hypersender/mock-http';
import { httpControl } from '../lib/http-control';
import { freePort, startProcess, WORKSPACE_ROOT } from '../lib/processes';
import type { Capability, TargetFactory } from '../lib/target';
import { MOCK_CAPABILITIES, SEEDED } from './mock.targets';

const PRISM = join(WORKSPACE_ROOT, 'node_modules/.bin/prism');
const SPEC = join(WORKSPACE_ROOT, 'openapi/hypersender.yaml');
const READY = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;

interface Violation {
  location: string[];
  severity: string;
  message: string;
}

/**
 * What Prism reports in `sl-violations`. Findings about the response always count.
 * Findings about the request count too, except in a case that sends an invalid request
 * on purpose (no token), where Prism rightly says "Invalid security scheme used".
 */
function slViolations(response: Response, request: { deliberatelyInvalid: boolean }): string[] {
  const header = response.headers.get('sl-violations');
  if (!header) return [];
  const violations = JSON.parse(header) as Violation[];
  return violations
    .filter((violation) => violation.location[0] === 'response' || !request.deliberatelyInvalid)
    .map(
      (violation) =>
        `sl-violations: ${violation.location.join('.')}: ${violation.message} (${violation.severity})`,
    );
}

/** Stoplight Prism mocking the spec: stateless, answers examples; `Prefer: code=` forces any response. */
export const prismMock: TargetFactory = {
  name: 'Prism mock of the spec',
  capabilities: new Set<Capability>(['writes', 'forced-responses']),
  async start() {
    const port = await freePort();
    const prism = await startProcess(
      PRISM,
      ['mock', SPEC, '--host', '127.0.0.1', '--port', String(port), '--errors', 'false'],
      READY,
    );
    return {
      name: this.name,
      // Prism serves the paths at its root; it ignores the servers' base path.
      baseUrl: prism.match[1],
      // Prism checks that a bearer token is present, not which one: any will do.
      token: 'prism|any-token',
      // Prism answers the spec's examples, whose instance is the seeded one.
      instanceId: SEEDED.id,
      capabilities: this.capabilities,
      inspect: slViolations,
      stop: prism.stop,
    };
  },
};

/**
 * Prism as a validation proxy in front of the mock: the stateful cases run through it,
 * and every finding Prism reports in `sl-violations` fails the case. This checks the
 * mock's real answers with a validator nobody here wrote.
 */
export const prismProxyToMock: TargetFactory = {
  name: 'Prism validation proxy in front of the mock',
  capabilities: MOCK_CAPABILITIES,
  async start() {
    const app = await createMockApp({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' });
    await app.listen(0, '127.0.0.1');
    const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const port = await freePort();
    const upstream = `${origin}/${PUBLIC_BASE_PATH}`;
    let prism;
    try {
      prism = await startProcess(
        PRISM,
        [
          'proxy',
          SPEC,
          upstream,
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--errors',
          'false',
        ],
        READY,
      );
    } catch (error) {
      await app.close();
      throw error;
    }
    const stopPrism = prism.stop;
    return {
      name: this.name,
      baseUrl: prism.match[1],
      token: SEEDED.token,
      instanceId: SEEDED.id,
      capabilities: this.capabilities,
      control: httpControl(origin),
      inspect: slViolations,
      async stop() {
        await stopPrism();
        await app.close();
      },
    };
  },
};
