import { Module } from '@nestjs/common';
import { WEBHOOK_FETCH, WebhookDispatcher } from './webhook.dispatcher';

@Module({
  providers: [WebhookDispatcher, { provide: WEBHOOK_FETCH, useValue: globalThis.fetch }],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
