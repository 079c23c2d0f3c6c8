import type { InstanceState, StatusChange } from './state-machine';
import type { InstanceStatus } from './instance-status';

/** An instance as the simulated service holds it. */
export interface InstanceRecord {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly webhookUrl: string | null;
  /** Sent as each webhook's `authorization` header; null sends none. */
  readonly webhookSecret: string | null;
  /** The bearer token that owns the instance. Never logged, never journaled. */
  readonly ownerToken: string;
  readonly createdAt: number;
  /** The status it was created (or seeded) in, for a reset. */
  readonly initialStatus: InstanceStatus;
  /** From the seed: a reset brings it back (others are dropped). */
  readonly fromSeed: boolean;
  /** The instance's own token; null until it has first been connected. */
  readonly accessToken: string | null;
  /** The next restart request answers 500 (set through the control API). */
  readonly failNextRestart: boolean;
  readonly state: InstanceState;
  /** The statuses it passed through, oldest first, the newest STATUS_HISTORY_LENGTH only. */
  readonly statusHistory: readonly StatusChange[];
}

/** How many status changes an instance remembers (webhook payloads carry them). */
export const STATUS_HISTORY_LENGTH = 20;

/** Where instances live; injected so that another store (shared, persistent) can replace it. */
export interface InstanceStore {
  get(id: string): InstanceRecord | undefined;
  save(record: InstanceRecord): void;
  /** Every instance, oldest first. */
  all(): Iterable<InstanceRecord>;
  /** The instances of one token, oldest first. */
  ownedBy(token: string): Iterable<InstanceRecord>;
  size(): number;
  clear(): void;
}

export const INSTANCE_STORE = Symbol('INSTANCE_STORE');

/** The default store: a Map, with the ids of each token kept in creation order. */
export class InMemoryInstanceStore implements InstanceStore {
  private readonly byId = new Map<string, InstanceRecord>();
  private readonly byToken = new Map<string, string[]>();

  get(id: string): InstanceRecord | undefined {
    return this.byId.get(id);
  }

  save(record: InstanceRecord): void {
    if (!this.byId.has(record.id)) {
      const ids = this.byToken.get(record.ownerToken);
      if (ids) ids.push(record.id);
      else this.byToken.set(record.ownerToken, [record.id]);
    }
    this.byId.set(record.id, record);
  }

  all(): Iterable<InstanceRecord> {
    return this.byId.values();
  }

  *ownedBy(token: string): Iterable<InstanceRecord> {
    for (const id of this.byToken.get(token) ?? []) {
      const record = this.byId.get(id);
      if (record) yield record;
    }
  }

  size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.byToken.clear();
  }
}
