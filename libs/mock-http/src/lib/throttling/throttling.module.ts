import { createHash } from 'node:crypto';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import type { Clock, MockBackend } from '@hypersender/mock-engine';
import type { FastifyRequest } from 'fastify';
import { bearerTokenOf } from '../auth/bearer-token.decorator';
import type { RateLimitSettings } from '../mock-config';
import { BACKEND, CLOCK, RATE_LIMITS } from '../engine/tokens';
import { ClockThrottlerStorage } from './clock-throttler.storage';
import { limitedOperationOf } from './rate-limited.decorator';

/**
 * Rate limits with @nestjs/throttler: one throttler whose limit is the route's
 * operation's (from the configuration), keyed per instance and token (the token as
 * a hash, never in clear), on storage that reads the mock's clock.
 */
/** Who a window counts: the instance and the token (as a hash, never in clear). */
export function rateLimitTracker(instance: string | undefined, token: string | undefined): string {
  const tokenHash = createHash('sha256')
    .update(token ?? '')
    .digest('base64url');
  return `${instance ?? '*'}:${tokenHash}`;
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [RATE_LIMITS, CLOCK, BACKEND],
      useFactory: (config: RateLimitSettings, clock: Clock, backend: MockBackend) => ({
        setHeaders: true,
        storage: new ClockThrottlerStorage(clock, backend.rateLimits, config.rateLimitWindowMs),
        // What is skipped (limits lifted, unlimited routes, instances the token does not
        // own) is RateLimitGuard.shouldSkip's: one place, before any store read.
        getTracker: (request: Record<string, unknown>) => {
          const req = request as unknown as FastifyRequest<{ Params: { instance?: string } }>;
          return rateLimitTracker(req.params?.instance, bearerTokenOf(req.headers.authorization));
        },
        // Readable keys (`requestNewQrCode:<instance>:<token hash>`), so that the control
        // API can tell an instance's limits (the dashboard shows them).
        generateKey: (context, tracker) => `${limitedOperationOf(context) ?? 'other'}:${tracker}`,
        throttlers: [
          {
            name: 'default',
            ttl: config.rateLimitWindowMs,
            limit: (context) => {
              const operation = limitedOperationOf(context);
              return operation && config.rateLimits
                ? config.rateLimits[operation]
                : Number.MAX_SAFE_INTEGER;
            },
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class ThrottlingModule implements OnApplicationShutdown {
  constructor(@InjectThrottlerStorage() private readonly storage: ThrottlerStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof ClockThrottlerStorage) this.storage.stop();
  }
}
