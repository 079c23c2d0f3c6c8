import type { InstanceState, StatusChange } from './state-machine';
import type { InstanceStatus } from './instance-status';
import { QrIndex } from './qr-index';
import { TokenRegistry } from './token-registry';

/** An instance as the simulated service holds it. */
export interface InstanceRecord {
  readonly id: string;
  /** Grows by one with each saved change: a save of a stale copy is refused (compare-and-set). */
  readonly version: number;
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

/** Why an insert did not happen. */
export type InsertOutcome = 'inserted' | 'id-taken' | 'name-taken';

/**
 * The store could not answer (a shared store is down or too slow). The HTTP layer
 * answers 503; nothing was half-written, since every write is one atomic step.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Where the simulated service keeps its state: instances and what is looked up across
 * them (tokens, the QR each shows, names, which have a webhook). Asynchronous, so that
 * a shared store (Redis) can stand behind it; each write is atomic, and `replace` is a
 * compare-and-set on the record's version, so that two processes never both win one
 * transition.
 */
export interface InstanceStore {
  get(id: string): Promise<InstanceRecord | undefined>;
  /** Adds a new record (and its token, name and QR) unless its id or its token's name is taken. */
  insert(record: InstanceRecord): Promise<InsertOutcome>;
  /**
   * Saves `next` in place of `previous` if the stored record is still `previous`'s
   * version (and `next` is one more); moves the QR index along. False: someone else
   * changed it first, read it again.
   */
  replace(previous: InstanceRecord, next: InstanceRecord): Promise<boolean>;
  /** Every instance, oldest first. */
  all(): Promise<InstanceRecord[]>;
  /** The instances of one token, oldest first. */
  ownedBy(token: string): Promise<InstanceRecord[]>;
  size(): Promise<number>;
  nameTaken(token: string, name: string): Promise<boolean>;
  /** The instance that shows the QR `text` now, if any. */
  qrOwner(text: string): Promise<string | undefined>;
  /** The instances with a webhook URL (the only ones a timer must move). */
  webhookInstanceIds(): Promise<string[]>;
  addToken(token: string): Promise<void>;
  hasToken(token: string): Promise<boolean>;
  /** A new number for an access token, as a database would count them. */
  nextAccessTokenId(): Promise<number>;
  /**
   * True for the one caller that should load the seed into an empty store; false when
   * the store already holds the mock's state (a shared store that outlived a restart).
   */
  claimSeeding(): Promise<boolean>;
  /** Empties it (the next `claimSeeding` answers true again). */
  clear(): Promise<void>;
}

/** The default store: Maps in this process, as fast as the engine was before the port. */
export class InMemoryInstanceStore implements InstanceStore {
  private readonly byId = new Map<string, InstanceRecord>();
  private readonly byToken = new Map<string, string[]>();
  private readonly namesByToken = new Map<string, Set<string>>();
  private readonly withWebhook = new Set<string>();
  private readonly tokens = new TokenRegistry();
  private readonly qrIndex = new QrIndex();
  private accessTokenIds = 1000;
  private seeded = false;

  async get(id: string): Promise<InstanceRecord | undefined> {
    return this.byId.get(id);
  }

  async insert(record: InstanceRecord): Promise<InsertOutcome> {
    if (this.byId.has(record.id)) return 'id-taken';
    const names = this.namesByToken.get(record.ownerToken);
    if (names?.has(record.name)) return 'name-taken';
    if (names) names.add(record.name);
    else this.namesByToken.set(record.ownerToken, new Set([record.name]));
    const ids = this.byToken.get(record.ownerToken);
    if (ids) ids.push(record.id);
    else this.byToken.set(record.ownerToken, [record.id]);
    this.byId.set(record.id, record);
    this.tokens.add(record.ownerToken);
    this.qrIndex.replace(record.id, undefined, record.state.qr?.text);
    if (record.webhookUrl) this.withWebhook.add(record.id);
    return 'inserted';
  }

  async replace(previous: InstanceRecord, next: InstanceRecord): Promise<boolean> {
    const stored = this.byId.get(previous.id);
    if (!stored || stored.version !== previous.version || next.version !== previous.version + 1)
      return false;
    this.byId.set(next.id, next);
    this.qrIndex.replace(next.id, stored.state.qr?.text, next.state.qr?.text);
    return true;
  }

  async all(): Promise<InstanceRecord[]> {
    return Array.from(this.byId.values());
  }

  async ownedBy(token: string): Promise<InstanceRecord[]> {
    const records: InstanceRecord[] = [];
    for (const id of this.byToken.get(token) ?? []) {
      const record = this.byId.get(id);
      if (record) records.push(record);
    }
    return records;
  }

  async size(): Promise<number> {
    return this.byId.size;
  }

  async nameTaken(token: string, name: string): Promise<boolean> {
    return this.namesByToken.get(token)?.has(name) ?? false;
  }

  async qrOwner(text: string): Promise<string | undefined> {
    return this.qrIndex.ownerOf(text);
  }

  async webhookInstanceIds(): Promise<string[]> {
    return Array.from(this.withWebhook);
  }

  async addToken(token: string): Promise<void> {
    this.tokens.add(token);
  }

  async hasToken(token: string): Promise<boolean> {
    return this.tokens.has(token);
  }

  async nextAccessTokenId(): Promise<number> {
    return this.accessTokenIds++;
  }

  async claimSeeding(): Promise<boolean> {
    if (this.seeded) return false;
    this.seeded = true;
    return true;
  }

  async clear(): Promise<void> {
    this.byId.clear();
    this.byToken.clear();
    this.namesByToken.clear();
    this.withWebhook.clear();
    this.tokens.clear();
    this.qrIndex.clear();
    this.seeded = false;
  }
}
