import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { validateCreateInstance } from './create-instance.rules';
import { DomainError, type FieldErrors } from './domain-error';
import { isInstanceStatus, type InstanceStatus } from './instance-status';
import {
  InMemoryInstanceStore,
  STATUS_HISTORY_LENGTH,
  type InstanceRecord,
  type InstanceStore,
} from './instance-store';
import { QrIndex } from './qr-index';
import { newSanctumToken } from './sanctum-token';
import { StatusEvents, type StatusChangeEvent } from './status-events';
import { TokenRegistry } from './token-registry';
import { newQrPayload } from './qr-payload';
import { DEFAULT_SEED, isUuid, type Seed, type SeedableStatus } from './seed';
import {
  DEFAULT_MACHINE_SETTINGS,
  initialState,
  nextDueAt,
  settle,
  transition,
  type InstanceEvent,
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

/**
 * The simulated Hypersender: instances, their state machine driven by one clock, the
 * simulated phone. No HTTP and no framework: the Nest layer maps its answers.
 */
export class MockEngine {
  readonly settings: MachineSettings;
  readonly clock: Clock;
  private readonly store: InstanceStore;
  /** The seed's tokens; its instances live on as records marked `fromSeed` (no second copy). */
  private readonly seedTokens: readonly string[];
  private readonly nextQrText: () => string;
  private readonly tokens = new TokenRegistry();
  private readonly qrIndex = new QrIndex();
  private readonly events = new StatusEvents();
  /** Instances whose status changes are POSTed somewhere: the only ones a timer must move. */
  private readonly withWebhook = new Set<string>();
  private readonly webhooksHttpsOnly: boolean;
  /** Each token's instance names, for the unique-name rule. */
  private readonly namesByToken = new Map<string, Set<string>>();
  /** The id of the next access token issued, as a database would count them. */
  private nextAccessTokenId = 1000;

  constructor(options: MockEngineOptions) {
    this.webhooksHttpsOnly = options.webhooksHttpsOnly ?? false;
    this.clock = options.clock;
    this.settings = { ...DEFAULT_MACHINE_SETTINGS, ...options.settings };
    this.store = options.store ?? new InMemoryInstanceStore();
    const seed = options.seed ?? DEFAULT_SEED;
    this.seedTokens = seed.tokens;
    this.nextQrText = options.nextQrText ?? (() => newQrPayload());
    for (const token of this.seedTokens) this.tokens.add(token);
    for (const instance of seed.instances) this.insert(instance.token, instance, true);
  }

  /** Calls `listener` on every status change, timed or caused. */
  onStatusChange(listener: (event: StatusChangeEvent) => void): void {
    this.events.listen(listener);
  }

  /** Back to the seed: instances, tokens and QRs as at start-up. */
  reset(): void {
    const seeded = Array.from(this.store.all()).filter((record) => record.fromSeed);
    this.store.clear();
    this.namesByToken.clear();
    this.tokens.clear();
    this.qrIndex.clear();
    this.withWebhook.clear();
    for (const token of this.seedTokens) this.tokens.add(token);
    for (const record of seeded) {
      this.insert(record.ownerToken, { ...record, status: record.initialStatus }, true);
    }
  }

  /** Whether `token` is known (hashed, compared in constant time). */
  authenticate(token: string): boolean {
    return this.tokens.has(token);
  }

  /** Whether `token` owns the instance `id` (no settling, no copy: for the rate limiter). */
  owns(token: string, id: string): boolean {
    return this.store.get(id)?.ownerToken === token;
  }

  instanceCount(): number {
    return this.store.size();
  }

  // --- the public API -------------------------------------------------------------

  createInstance(token: string, body: unknown): Outcome<InstanceRecord> {
    const validation = validateCreateInstance(body, (name) => this.nameTaken(token, name), {
      webhooksHttpsOnly: this.webhooksHttpsOnly,
    });
    if (!validation.ok) return DomainError.invalid(validation.errors);
    const record = this.insert(token, {
      ...validation.input,
      webhookSecret: null,
      status: 'PENDING',
    });
    return record;
  }

  /** Issues a new QR: the instance is SCAN_QR_CODE with it in `state.qr` (or refuses, per policy). */
  requestNewQrCode(token: string, id: string): Outcome<InstanceRecord> {
    const record = this.owned(token, id);
    if (record instanceof DomainError) return record;
    const updated = this.apply(record, { type: 'QR_REQUESTED', qrText: this.nextQrText() });
    if (updated instanceof DomainError) return updated;
    return updated;
  }

  /** The instance, brought up to date, if `token` owns it. */
  health(token: string, id: string): Outcome<InstanceRecord> {
    return this.owned(token, id);
  }

  /** The token's instances matching every filter given, oldest first; or the filter at fault. */
  list(token: string, filters: InstanceFilters): Outcome<InstanceRecord[]> {
    if (filters.status !== undefined && !isInstanceStatus(filters.status)) {
      return DomainError.invalid({ 'filter.status': ['The selected filter.status is invalid.'] });
    }
    const name = filters.name?.toLowerCase();
    const result: InstanceRecord[] = [];
    for (const stored of this.store.ownedBy(token)) {
      if (filters.uuid !== undefined && stored.id !== filters.uuid) continue;
      if (filters.phone !== undefined && stored.phone !== filters.phone) continue;
      if (name !== undefined && !stored.name.toLowerCase().includes(name)) continue;
      const record = this.current(stored);
      if (filters.status !== undefined && record.state.status !== filters.status) continue;
      result.push(record);
    }
    return result;
  }

  /** STOPPED -> STARTING (the answer's message is the HTTP layer's), or RESTART_FAILED when told to. */
  restart(token: string, id: string): Outcome<InstanceRecord> {
    const record = this.owned(token, id);
    if (record instanceof DomainError) return record;
    if (record.failNextRestart) {
      this.store.save({ ...record, failNextRestart: false });
      return new DomainError('RESTART_FAILED');
    }
    return this.apply(record, { type: 'RESTART' });
  }

  // --- the control API ------------------------------------------------------------

  listAll(): InstanceRecord[] {
    return Array.from(this.store.all(), (record) => this.current(record));
  }

  inspect(id: string): Outcome<InstanceRecord> {
    const record = this.store.get(id);
    return record ? this.current(record) : new DomainError('INSTANCE_NOT_FOUND');
  }

  /**
   * Creates an instance in a given status, bypassing limits, for `token` (which becomes
   * known) or for a new Sanctum token when none is given.
   */
  createForControl(input: {
    id?: string;
    token?: string;
    name: string;
    phone: string;
    status?: SeedableStatus;
    webhookUrl?: string | null;
    webhookSecret?: string | null;
  }): Outcome<InstanceRecord> {
    const errors: FieldErrors = {};
    if (input.id !== undefined && (!isUuid(input.id) || this.store.get(input.id))) {
      errors['id'] = ['The id must be a UUID not used yet.'];
    }
    if (input.token !== undefined && !/^\S+$/.test(input.token))
      errors['token'] = ['The token must be a non-empty string without spaces.'];
    const token = input.token ?? newSanctumToken(this.nextAccessTokenId++);
    const validation = validateCreateInstance(
      { name: input.name, phone: input.phone, webhook_url: input.webhookUrl ?? undefined },
      (name) => this.nameTaken(token, name),
      { webhooksHttpsOnly: this.webhooksHttpsOnly },
    );
    if (!validation.ok) Object.assign(errors, validation.errors);
    if (Object.keys(errors).length > 0 || !validation.ok) return DomainError.invalid(errors);
    const record = this.insert(token, {
      ...validation.input,
      webhookSecret: input.webhookSecret ?? null,
      id: input.id,
      status: input.status ?? 'STOPPED',
    });
    return record;
  }

  resetInstance(id: string): Outcome<InstanceRecord> {
    const record = this.store.get(id);
    if (!record) return new DomainError('INSTANCE_NOT_FOUND');
    this.forgetQr(record);
    const fresh: InstanceRecord = {
      ...record,
      failNextRestart: false,
      state: initialState(record.initialStatus, this.clock.now()),
    };
    this.store.save(fresh);
    return fresh;
  }

  /** A phone scans `qrText`: links the instance that issued it, if it is still its current QR. */
  scan(qrText: string, onlyInstanceId?: string): Outcome<InstanceRecord> {
    const ownerId = this.qrIndex.ownerOf(qrText);
    let record: InstanceRecord | undefined;
    if (onlyInstanceId !== undefined) {
      record = this.store.get(onlyInstanceId);
      if (!record) return new DomainError('INSTANCE_NOT_FOUND');
      if (ownerId !== undefined && ownerId !== onlyInstanceId) return new DomainError('QR_UNKNOWN');
    } else {
      record = ownerId === undefined ? undefined : this.store.get(ownerId);
      if (!record) return new DomainError('QR_STALE');
    }
    return this.applyForControl(record, { type: 'SCANNED', qrText });
  }

  /** Scans whatever QR the instance shows now. */
  scanCurrent(id: string): Outcome<InstanceRecord> {
    const record = this.store.get(id);
    if (!record) return new DomainError('INSTANCE_NOT_FOUND');
    const current = this.current(record);
    if (!current.state.qr) return new DomainError('QR_NOT_ACTIVE');
    return this.scan(current.state.qr.text, id);
  }

  unlink(id: string): Outcome<InstanceRecord> {
    const record = this.store.get(id);
    if (!record) return new DomainError('INSTANCE_NOT_FOUND');
    return this.applyForControl(record, { type: 'UNLINKED' });
  }

  /** The next start ends FAILED (`start`), or the next restart request answers 500 (`restart`). */
  failNext(id: string, on: 'start' | 'restart'): Outcome<InstanceRecord> {
    const record = this.store.get(id);
    if (!record) return new DomainError('INSTANCE_NOT_FOUND');
    const current = this.current(record);
    const updated: InstanceRecord =
      on === 'restart'
        ? { ...current, failNextRestart: true }
        : { ...current, state: { ...current.state, failNextStart: true } };
    this.store.save(updated);
    return updated;
  }

  /**
   * Makes the timed moves that are due for instances with a webhook (after the manual
   * clock moved, or on a timer with the real clock), so that their webhooks fire without
   * anyone reading them. Other instances move when they are next read.
   */
  settleWebhookInstances(): void {
    for (const id of this.withWebhook) {
      const record = this.store.get(id);
      if (record) this.current(record);
    }
  }

  // --- inside ---------------------------------------------------------------------

  /** O(1): creating the 40,000th instance of a token costs what the first did. */
  private nameTaken(token: string, name: string): boolean {
    return this.namesByToken.get(token)?.has(name) ?? false;
  }

  private insert(
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
  ): InstanceRecord {
    const now = this.clock.now();
    const linked = input.status === 'WORKING';
    const record: InstanceRecord = {
      id: input.id ?? randomUUID(),
      name: input.name,
      phone: input.phone,
      webhookUrl: input.webhookUrl,
      webhookSecret: input.webhookSecret,
      ownerToken: token,
      createdAt: now,
      initialStatus: input.status,
      fromSeed,
      accessToken: linked ? newSanctumToken(this.nextAccessTokenId++) : null,
      failNextRestart: false,
      state: initialState(input.status, now),
      statusHistory: [{ status: input.status, at: now }],
    };
    this.tokens.add(token);
    this.store.save(record);
    const names = this.namesByToken.get(token);
    if (names) names.add(record.name);
    else this.namesByToken.set(token, new Set([record.name]));
    if (record.webhookUrl) this.withWebhook.add(record.id);
    return record;
  }

  /** The instance if `token` owns it; an unknown, malformed or foreign id answers the same. */
  private owned(token: string, id: string): InstanceRecord | DomainError {
    const record = this.store.get(id);
    if (!record || record.ownerToken !== token) return new DomainError('INSTANCE_NOT_FOUND');
    return this.current(record);
  }

  /** The record with its timed moves applied up to now (saved when anything moved). */
  private current(record: InstanceRecord): InstanceRecord {
    const due = nextDueAt(record.state, this.settings);
    if (due === null || due > this.clock.now()) return record;
    const settled = settle(record.state, this.clock.now(), this.settings, this.nextQrText);
    if (settled.state === record.state) return record;
    return this.commit(record, settled.state, settled.changes);
  }

  private apply(record: InstanceRecord, event: InstanceEvent): InstanceRecord | DomainError {
    const now = this.clock.now();
    const next = transition(record.state, event, now, this.settings);
    if (next instanceof DomainError) return next;
    const changes: StatusChange[] =
      next.status !== record.state.status ||
      event.type === 'RESTART' ||
      event.type === 'QR_REQUESTED'
        ? [{ status: next.status, at: now }]
        : [];
    return this.commit(record, next, changes);
  }

  /** A phone's event on an instance brought up to date. */
  private applyForControl(record: InstanceRecord, event: InstanceEvent): Outcome<InstanceRecord> {
    const updated = this.apply(this.current(record), event);
    return updated;
  }

  private commit(
    record: InstanceRecord,
    state: InstanceRecord['state'],
    changes: readonly StatusChange[],
  ): InstanceRecord {
    this.qrIndex.replace(record.id, record.state.qr?.text, state.qr?.text);
    const history = [...record.statusHistory, ...changes].slice(-STATUS_HISTORY_LENGTH);
    const updated: InstanceRecord = {
      ...record,
      state,
      statusHistory: history,
      accessToken:
        record.accessToken ??
        (state.status === 'WORKING' ? newSanctumToken(this.nextAccessTokenId++) : null),
    };
    this.store.save(updated);
    if (!this.events.heard()) return updated;
    const userId = userIdOf(record.ownerToken);
    changes.forEach((change, index) => {
      const event: StatusChangeEvent = {
        instanceId: record.id,
        userId,
        name: record.name,
        phone: record.phone,
        webhookUrl: record.webhookUrl,
        webhookSecret: record.webhookSecret,
        status: change.status,
        at: change.at,
        linked: index === changes.length - 1 ? state.deviceLinked : change.status === 'WORKING',
        history: history.slice(0, history.length - (changes.length - 1 - index)),
      };
      this.events.emit(event);
    });
    return updated;
  }

  private forgetQr(record: InstanceRecord): void {
    this.qrIndex.forget(record.state.qr?.text);
  }
}
