import { InMemoryInstanceStore, type InstanceStore } from './instance-store';

/**
 * A rate-limit window: hits counted from its start, on the mock's clock (so a manual
 * clock lifts a 429 when it moves), refused past the limit until the window ends.
 */
export interface RateWindow {
  hits: number;
  endsAt: number;
}

/** Rate-limit counters: one atomic hit per request, so that concurrent requests count one by one. */
export interface RateLimitStore {
  /** Counts one hit on `key` at `now`; a window that ended is replaced by one of `windowMs`. */
  hit(key: string, now: number, windowMs: number): Promise<RateWindow>;
  /** The window of `key` if one is open at `now` (no hit counted). */
  peek(key: string, now: number): Promise<RateWindow | undefined>;
  /** Drops windows that ended by `now` (a store that expires keys itself does nothing). */
  sweep(now: number, windowMs: number): void;
  clear(): Promise<void>;
}

/**
 * The newest entries of a log, oldest first (the request journal, the webhook
 * deliveries). Entries are plain JSON objects: the memory log keeps them as they are
 * (no formatting on the hot path), a shared one serializes them.
 */
export interface CappedLog<T extends object> {
  /** Adds an entry; never waits and never throws (a log must not fail a request). */
  append(entry: T): void;
  list(): Promise<T[]>;
  clear(): Promise<void>;
}

/** A small document changed by compare-and-set (the fault rules with their counters). */
export interface SharedDocument<T extends object> {
  /** Its value and version (0 and null while never written). */
  read(): Promise<{ value: T | null; version: number }>;
  /** Writes `value` if the version is still `version`; false when someone else wrote first. */
  write(value: T, version: number): Promise<boolean>;
  clear(): Promise<void>;
}

/** The manual clock when processes share it: milliseconds it was moved since its start. */
export interface ClockStore {
  /** How far the shared clock has been moved. */
  offset(): Promise<number>;
  /** Moves it by `ms` (atomic), answering the new offset. */
  advance(ms: number): Promise<number>;
  clear(): Promise<void>;
}

/**
 * Everything of a mock's state that processes serving one mock must agree on. The
 * memory backend keeps it in this process (one process: tests, the default); the Redis
 * backend lets processes share it and outlive a restart.
 */
export interface MockBackend {
  /** Shared with other processes: caches must be refreshed before each request. */
  readonly shared: boolean;
  /** For the banner and logs, without any password. */
  readonly description: string;
  readonly instances: InstanceStore;
  readonly rateLimits: RateLimitStore;
  readonly clock: ClockStore;
  readonly journal: CappedLog<object>;
  readonly webhookLog: CappedLog<object>;
  readonly faults: SharedDocument<object>;
  /**
   * Calls `listener` each time a lost connection is back (a shared store only): the
   * store may have come back empty (a Redis without persistence), so the seed is loaded
   * again where it is missing.
   */
  onReconnect?(listener: () => void): void;
  /**
   * News that the state changed, between the processes sharing it (a shared store only):
   * the dashboard of one worker hears what another did.
   */
  readonly changes?: {
    publish(kind: string): void;
    subscribe(listener: (kind: string) => void): Promise<void>;
  };
  close(): Promise<void>;
}

export class MemoryRateLimits implements RateLimitStore {
  private readonly windows = new Map<string, RateWindow>();
  private nextSweepAt = 0;

  async hit(key: string, now: number, windowMs: number): Promise<RateWindow> {
    this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return { ...window };
  }

  async peek(key: string, now: number): Promise<RateWindow | undefined> {
    const window = this.windows.get(key);
    return window && window.endsAt > now ? { ...window } : undefined;
  }

  async clear(): Promise<void> {
    this.windows.clear();
  }

  /** How many windows are held (memory follows the live keys only). */
  size(): number {
    return this.windows.size;
  }

  /** Drops ended windows once per window length, so that memory follows the live keys only. */
  sweep(now: number, windowMs: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + windowMs;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/** A ring of the newest `capacity` entries: appending is O(1). */
export class MemoryCappedLog<T extends object> implements CappedLog<T> {
  private readonly ring: Array<T | undefined>;
  private next = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  append(entry: T): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  async list(): Promise<T[]> {
    const entries: T[] = [];
    for (let i = 0; i < this.count; i++) {
      entries.push(this.ring[(this.next - this.count + i + this.capacity) % this.capacity] as T);
    }
    return entries;
  }

  async clear(): Promise<void> {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}

class MemoryDocument<T extends object> implements SharedDocument<T> {
  private value: T | null = null;
  private version = 0;

  async read(): Promise<{ value: T | null; version: number }> {
    return { value: this.value, version: this.version };
  }

  async write(value: T, version: number): Promise<boolean> {
    if (version !== this.version) return false;
    this.value = value;
    this.version += 1;
    return true;
  }

  async clear(): Promise<void> {
    this.value = null;
    this.version = 0;
  }
}

class MemoryClockStore implements ClockStore {
  private moved = 0;

  async offset(): Promise<number> {
    return this.moved;
  }

  async advance(ms: number): Promise<number> {
    this.moved += ms;
    return this.moved;
  }

  async clear(): Promise<void> {
    this.moved = 0;
  }
}

/** How many requests the journal keeps; how many webhook delivery records. */
export const JOURNAL_CAPACITY = 10_000;
export const WEBHOOK_LOG_CAPACITY = 5_000;

/** The default: everything in this process. */
export function memoryBackend(): MockBackend & { rateLimits: MemoryRateLimits } {
  return {
    shared: false,
    description: 'memory',
    instances: new InMemoryInstanceStore(),
    rateLimits: new MemoryRateLimits(),
    clock: new MemoryClockStore(),
    journal: new MemoryCappedLog<object>(JOURNAL_CAPACITY),
    webhookLog: new MemoryCappedLog<object>(WEBHOOK_LOG_CAPACITY),
    faults: new MemoryDocument<object>(),
    close: async () => undefined,
  };
}
