import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  ManualClock,
  MockEngine,
  SystemClock,
  type MockBackend,
  type MockClock,
} from '@hypersender/mock-engine';
import type { MockConfig, RateLimitSettings } from '../mock-config';
import { FaultsService } from '../faults/faults.service';
import {
  BACKEND,
  CLOCK,
  FAULT_SETTINGS,
  MOCK_ENGINE,
  RATE_LIMITS,
  WEBHOOK_SETTINGS,
  type FaultSettings,
  type WebhookSettings,
} from './tokens';

/** With the real clock, timed moves are made every second even when nobody asks (webhooks). */
const SETTLE_INTERVAL_MS = 1_000;

/** The configuration, the one clock and the simulated service, shared by every module. */
@Global()
@Module({})
export class EngineModule implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(MOCK_ENGINE) private readonly engine: MockEngine,
    @Inject(CLOCK) private readonly clock: MockClock,
  ) {}

  static forRoot(config: MockConfig, backend: MockBackend): DynamicModule {
    const clock: MockClock = config.clock === 'manual' ? new ManualClock() : new SystemClock();
    const engine = new MockEngine({
      clock,
      store: backend.instances,
      seed: config.seed,
      webhooksHttpsOnly: config.webhooksHttpsOnly,
      settings: {
        qrTtlMs: config.qrTtlMs,
        assignDelayMs: config.assignDelayMs,
        startDelayMs: config.startDelayMs,
        workingQrPolicy: config.workingQrPolicy,
      },
    });
    return {
      module: EngineModule,
      providers: [
        {
          provide: RATE_LIMITS,
          useValue: {
            rateLimits: config.rateLimits,
            rateLimitWindowMs: config.rateLimitWindowMs,
          } satisfies RateLimitSettings,
        },
        { provide: CLOCK, useValue: clock },
        { provide: BACKEND, useValue: backend },
        {
          provide: FAULT_SETTINGS,
          useValue: {
            rules: config.faults,
            latency: config.latency,
            randomSeed: config.randomSeed,
          } satisfies FaultSettings,
        },
        FaultsService,
        {
          provide: WEBHOOK_SETTINGS,
          useValue: {
            retries: config.webhookRetries,
            retryDelayMs: config.webhookRetryDelayMs,
          } satisfies WebhookSettings,
        },
        {
          provide: MOCK_ENGINE,
          useFactory: async () => {
            if (clock instanceof ManualClock) clock.follow(await backend.clock.offset());
            await engine.initialize();
            // A store back from an outage may be empty: the seed comes back with it.
            backend.onReconnect?.(() => void engine.initialize().catch(() => undefined));
            return engine;
          },
        },
      ],
      exports: [RATE_LIMITS, CLOCK, BACKEND, MOCK_ENGINE, WEBHOOK_SETTINGS, FaultsService],
    };
  }

  onModuleInit(): void {
    if (this.clock.mode === 'real') {
      // A store that cannot answer now is tried again on the next tick.
      this.timer = setInterval(
        () => void this.engine.settleWebhookInstances().catch(() => undefined),
        SETTLE_INTERVAL_MS,
      );
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
