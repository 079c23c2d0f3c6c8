import { HYPERSENDER_BASE_URL } from '@hypersender/api-client';
import { httpControl } from '../lib/http-control';
import { parseCapabilities, type Capability, type TargetFactory } from '../lib/target';

function capabilitiesFrom(list: string | undefined): Set<Capability> {
  try {
    return parseCapabilities(list ?? '');
  } catch (error) {
    throw new Error(`CONTRACT_CAPABILITIES: ${(error as Error).message}`);
  }
}

const env = process.env;

/**
 * Any deployment, for users' CI: CONTRACT_BASE_URL (up to /api/whatsapp/v2),
 * CONTRACT_TOKEN, CONTRACT_INSTANCE_ID, and CONTRACT_CAPABILITIES (comma-separated;
 * none by default, so only the read-only cases run). CONTRACT_CONTROL_URL points at a
 * mock's origin for the control API.
 */
export const externalTarget: TargetFactory = {
  name: `external target ${env['CONTRACT_BASE_URL'] ?? '(CONTRACT_BASE_URL)'}`,
  capabilities: capabilitiesFrom(env['CONTRACT_CAPABILITIES']),
  unavailable: () =>
    env['CONTRACT_BASE_URL'] && env['CONTRACT_TOKEN'] && env['CONTRACT_INSTANCE_ID']
      ? undefined
      : 'CONTRACT_BASE_URL, CONTRACT_TOKEN and CONTRACT_INSTANCE_ID are not all set',
  async start() {
    return {
      name: this.name,
      baseUrl: env['CONTRACT_BASE_URL'] as string,
      token: env['CONTRACT_TOKEN'] as string,
      instanceId: env['CONTRACT_INSTANCE_ID'] as string,
      capabilities: this.capabilities,
      control: env['CONTRACT_CONTROL_URL'] ? httpControl(env['CONTRACT_CONTROL_URL']) : undefined,
      stop: async () => undefined,
    };
  },
};

/**
 * The real Hypersender API: read-only, rate-limit-safe cases only (health, list, 401,
 * 404): no QR request (1 per minute, and it would unlink a working phone), no writes.
 */
export const realApi: TargetFactory = {
  name: 'the real Hypersender API',
  capabilities: new Set<Capability>(['tokens']),
  unavailable: () =>
    env['HYPERSENDER_TOKEN'] && env['HYPERSENDER_INSTANCE_ID']
      ? undefined
      : 'HYPERSENDER_TOKEN and HYPERSENDER_INSTANCE_ID are not set',
  async start() {
    return {
      name: this.name,
      baseUrl: env['HYPERSENDER_BASE_URL'] ?? HYPERSENDER_BASE_URL,
      token: env['HYPERSENDER_TOKEN'] as string,
      instanceId: env['HYPERSENDER_INSTANCE_ID'] as string,
      capabilities: this.capabilities,
      stop: async () => undefined,
    };
  },
};
