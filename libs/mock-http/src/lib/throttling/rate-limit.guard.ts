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
import type { Clock, MockEngine } from '@hypersender/mock-engine';
import type { FastifyRequest } from 'fastify';
import { bearerTokenOf } from '../auth/bearer-token.decorator';
import { CLOCK, MOCK_ENGINE, RATE_LIMITS } from '../engine/tokens';
import type { RateLimitSettings } from '../mock-config';
import { limitedOperationOf } from './rate-limited.decorator';
import { API_ERRORS } from '../errors/api-error';

/**
 * @nestjs/throttler's guard, answering a spent limit the way the real service does:
 * the 429 body `{"message": "Too Many Attempts."}` with `Retry-After` and
 * `X-RateLimit-Limit/-Remaining/-Reset` (epoch seconds, as Laravel sends it).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(Reflector) reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MOCK_ENGINE) private readonly engine: MockEngine,
    @Inject(RATE_LIMITS) private readonly limits: RateLimitSettings,
  ) {
    super(options, storage, reflector);
  }

  /**
   * Limits lifted, or a route no limit applies to: skipped before anything is read. No
   * window either for an instance the token does not own: its 404 is cheap, and requests
   * for random ids must not make the mock hold memory (one window each).
   */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (this.limits.rateLimits === null || limitedOperationOf(context) === undefined) return true;
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: { instance?: string } }>>();
    const instance = request.params?.instance;
    if (instance === undefined) return false;
    const token = bearerTokenOf(request.headers.authorization) ?? '';
    return !(await this.engine.owns(token, instance));
  }

  /**
   * Laravel's limiter sends `X-RateLimit-Limit` and `-Remaining` on every limited
   * answer, 200s included; the throttler's own `-Reset` (seconds until) and
   * `Retry-After` are left out: the 429 carries Laravel's (epoch seconds) instead.
   */
  protected override setResponseHeader(res: unknown, name: string, value: string | number): void {
    if (name === 'X-RateLimit-Limit' || name === 'X-RateLimit-Remaining')
      super.setResponseHeader(res as never, name, value);
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const resetAt = Math.ceil(this.clock.now() / 1000) + detail.timeToBlockExpire;
    throw API_ERRORS.tooManyAttempts(detail.timeToBlockExpire, detail.limit, resetAt);
  }
}
