import type { HypersenderClient } from '@hypersender/api-client';
import { QrLogin, type QrLoginEvent } from './qr-login';
import { statusOfWebhook } from './session-status-webhook';

/** What the browser receives: no token, no raw instance, only what the page shows. */
export type PageEvent =
  | { type: 'qr'; dataUri: string; expiresInSeconds: number; secondsUntilNewQr: number }
  | { type: 'cooldown'; secondsLeft: number }
  | { type: 'status'; status: string }
  | { type: 'expired' }
  | { type: 'linked'; connectedAt: string | null }
  | { type: 'reconnecting'; delayMs: number; attempt: number; reason: string }
  | { type: 'failed'; reason: string; httpStatus?: number; unreachable?: boolean };

export interface QrAnswer {
  ok: boolean;
  message?: string;
  httpStatus?: number;
  /** Seconds until a new QR may be requested (after a new QR, or from a 429's Retry-After). */
  secondsUntilNewQr?: number;
}

function toPageEvent(event: QrLoginEvent, login: QrLogin): PageEvent {
  switch (event.type) {
    case 'qr':
      return {
        type: 'qr',
        dataUri: event.dataUri,
        expiresInSeconds: login.secondsUntilQrExpires() ?? 0,
        secondsUntilNewQr: login.secondsUntilNewQr(),
      };
    case 'failed':
      return {
        type: 'failed',
        reason: event.reason,
        httpStatus: event.error?.status,
        ...(event.cause === 'unreachable' ? { unreachable: true } : {}),
      };
    default:
      return event;
  }
}

/**
 * One instance's login, held by the server (with the token): one watch loop shared by
 * every open page, the latest state replayed to a page that connects late.
 */
export class LoginSession {
  private readonly login: QrLogin;
  private readonly listeners = new Set<(event: PageEvent) => void>();
  private readonly latest = new Map<PageEvent['type'], PageEvent>();
  private watching: AbortController | undefined;

  constructor(
    client: HypersenderClient,
    private readonly instanceId: string,
    healthPollIntervalMs: number,
    qrLifetimeMs: number,
    statusSource: 'health' | 'webhook' = 'health',
    reconnectBudgetMs?: number,
  ) {
    this.login = new QrLogin({
      client,
      instanceId,
      healthPollIntervalMs,
      qrLifetimeMs,
      statusSource,
      reconnectBudgetMs,
    });
  }

  /**
   * A webhook body Hypersender POSTed: a session.status of this instance moves the
   * page (with `statusSource: 'webhook'`); anything else is ignored.
   */
  receiveWebhook(body: unknown): boolean {
    const found = statusOfWebhook(body);
    if (!found || found.instanceId !== this.instanceId) return false;
    this.login.receiveStatus(found.status, found.connectedAt);
    this.startWatching();
    return true;
  }

  subscribe(listener: (event: PageEvent) => void): () => void {
    for (const event of this.snapshot()) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for a new QR (the cooldown and the API's 429 are answered with the seconds to wait). */
  async requestQr(): Promise<QrAnswer> {
    const result = await this.login.requestQr();
    if (result.ok) {
      this.latest.delete('expired');
      this.latest.delete('failed');
      this.latest.delete('linked');
      this.startWatching();
      return { ok: true, secondsUntilNewQr: this.login.secondsUntilNewQr() };
    }
    return {
      ok: false,
      message: result.error.message,
      httpStatus: result.error.status,
      secondsUntilNewQr: result.retryAfterSeconds,
    };
  }

  /** The client is retrying a call (its retry middleware's onRetry): the page says so. */
  retrying(event: { attempt: number; delayMs: number; reason: string }): void {
    this.publish({ type: 'reconnecting', ...event });
  }

  /** Watches health until WORKING or FAILED; started at once, and again after a new QR. */
  startWatching(): void {
    if (this.watching) return;
    const controller = new AbortController();
    this.watching = controller;
    void (async () => {
      try {
        for await (const event of this.login.watch(controller.signal))
          this.publish(toPageEvent(event, this.login));
      } catch (error) {
        if (!controller.signal.aborted)
          this.publish({ type: 'failed', reason: (error as Error).message });
      } finally {
        if (this.watching === controller) this.watching = undefined;
      }
    })();
  }

  stop(): void {
    this.watching?.abort(new Error('server stopping'));
    this.watching = undefined;
  }

  private snapshot(): PageEvent[] {
    const events = [...this.latest.values()];
    const cooldown = this.login.secondsUntilNewQr();
    const expires = this.login.secondsUntilQrExpires();
    return events.map((event) => {
      if (event.type === 'cooldown') return { ...event, secondsLeft: cooldown };
      if (event.type === 'qr')
        return { ...event, expiresInSeconds: expires ?? 0, secondsUntilNewQr: cooldown };
      return event;
    });
  }

  private publish(event: PageEvent): void {
    // Once Hypersender answers again, a late page must not be told it is still away.
    if (event.type !== 'reconnecting') this.latest.delete('reconnecting');
    this.latest.set(event.type, event);
    for (const listener of this.listeners) listener(event);
  }
}
