import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { toLocalDateTime, type MockEngine, type StatusChangeEvent } from '@hypersender/mock-engine';
import { MOCK_ENGINE } from '../engine/tokens';

export const WEBHOOK_FETCH = Symbol('WEBHOOK_FETCH');
/** Delays before each retry of a failed delivery (ms): 1 s, 2 s, 4 s, then it is dropped. */
export const WEBHOOK_RETRY_DELAYS_MS = [1_000, 2_000, 4_000];
export const WEBHOOK_TIMEOUT_MS = 5_000;

export interface WebhookPayload {
  event: 'session.status';
  instance_id: string;
  status: string;
  timestamp: string;
}

/**
 * POSTs each status change of an instance that has a webhook_url, best effort: never
 * awaited by a request, retried with backoff on a network error or a non-2xx answer.
 * Retries wait in real time: delivery is I/O, not simulated time.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    @Inject(MOCK_ENGINE) private readonly engine: MockEngine,
    @Inject(WEBHOOK_FETCH) private readonly fetch: typeof globalThis.fetch,
  ) {}

  onModuleInit(): void {
    this.engine.onStatusChange((event) => this.dispatch(event));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Drops deliveries still waiting for a retry (on a reset). */
  cancelPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  dispatch(event: StatusChangeEvent): void {
    if (!event.webhookUrl || this.stopped) return;
    const payload: WebhookPayload = {
      event: 'session.status',
      instance_id: event.instanceId,
      status: event.status,
      timestamp: toLocalDateTime(event.at),
    };
    void this.attempt(event.webhookUrl, payload, 0);
  }

  private async attempt(url: string, payload: WebhookPayload, attempt: number): Promise<void> {
    try {
      const response = await this.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'hypersender-mock' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (response.ok) return;
      throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      const delay = WEBHOOK_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || this.stopped) {
        this.logger.warn(
          `webhook to ${url} dropped after ${attempt + 1} attempts: ${(error as Error).message}`,
        );
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(url, payload, attempt + 1);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    }
  }
}
