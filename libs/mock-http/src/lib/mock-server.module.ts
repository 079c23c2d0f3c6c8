import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import type { MockBackend } from '@hypersender/mock-engine';
import type { MockConfig } from './mock-config';
import { ControlModule } from './control/control.module';
import { EngineModule } from './engine/engine.module';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { InstancesModule } from './instances/instances.module';
import { JournalModule } from './journal/journal.module';
import { RateLimitGuard } from './throttling/rate-limit.guard';
import { ThrottlingModule } from './throttling/throttling.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The whole mock. Guards run in this order: bearer auth (401) first, then rate limits (429). */
@Module({})
export class MockServerModule {
  static forRoot(config: MockConfig, backend: MockBackend): DynamicModule {
    return {
      module: MockServerModule,
      imports: [
        EngineModule.forRoot(config, backend),
        JournalModule,
        ThrottlingModule,
        WebhooksModule,
        InstancesModule,
        ControlModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
