import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Clock } from '@hypersender/mock-engine';
import { CLOCK } from '../engine/tokens';
import { API_ERRORS } from '../errors/api-error';

/**
 * @nestjs/throttler's guard, answering a spent limit the way the real service does:
 * the 429 body `{"message": "Too Many Attempts."}` with `Retry-After` and
 * `X-RateLimit-Limit/-Remaining/-Reset` (epoch seconds, as Laravel sends it; the
 * throttler's own headers would say seconds-until instead, so they are turned off).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(Reflector) reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(options, storage, reflector);
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const resetAt = Math.ceil(this.clock.now() / 1000) + detail.timeToBlockExpire;
    throw API_ERRORS.tooManyAttempts(detail.timeToBlockExpire, detail.limit, resetAt);
  }
}
