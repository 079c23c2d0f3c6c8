import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { StoreUnavailableError, type MockBackend } from '@hypersender/mock-engine';
import { BACKEND, FAULT_SETTINGS, type FaultSettings } from '../engine/tokens';
import { API_ERRORS, ApiError } from '../errors/api-error';
import {
  parseFaultRule,
  type FaultOperation,
  type FaultRule,
  type FaultRuleInput,
} from './fault-rule';

/** The fault rules as processes sharing a backend keep them. */
interface SharedFaults {
  rules: FaultRule[];
  nextId: number;
}

/** A public request, as a rule sees it. */
export interface FaultRequest {
  method: string;
  /** Without the query. */
  path: string;
}

/** What to do with a request: nothing, or wait and then answer, drop or hang. */
export interface FaultDecision {
  ruleId?: string;
  delayMs: number;
  action: 'continue' | 'answer' | 'drop' | 'hang';
  status?: number;
  body?: FaultRule['body'];
  headers?: Record<string, string>;
}

const OPERATIONS: Array<{ method: string; pattern: RegExp; operation: FaultOperation }> = [
  { method: 'POST', pattern: /^\/([^/]+)\/request-new-qr-code$/, operation: 'requestNewQrCode' },
  { method: 'GET', pattern: /^\/([^/]+)\/health$/, operation: 'getInstanceHealth' },
  { method: 'POST', pattern: /^\/([^/]+)\/restart$/, operation: 'restartInstance' },
  { method: 'POST', pattern: /^\/create-instance$/, operation: 'createInstance' },
  { method: 'GET', pattern: /^\/instances$/, operation: 'listInstances' },
];

/**
 * mulberry32: a small seeded generator, so that `--random-seed N` gives the same
 * faults in the same order on every run. Six lines here rather than a dependency of
 * the mock's runtime for one function.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fault rules of a mock (control API, `--faults FILE`) and the global latency
 * (`--latency MIN-MAX`): for each public request, what happens to it. The first rule
 * that matches and is not spent decides; a rule that only delays lets the request go
 * on to its real answer. A request a rule answers never reaches auth or the rate
 * limiter, as a proxy's 502 never reaches the real service: it does not count.
 */
@Injectable()
export class FaultsService implements OnModuleInit {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private random: () => number;
  /** The shared document's version this copy reflects (processes sharing one backend). */
  private version = 0;
  private readonly shared: boolean;

  constructor(
    @Inject(FAULT_SETTINGS) private readonly settings: FaultSettings,
    @Inject(BACKEND) private readonly backend: MockBackend,
  ) {
    this.random = settings.randomSeed === null ? Math.random : seededRandom(settings.randomSeed);
    this.shared = backend.shared;
    if (!this.shared) for (const rule of settings.rules) this.push(rule);
  }

  /** With a shared backend, the start-up rules are added once, by the first process. */
  async onModuleInit(): Promise<void> {
    if (!this.shared || this.settings.rules.length === 0) return;
    await this.transact((loaded) => {
      if (!loaded) for (const rule of this.settings.rules) this.push(rule);
    });
  }

  /** Adds a rule (checked); answers it with its id, or throws the 422 naming each field at fault. */
  add(raw: unknown): Promise<FaultRule> {
    return this.transact(() => this.push(raw));
  }

  async list(): Promise<FaultRule[]> {
    await this.pull();
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: string): Promise<void> {
    return this.transact(() => {
      const before = this.rules.length;
      this.rules = this.rules.filter((rule) => rule.id !== id);
      if (this.rules.length === before)
        throw new ApiError(404, { message: `No fault rule ${id}.` });
    });
  }

  /** Every rule gone, the random source back to its seed (a full reset). */
  async clear(): Promise<void> {
    if (this.settings.randomSeed !== null) this.random = seededRandom(this.settings.randomSeed);
    await this.transact(() => {
      this.rules = [];
      this.nextId = 1;
    });
  }

  /** What happens to `request` (a path under the public base path). */
  async decide(request: FaultRequest): Promise<FaultDecision> {
    if (!this.shared) return this.decideNow(request);
    await this.pull();
    // No rule: nothing to count, so nothing to write.
    if (this.rules.length === 0) return this.decideNow(request);
    return this.transact(() => this.decideNow(request));
  }

  private push(raw: unknown): FaultRule {
    const parsed = parseFaultRule(raw);
    if (!parsed.ok) throw API_ERRORS.validation(parsed.errors);
    const rule: FaultRule = {
      id: `fault-${this.nextId++}`,
      ...parsed.rule,
      matched: 0,
      applied: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  /** Takes the shared rules (and their counters) when another process changed them. */
  private async pull(): Promise<boolean> {
    if (!this.shared) return true;
    const { value, version } = await this.backend.faults.read();
    if (version !== this.version) {
      const document = value as SharedFaults | null;
      this.rules = document?.rules ?? [];
      this.nextId = document?.nextId ?? 1;
      this.version = version;
    }
    return version > 0;
  }

  /**
   * Runs `change` on the rules; with a shared backend, on the newest rules, saved by
   * compare-and-set (again from a fresh read when another process wrote first), so
   * that a rule's `times` holds across processes.
   */
  private async transact<T>(change: (loaded: boolean) => T): Promise<T> {
    if (!this.shared) return change(true);
    for (let attempt = 0; attempt < 25; attempt++) {
      const loaded = await this.pull();
      const before = { rules: this.rules.map((rule) => ({ ...rule })), nextId: this.nextId };
      const result = change(loaded);
      const document: SharedFaults = { rules: this.rules, nextId: this.nextId };
      if (await this.backend.faults.write(document, this.version)) {
        this.version += 1;
        return result;
      }
      this.rules = before.rules;
      this.nextId = before.nextId;
      this.version = -1;
    }
    throw new StoreUnavailableError(
      'The fault rules kept changing under 25 attempts to save them.',
    );
  }

  private decideNow(request: FaultRequest): FaultDecision {
    const latency = this.latency();
    // No rule: every public request passes here, so nothing more is worked out.
    if (this.rules.length === 0) return { delayMs: latency, action: 'continue' };
    let known: (typeof OPERATIONS)[number] | undefined;
    let instance: string | undefined;
    for (const entry of OPERATIONS) {
      const found = entry.method === request.method ? entry.pattern.exec(request.path) : null;
      if (found) {
        known = entry;
        instance = found[1];
        break;
      }
    }
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.applied >= rule.times) continue;
      const { match = {} } = rule;
      if (match.operation !== undefined && match.operation !== known?.operation) continue;
      if (match.instance !== undefined && match.instance !== instance) continue;
      if (match.method !== undefined && match.method.toUpperCase() !== request.method) continue;
      if (match.path !== undefined && !request.path.includes(match.path)) continue;
      rule.matched += 1;
      if (rule.every !== undefined && rule.matched % rule.every !== 0) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.applied += 1;
      const delayMs = latency + this.delay(rule.delay_ms);
      const action = rule.drop ? 'drop' : rule.hang ? 'hang' : rule.status ? 'answer' : 'continue';
      return {
        ruleId: rule.id,
        delayMs,
        action,
        status: rule.status,
        body: rule.body,
        headers: rule.headers,
      };
    }
    return { delayMs: latency, action: 'continue' };
  }

  private latency(): number {
    return this.settings.latency ? this.delay(this.settings.latency) : 0;
  }

  private delay(delay: FaultRuleInput['delay_ms']): number {
    if (delay === undefined) return 0;
    if (typeof delay === 'number') return delay;
    return Math.round(delay.min + this.random() * (delay.max - delay.min));
  }
}
