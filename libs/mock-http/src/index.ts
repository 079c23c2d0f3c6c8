export * from './lib/mock-config';
export * from './lib/create-mock-app';
export { MOCK_ENGINE, CLOCK, RATE_LIMITS } from './lib/engine/tokens';
export { PUBLIC_BASE_PATH } from './lib/instances/instances.controller';
export { CONTROL_BASE_PATH } from './lib/control/control.controller';
export {
  WebhookDispatcher,
  WEBHOOK_FETCH,
  type WebhookDelivery,
} from './lib/webhooks/webhook.dispatcher';
export type { SessionStatusWebhook } from './lib/webhooks/session-status.webhook';
export type { JournalEntry } from './lib/journal/journal.service';
export { parseFaultRule, type FaultRule, type FaultRuleInput } from './lib/faults/fault-rule';
export type { HealthView, InstanceView, MockInstanceView } from './lib/presenters/instance.views';
export { isLoopbackHost } from './lib/edge/control-access';
