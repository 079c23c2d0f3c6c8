import { Module } from '@nestjs/common';
import { ThrottlingModule } from '../throttling/throttling.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ControlController } from './control.controller';

@Module({ imports: [ThrottlingModule, WebhooksModule], controllers: [ControlController] })
export class ControlModule {}
