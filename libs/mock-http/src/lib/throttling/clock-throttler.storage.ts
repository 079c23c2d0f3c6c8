import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock } from '@hypersender/mock-engine';

interface Window {
  hits: number;
  endsAt: number;
}

/** What @nestjs/throttler's storage answers (its ThrottlerStorageRecord). */
interface StorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * @nestjs/throttler storage on the mock's clock, with Laravel's fixed window: the
 * first hit opens a window of `ttl`; past `limit` hits, requests are refused until
 * the window ends (so Retry-After counts to the window's end, as Laravel's does,
 * not a fresh block from each refused request). In-memory and synchronous, so
 * concurrent requests are counted one by one: exactly `limit` get through.
 */
export class ClockThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;
  /** Ended windows go once a window's length has passed, even when no request comes. */
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(this.clock.now()), Math.min(windowMs, 60_000));
    this.sweeper.unref();
  }

  /** Stops the sweeper (the app is closing). */
  stop(): void {
    clearInterval(this.sweeper);
  }

  /** How many windows are held (memory follows the live keys only). */
  size(): number {
    return this.windows.size;
  }

  async increment(key: string, ttl: number, limit: number): Promise<StorageRecord> {
    const now = this.clock.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl };
      this.windows.set(key, window);
    }
    window.hits += 1;
    const secondsLeft = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    const isBlocked = window.hits > limit;
    return {
      totalHits: window.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }

  clear(): void {
    this.windows.clear();
  }

  /** Drops ended windows now and then, so that memory follows the live keys only. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.windowMs;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
