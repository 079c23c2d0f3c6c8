import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock, RateLimitStore } from '@hypersender/mock-engine';

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
 * not a fresh block from each refused request). The counting is the backend's: one
 * atomic hit per request (in this process, or in Redis for processes sharing a
 * mock), so concurrent requests are counted one by one and exactly `limit` get through.
 */
export class ClockThrottlerStorage implements ThrottlerStorage {
  /** Ended windows go once a window's length has passed, even when no request comes. */
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly clock: Clock,
    private readonly windows: RateLimitStore,
    private readonly windowMs = 60_000,
  ) {
    this.sweeper = setInterval(
      () => this.windows.sweep(this.clock.now(), windowMs),
      Math.min(windowMs, 60_000),
    );
    this.sweeper.unref();
  }

  /** Stops the sweeper (the app is closing). */
  stop(): void {
    clearInterval(this.sweeper);
  }

  async increment(key: string, ttl: number, limit: number): Promise<StorageRecord> {
    const now = this.clock.now();
    const window = await this.windows.hit(key, now, ttl);
    const secondsLeft = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    const isBlocked = window.hits > limit;
    return {
      totalHits: window.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }

  clear(): Promise<void> {
    return this.windows.clear();
  }
}
