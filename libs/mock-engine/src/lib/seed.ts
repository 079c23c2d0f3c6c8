import { validateCreateInstance } from './create-instance.rules';
import { isInstanceStatus, type InstanceStatus } from './instance-status';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The statuses an instance may be seeded or created in through the control API. */
export const SEEDABLE_STATUSES = ['STOPPED', 'PENDING', 'WORKING', 'FAILED'] as const;
export type SeedableStatus = (typeof SEEDABLE_STATUSES)[number];

export interface SeedInstance {
  readonly id: string;
  readonly token: string;
  readonly name: string;
  readonly phone: string;
  readonly status: SeedableStatus;
  readonly webhookUrl: string | null;
  /** Sent as the `authorization` header of each webhook, as the real service sends the user's secret. */
  readonly webhookSecret: string | null;
}

export interface Seed {
  /** Tokens that are known (authenticate) even without an instance of their own. */
  readonly tokens: readonly string[];
  readonly instances: readonly SeedInstance[];
}

/** The instance a fresh `npm start` has, so that the printed curl works at once. */
export const DEFAULT_SEED: Seed = {
  tokens: ['2|hsMockOtherTenant9KqWz3Lr7Tn1Vb5XpQ4mW8eb940431c'],
  instances: [
    {
      id: '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10',
      token: '1|hsMock3uB2pBSTq9Yw8c7Xr6Lk5Jh4Gf3Ds2AaQ115bf96bb',
      name: 'Support line',
      phone: '+14155550123',
      status: 'STOPPED',
      webhookUrl: null,
      webhookSecret: null,
    },
  ],
};

/** A seed's message lists this many problems at most: a broken seed of 100,000 instances stays readable. */
export const SEED_PROBLEMS_SHOWN = 100;

/** A seed file that cannot be used; `problems` names each fault by its place in the file. */
export class SeedError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, SEED_PROBLEMS_SHOWN);
    const more = problems.length - shown.length;
    super(
      `Seed ${source} is invalid:\n  - ${shown.join('\n  - ')}${more > 0 ? `\n  ... and ${more} more` : ''}`,
    );
    this.name = 'SeedError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed seed file: `{"tokens": [...], "instances": [{id, token, name, phone,
 * status?, webhook_url?}]}`. Throws a SeedError listing every fault.
 */
export function parseSeed(
  json: unknown,
  source: string,
  { webhooksHttpsOnly = false }: { webhooksHttpsOnly?: boolean } = {},
): Seed {
  const problems: string[] = [];
  if (!isRecord(json)) throw new SeedError(source, ['the top level must be an object']);
  const tokens = json['tokens'] ?? [];
  const instances = json['instances'] ?? [];
  if (
    !Array.isArray(tokens) ||
    tokens.some((token) => typeof token !== 'string' || !/^\S+$/.test(token))
  ) {
    problems.push('tokens: must be an array of non-empty strings without spaces');
  }
  if (!Array.isArray(instances)) problems.push('instances: must be an array');
  const parsed: SeedInstance[] = [];
  const ids = new Set<string>();
  /** Names taken, per token: no concatenated key per instance (a seed may hold 100,000). */
  const names = new Map<unknown, Set<string>>();
  (Array.isArray(instances) ? instances : []).forEach((item: unknown, index) => {
    const at = `instances[${index}]`;
    if (!isRecord(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const {
      id,
      token,
      name,
      phone,
      status = 'STOPPED',
      webhook_url: webhookUrl = null,
      webhook_secret: webhookSecret = null,
    } = item;
    const before = problems.length;
    if (typeof id !== 'string' || !isUuid(id)) problems.push(`${at}.id: must be a UUID`);
    else if (ids.has(id)) problems.push(`${at}.id: ${id} appears twice`);
    if (typeof token !== 'string' || !/^\S+$/.test(token))
      problems.push(`${at}.token: must be a non-empty string without spaces`);
    // The same rules as create-instance, with the same messages (one set of rules).
    const validation = validateCreateInstance(
      { name, phone, webhook_url: webhookUrl ?? undefined },
      (candidate) => names.get(token)?.has(candidate) ?? false,
      { webhooksHttpsOnly },
    );
    if (!validation.ok) {
      for (const [field, messages] of Object.entries(validation.errors))
        for (const message of messages) problems.push(`${at}.${field}: ${message}`);
    }
    if (
      !isInstanceStatus(status) ||
      !(SEEDABLE_STATUSES as readonly InstanceStatus[]).includes(status)
    ) {
      problems.push(`${at}.status: must be one of ${SEEDABLE_STATUSES.join(', ')}`);
    }
    if (webhookSecret !== null && (typeof webhookSecret !== 'string' || webhookSecret === ''))
      problems.push(`${at}.webhook_secret: must be a non-empty string or null`);
    if (problems.length > before) return;
    ids.add(id as string);
    const taken = names.get(token) ?? new Set<string>();
    names.set(token, taken.add(name as string));
    parsed.push({
      id: id as string,
      token: token as string,
      name: name as string,
      phone: phone as string,
      status: status as SeedableStatus,
      webhookUrl: webhookUrl as string | null,
      webhookSecret: webhookSecret as string | null,
    });
  });
  if (problems.length > 0) throw new SeedError(source, problems);
  return { tokens: tokens as string[], instances: parsed };
}
