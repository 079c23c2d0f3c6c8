import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { MockBackend, MockEngine, StatusChangeEvent } from '@hypersender/mock-engine';
import { BACKEND, MOCK_ENGINE, WEBHOOK_SETTINGS, type WebhookSettings } from '../engine/tokens';
import { redactUrl } from './redact-url';
import { sessionStatusWebhook, type SessionStatusWebhook } from './session-status.webhook';

export const WEBHOOK_FETCH = Symbol('WEBHOOK_FETCH');
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** The delivery log keeps the newest deliveries only. */
export const DELIVERY_LOG_CAPACITY = 1_000;

/** One POST of a delivery: when, and what came back. */
export interface DeliveryAttempt {
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** A webhook as the control API's delivery log shows it (the URL without credentials). */
export interface WebhookDelivery {
  id: string;
  instance_id: string;
  event: 'session.status';
  status: string;
  url: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
}

/**
 * POSTs each status change of an instance that has a webhook_url, in the real
 * service's envelope, with the instance's secret as `authorization`. Best effort:
 * never awaited by a request, retried with a doubling delay on a network error or a
 * non-2xx answer. One instance's events go out one at a time, in order (a receiver
 * sees SCAN_QR_CODE before WORKING even when the first needs retries). Retries wait
 * in real time: delivery is I/O, not simulated time.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  /** Retries waiting, and how to wake each one (a reset or shutdown wakes them to stop). */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  /** The tail of each instance's queue: its next event goes out after this settles. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Bumped by a reset: deliveries of an older generation stop. */
  private generation = 0;
  private stopped = false;

  constructor(
    @Inject(MOCK_ENGINE) private readonly engine: MockEngine,
    @Inject(WEBHOOK_FETCH) private readonly fetch: typeof globalThis.fetch,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(BACKEND) private readonly backend: MockBackend,
  ) {}

  onModuleInit(): void {
    this.engine.onStatusChange((event) => this.dispatch(event));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.cancelPending();
  }

  /** Drops deliveries still waiting, and the log (on a reset). */
  cancelPending(): void {
    this.generation += 1;
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
    this.queues.clear();
    void this.backend.webhookLog.clear().catch(() => undefined);
  }

  /** Every delivery, oldest first. */
  async log(): Promise<WebhookDelivery[]> {
    // Each change of a delivery is logged as a snapshot: the newest of each id wins,
    // in the order the deliveries began (processes sharing a backend write one log).
    const latest = new Map<string, WebhookDelivery>();
    for (const snapshot of (await this.backend.webhookLog.list()) as WebhookDelivery[])
      latest.set(snapshot.id, snapshot);
    return Array.from(latest.values()).slice(-DELIVERY_LOG_CAPACITY);
  }

  /** Logs the delivery as it is now. */
  private logged(delivery: WebhookDelivery): void {
    this.backend.webhookLog.append({ ...delivery, attempts: [...delivery.attempts] });
  }

  dispatch(event: StatusChangeEvent): void {
    if (!event.webhookUrl || this.stopped) return;
    const body = sessionStatusWebhook(event);
    const delivery: WebhookDelivery = {
      id: body.data.id,
      instance_id: event.instanceId,
      event: 'session.status',
      status: event.status,
      url: redactUrl(event.webhookUrl),
      state: 'pending',
      attempts: [],
    };
    this.logged(delivery);
    const generation = this.generation;
    const previous = this.queues.get(event.instanceId) ?? Promise.resolve();
    const next = previous.then(() =>
      this.deliver(event.webhookUrl as string, event.webhookSecret, body, delivery, generation),
    );
    this.queues.set(event.instanceId, next);
    void next.finally(() => {
      if (this.queues.get(event.instanceId) === next) this.queues.delete(event.instanceId);
    });
  }

  private async deliver(
    url: string,
    secret: string | null,
    body: SessionStatusWebhook,
    delivery: WebhookDelivery,
    generation: number,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopped || generation !== this.generation) return;
      const started = performance.now();
      const record: DeliveryAttempt = {
        at: new Date().toISOString(),
        status_code: null,
        error: null,
        duration_ms: 0,
      };
      try {
        const response = await this.fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'hypersender-mock',
            ...(secret === null ? {} : { Authorization: secret }),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        await response.arrayBuffer().catch(() => undefined);
        record.status_code = response.status;
        if (!response.ok) record.error = `HTTP ${response.status}`;
      } catch (error) {
        record.error =
          (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      }
      record.duration_ms = Math.round((performance.now() - started) * 100) / 100;
      delivery.attempts.push(record);
      if (record.error === null) {
        delivery.state = 'delivered';
        this.logged(delivery);
        return;
      }
      if (attempt >= this.settings.retries || this.stopped) {
        delivery.state = 'failed';
        this.logged(delivery);
        this.logger.warn(
          `webhook to ${delivery.url} dropped after ${attempt + 1} attempts: ${record.error}`,
        );
        return;
      }
      this.logged(delivery);
      await this.wait(this.settings.retryDelayMs * 2 ** attempt);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.timers.set(timer, resolve);
    });
  }
}
