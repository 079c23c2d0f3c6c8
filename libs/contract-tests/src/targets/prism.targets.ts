import { DEFAULT_CONFIG, listenMock, PUBLIC_BASE_PATH } from '@hypersender/mock-http';
import { httpControl } from '../lib/http-control';
import { startPrism } from '@hypersender/test-support';
import type { Capability, TargetFactory } from '../lib/target';
import { MOCK_CAPABILITIES } from '../lib/target';
import { SEEDED } from './mock.targets';

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
    const prism = await startPrism('mock');
    return {
      name: this.name,
      // Prism serves the paths at its root; it ignores the servers' base path.
      baseUrl: prism.origin,
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
    const { app, origin } = await listenMock({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' });
    let prism;
    try {
      prism = await startPrism('proxy', `${origin}/${PUBLIC_BASE_PATH}`);
    } catch (error) {
      await app.close();
      throw error;
    }
    const stopPrism = prism.stop;
    return {
      name: this.name,
      baseUrl: prism.origin,
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
