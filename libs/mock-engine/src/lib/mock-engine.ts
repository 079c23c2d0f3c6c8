import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { validateCreateInstance } from './create-instance.rules';
import { DomainError, type FieldErrors } from './domain-error';
import { isInstanceStatus, type InstanceStatus } from './instance-status';
import {
  InMemoryInstanceStore,
  STATUS_HISTORY_LENGTH,
  StoreUnavailableError,
  type InstanceRecord,
  type InstanceStore,
} from './instance-store';
import { newSanctumToken } from './sanctum-token';
import { StatusEvents, type StatusChangeEvent } from './status-events';
import { newQrPayload } from './qr-payload';
import { DEFAULT_SEED, isUuid, type Seed, type SeedableStatus } from './seed';
import {
  DEFAULT_MACHINE_SETTINGS,
  initialState,
  nextDueAt,
  settle,
  transition,
  type InstanceEvent,
  type InstanceState,
  type MachineSettings,
  type StatusChange,
} from './state-machine';

export interface InstanceFilters {
  uuid?: string;
  name?: string;
  phone?: string;
  status?: string;
}

/** A user id derived from the token (its SHA-256, shaped as a UUID): stable, and not the token. */
export function userIdOf(token: string): string {
  const hex = createHash('sha256').update(`hypersender-mock-user:${token}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface MockEngineOptions {
  clock: Clock;
  settings?: Partial<MachineSettings>;
  seed?: Seed;
  store?: InstanceStore;
  /** Makes QR payloads; random by default, a counter in tests that want to predict them. */
  nextQrText?: () => string;
  /** Refuse http:// webhook URLs on loopback hosts too, as the real API does. */
  webhooksHttpsOnly?: boolean;
}

export type Outcome<T> = T | DomainError;

/** What one step does to an instance brought up to date: a new state, a flag, or a refusal. */
interface Step {
  state?: InstanceState;
  /** The status changes to record (and announce) for `state`. */
  changes?: StatusChange[];
  failNextRestart?: boolean;
  /** Answered after the change is saved (a restart that fails still spends its flag). */
  refusal?: DomainError;
}

/** How often a change is tried again when another process changed the instance first. */
const MAX_ATTEMPTS = 25;

/**
 * The simulated Hypersender: instances, their state machine driven by one clock, the
 * simulated phone. No HTTP and no framework: the Nest layer maps its answers. State
 * lives behind an asynchronous store; every change is read, computed and saved as a
 * compare-and-set, so that concurrent requests (in this process or another sharing the
 * store) never both win one transition, and only the winner announces it.
 */
export class MockEngine {
  readonly settings: MachineSettings;
  readonly clock: Clock;
  private readonly store: InstanceStore;
  private readonly seed: Seed;
  private readonly nextQrText: () => string;
  private readonly events = new StatusEvents();
  private readonly webhooksHttpsOnly: boolean;

  constructor(options: MockEngineOptions) {
    this.webhooksHttpsOnly = options.webhooksHttpsOnly ?? false;
    this.clock = options.clock;
    this.settings = { ...DEFAULT_MACHINE_SETTINGS, ...options.settings };
    this.store = options.store ?? new InMemoryInstanceStore();
    this.seed = options.seed ?? DEFAULT_SEED;
    this.nextQrText = options.nextQrText ?? (() => newQrPayload());
  }

  /**
   * Loads the seed into an empty store. A shared store that already holds the mock's
   * state (it outlived a restart, or another process loaded it) is left as it is.
   */
  async initialize(): Promise<void> {
    if (!(await this.store.claimSeeding())) return;
    for (const token of this.seed.tokens) await this.store.addToken(token);
    for (const instance of this.seed.instances) await this.insert(instance.token, instance, true);
  }

  /** Calls `listener` on every status change, timed or caused, that this engine saved. */
  onStatusChange(listener: (event: StatusChangeEvent) => void): void {
    this.events.listen(listener);
  }

  /** Back to the seed: instances, tokens and QRs as at start-up. */
  async reset(): Promise<void> {
    const seeded = (await this.store.all()).filter((record) => record.fromSeed);
    await this.store.clear();
    await this.store.claimSeeding();
    for (const token of this.seed.tokens) await this.store.addToken(token);
    for (const record of seeded) {
      await this.insert(record.ownerToken, { ...record, status: record.initialStatus }, true);
    }
  }

  /** Whether `token` is known (hashed, compared in constant time). */
  authenticate(token: string): Promise<boolean> {
    return this.store.hasToken(token);
  }

  /** Whether `token` owns the instance `id` (no settling: for the rate limiter). */
  async owns(token: string, id: string): Promise<boolean> {
    return (await this.store.get(id))?.ownerToken === token;
  }

  instanceCount(): Promise<number> {
    return this.store.size();
  }

  // --- the public API -------------------------------------------------------------

  async createInstance(token: string, body: unknown): Promise<Outcome<InstanceRecord>> {
    const name = (body as { name?: unknown } | null)?.name;
    const taken = typeof name === 'string' && (await this.store.nameTaken(token, name));
    const validation = validateCreateInstance(body, () => taken, {
      webhooksHttpsOnly: this.webhooksHttpsOnly,
    });
    if (!validation.ok) return DomainError.invalid(validation.errors);
    return this.insert(token, { ...validation.input, webhookSecret: null, status: 'PENDING' });
  }

  /** Issues a new QR: the instance is SCAN_QR_CODE with it in `state.qr` (or refuses, per policy). */
  requestNewQrCode(token: string, id: string): Promise<Outcome<InstanceRecord>> {
    return this.modify(id, (record, now) => this.event(record, now, this.qrRequested()), token);
  }

  /** The instance, brought up to date, if `token` owns it. */
  health(token: string, id: string): Promise<Outcome<InstanceRecord>> {
    return this.modify(id, () => ({}), token);
  }

  /** The token's instances matching every filter given, oldest first; or the filter at fault. */
  async list(token: string, filters: InstanceFilters): Promise<Outcome<InstanceRecord[]>> {
    if (filters.status !== undefined && !isInstanceStatus(filters.status)) {
      return DomainError.invalid({ 'filter.status': ['The selected filter.status is invalid.'] });
    }
    const name = filters.name?.toLowerCase();
    const result: InstanceRecord[] = [];
    for (const stored of await this.store.ownedBy(token)) {
      if (filters.uuid !== undefined && stored.id !== filters.uuid) continue;
      if (filters.phone !== undefined && stored.phone !== filters.phone) continue;
      if (name !== undefined && !stored.name.toLowerCase().includes(name)) continue;
      const record = await this.current(stored);
      if (filters.status !== undefined && record.state.status !== filters.status) continue;
      result.push(record);
    }
    return result;
  }

  /** STOPPED -> STARTING (the answer's message is the HTTP layer's), or RESTART_FAILED when told to. */
  restart(token: string, id: string): Promise<Outcome<InstanceRecord>> {
    return this.modify(
      id,
      (record, now) =>
        record.failNextRestart
          ? { failNextRestart: false, refusal: new DomainError('RESTART_FAILED') }
          : this.event(record, now, { type: 'RESTART' }),
      token,
    );
  }

  // --- the control API ------------------------------------------------------------

  async listAll(): Promise<InstanceRecord[]> {
    const records: InstanceRecord[] = [];
    for (const record of await this.store.all()) records.push(await this.current(record));
    return records;
  }

  inspect(id: string): Promise<Outcome<InstanceRecord>> {
    return this.modify(id, () => ({}));
  }

  /**
   * Creates an instance in a given status, bypassing limits, for `token` (which becomes
   * known) or for a new Sanctum token when none is given.
   */
  async createForControl(input: {
    id?: string;
    token?: string;
    name: string;
    phone: string;
    status?: SeedableStatus;
    webhookUrl?: string | null;
    webhookSecret?: string | null;
  }): Promise<Outcome<InstanceRecord>> {
    const errors: FieldErrors = {};
    if (input.id !== undefined && (!isUuid(input.id) || (await this.store.get(input.id)))) {
      errors['id'] = ['The id must be a UUID not used yet.'];
    }
    if (input.token !== undefined && !/^\S+$/.test(input.token))
      errors['token'] = ['The token must be a non-empty string without spaces.'];
    const token = input.token ?? newSanctumToken(await this.store.nextAccessTokenId());
    const taken = typeof input.name === 'string' && (await this.store.nameTaken(token, input.name));
    const validation = validateCreateInstance(
      { name: input.name, phone: input.phone, webhook_url: input.webhookUrl ?? undefined },
      () => taken,
      { webhooksHttpsOnly: this.webhooksHttpsOnly },
    );
    if (!validation.ok) Object.assign(errors, validation.errors);
    if (Object.keys(errors).length > 0 || !validation.ok) return DomainError.invalid(errors);
    return this.insert(token, {
      ...validation.input,
      webhookSecret: input.webhookSecret ?? null,
      id: input.id,
      status: input.status ?? 'STOPPED',
    });
  }

  /** Back to the status it was created in, without a QR or a pending failure. */
  resetInstance(id: string): Promise<Outcome<InstanceRecord>> {
    return this.modify(
      id,
      (record, now) => ({
        failNextRestart: false,
        state: initialState(record.initialStatus, now),
      }),
      undefined,
      false,
    );
  }

  /** A phone scans `qrText`: links the instance that issued it, if it is still its current QR. */
  async scan(qrText: string, onlyInstanceId?: string): Promise<Outcome<InstanceRecord>> {
    const ownerId = await this.store.qrOwner(qrText);
    if (onlyInstanceId !== undefined) {
      if (!(await this.store.get(onlyInstanceId))) return new DomainError('INSTANCE_NOT_FOUND');
      if (ownerId !== undefined && ownerId !== onlyInstanceId) return new DomainError('QR_UNKNOWN');
    } else if (ownerId === undefined || !(await this.store.get(ownerId))) {
      return new DomainError('QR_STALE');
    }
    return this.modify(onlyInstanceId ?? (ownerId as string), (record, now) =>
      this.event(record, now, { type: 'SCANNED', qrText }),
    );
  }

  /** Scans whatever QR the instance shows now. */
  async scanCurrent(id: string): Promise<Outcome<InstanceRecord>> {
    const current = await this.inspect(id);
    if (current instanceof DomainError) return current;
    if (!current.state.qr) return new DomainError('QR_NOT_ACTIVE');
    return this.scan(current.state.qr.text, id);
  }

  unlink(id: string): Promise<Outcome<InstanceRecord>> {
    return this.modify(id, (record, now) => this.event(record, now, { type: 'UNLINKED' }));
  }

  /** The next start ends FAILED (`start`), or the next restart request answers 500 (`restart`). */
  failNext(id: string, on: 'start' | 'restart'): Promise<Outcome<InstanceRecord>> {
    return this.modify(id, (record) =>
      on === 'restart'
        ? { failNextRestart: true }
        : { state: { ...record.state, failNextStart: true } },
    );
  }

  /**
   * Makes the timed moves that are due for instances with a webhook (after the manual
   * clock moved, or on a timer with the real clock), so that their webhooks fire without
   * anyone reading them. Other instances move when they are next read.
   */
  async settleWebhookInstances(): Promise<void> {
    for (const id of await this.store.webhookInstanceIds()) {
      const record = await this.store.get(id);
      if (record) await this.current(record);
    }
  }

  // --- inside ---------------------------------------------------------------------

  private async insert(
    token: string,
    input: {
      id?: string;
      name: string;
      phone: string;
      webhookUrl: string | null;
      webhookSecret: string | null;
      status: InstanceStatus;
    },
    fromSeed = false,
  ): Promise<Outcome<InstanceRecord>> {
    const now = this.clock.now();
    const linked = input.status === 'WORKING';
    const record: InstanceRecord = {
      id: input.id ?? randomUUID(),
      version: 1,
      name: input.name,
      phone: input.phone,
      webhookUrl: input.webhookUrl,
      webhookSecret: input.webhookSecret,
      ownerToken: token,
      createdAt: now,
      initialStatus: input.status,
      fromSeed,
      accessToken: linked ? newSanctumToken(await this.store.nextAccessTokenId()) : null,
      failNextRestart: false,
      state: initialState(input.status, now),
      statusHistory: [{ status: input.status, at: now }],
    };
    switch (await this.store.insert(record)) {
      case 'inserted':
        return record;
      case 'name-taken':
        return DomainError.invalid({ name: ['The name has already been taken.'] });
      case 'id-taken':
        return DomainError.invalid({ id: ['The id must be a UUID not used yet.'] });
    }
  }

  private qrRequested(): InstanceEvent {
    return { type: 'QR_REQUESTED', qrText: this.nextQrText() };
  }

  /** The state machine's answer to `event`, with the status change it records. */
  private event(record: InstanceRecord, now: number, event: InstanceEvent): Step | DomainError {
    const next = transition(record.state, event, now, this.settings);
    if (next instanceof DomainError) return next;
    const recorded =
      next.status !== record.state.status ||
      event.type === 'RESTART' ||
      event.type === 'QR_REQUESTED';
    return { state: next, changes: recorded ? [{ status: next.status, at: now }] : [] };
  }

  /** The record with its timed moves applied up to now (saved when anything moved). */
  private async current(record: InstanceRecord): Promise<InstanceRecord> {
    const due = nextDueAt(record.state, this.settings);
    if (due === null || due > this.clock.now()) return record;
    const updated = await this.modify(record.id, () => ({}));
    return updated instanceof DomainError ? record : updated;
  }

  /**
   * Reads the instance, brings it up to date (unless `settleFirst` is false), applies
   * `step` and saves the result as a compare-and-set; when another process changed the
   * instance in between, all of it is done again from a fresh read. Only the save that
   * wins announces its status changes. With `owner`, an instance of another token
   * answers as an unknown one.
   */
  private async modify(
    id: string,
    step: (record: InstanceRecord, now: number) => Step | DomainError,
    owner?: string,
    settleFirst = true,
  ): Promise<Outcome<InstanceRecord>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.store.get(id);
      if (!stored || (owner !== undefined && stored.ownerToken !== owner))
        return new DomainError('INSTANCE_NOT_FOUND');
      const now = this.clock.now();
      let state = stored.state;
      const changes: StatusChange[] = [];
      const due = settleFirst ? nextDueAt(state, this.settings) : null;
      if (due !== null && due <= now) {
        const settled = settle(state, now, this.settings, this.nextQrText);
        state = settled.state;
        changes.push(...settled.changes);
      }
      const outcome = step({ ...stored, state }, now);
      if (outcome instanceof DomainError && state === stored.state) return outcome;
      const made: Step = outcome instanceof DomainError ? { refusal: outcome } : outcome;
      state = made.state ?? state;
      changes.push(...(made.changes ?? []));
      const failNextRestart = made.failNextRestart ?? stored.failNextRestart;
      if (state === stored.state && failNextRestart === stored.failNextRestart)
        return made.refusal ?? stored;
      const history = [...stored.statusHistory, ...changes].slice(-STATUS_HISTORY_LENGTH);
      const next: InstanceRecord = {
        ...stored,
        version: stored.version + 1,
        state,
        failNextRestart,
        statusHistory: history,
        accessToken:
          stored.accessToken ??
          (state.status === 'WORKING'
            ? newSanctumToken(await this.store.nextAccessTokenId())
            : null),
      };
      if (!(await this.store.replace(stored, next))) continue;
      this.announce(next, changes);
      return made.refusal ?? next;
    }
    throw new StoreUnavailableError(
      `Instance ${id} kept changing under ${MAX_ATTEMPTS} attempts to save it.`,
    );
  }

  private announce(record: InstanceRecord, changes: readonly StatusChange[]): void {
    if (changes.length === 0 || !this.events.heard()) return;
    const userId = userIdOf(record.ownerToken);
    const history = record.statusHistory;
    changes.forEach((change, index) => {
      this.events.emit({
        instanceId: record.id,
        userId,
        name: record.name,
        phone: record.phone,
        webhookUrl: record.webhookUrl,
        webhookSecret: record.webhookSecret,
        status: change.status,
        at: change.at,
        linked:
          index === changes.length - 1 ? record.state.deviceLinked : change.status === 'WORKING',
        history: history.slice(0, history.length - (changes.length - 1 - index)),
      });
    });
  }
}
