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
  /** The phone unlinked this device after it was linked (the instance left WORKING). */
  | { type: 'unlinked'; status: string }
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

/** How a session serves its pages beyond the flow itself (the web app's; tests shorten the times). */
export interface SessionBehaviour {
  /**
   * Keep a QR on screen while a page is open: one is asked for when a page opens and
   * none is current, and again when it expires (each within the 1/min limit).
   */
  autoQr?: boolean;
  /** Once linked, health is read this often to see the phone unlink the device (health mode). */
  linkedCheckMs?: number;
  /** After Hypersender stayed away past the flow's budget, watching starts again this often. */
  rewatchAfterMs?: number;
  /** The flow's own spacing of QR requests (the API's 1/min by default). */
  qrRequestIntervalMs?: number;
}

/**
 * One instance's login, held by the server (with the token): one watch loop shared by
 * every open page, the latest state replayed to a page that connects late. It keeps
 * going by itself: after an outage (watching again), after linking (watching for an
 * unlink) and, with `autoQr`, when a QR expires.
 */
export class LoginSession {
  private readonly login: QrLogin;
  private readonly listeners = new Set<(event: PageEvent) => void>();
  private readonly latest = new Map<PageEvent['type'], PageEvent>();
  private watching: AbortController | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private linked = false;
  private requesting: Promise<QrAnswer> | undefined;
  private stopped = false;
  private readonly behaviour: Required<Omit<SessionBehaviour, 'qrRequestIntervalMs'>>;
  private readonly statusSource: 'health' | 'webhook';

  constructor(
    client: HypersenderClient,
    private readonly instanceId: string,
    healthPollIntervalMs: number,
    qrLifetimeMs: number,
    statusSource: 'health' | 'webhook' = 'health',
    reconnectBudgetMs?: number,
    behaviour: SessionBehaviour = {},
  ) {
    this.statusSource = statusSource;
    this.behaviour = {
      autoQr: behaviour.autoQr ?? false,
      linkedCheckMs: behaviour.linkedCheckMs ?? Math.max(5_000, healthPollIntervalMs),
      rewatchAfterMs: behaviour.rewatchAfterMs ?? 5_000,
    };
    this.login = new QrLogin({
      client,
      instanceId,
      healthPollIntervalMs,
      qrLifetimeMs,
      statusSource,
      reconnectBudgetMs,
      qrRequestIntervalMs: behaviour.qrRequestIntervalMs,
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
    if (this.behaviour.autoQr) this.keepQr();
    return () => this.listeners.delete(listener);
  }

  /** Asks for a new QR (the cooldown and the API's 429 are answered with the seconds to wait). */
  requestQr(): Promise<QrAnswer> {
    // One request at a time, whoever asks (a click, a page opening, an expiry).
    this.requesting ??= this.sendQrRequest().finally(() => (this.requesting = undefined));
    return this.requesting;
  }

  private async sendQrRequest(): Promise<QrAnswer> {
    const result = await this.login.requestQr();
    if (result.ok) {
      for (const stale of ['expired', 'failed', 'linked', 'unlinked'] as const)
        this.latest.delete(stale);
      this.linked = false;
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
    this.stopped = true;
    this.watching?.abort(new Error('server stopping'));
    this.watching = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, run: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  /**
   * With a page open and nothing linked, a current QR: asked for now, or when the
   * cooldown allows. A refusal other than the limit is shown, and not retried blindly.
   */
  private keepQr(): void {
    if (this.linked || this.listeners.size === 0 || this.requesting || this.stopped) return;
    if ((this.login.secondsUntilQrExpires() ?? 0) > 0) return;
    if (this.latest.has('failed') && !this.latest.has('expired')) return;
    const cooldown = this.login.secondsUntilNewQr();
    if (cooldown > 0) return this.later(cooldown * 1000, () => this.keepQr());
    void this.requestQr().then((answer) => {
      if (answer.ok) return;
      if (answer.httpStatus === 429 && answer.secondsUntilNewQr)
        return this.later(answer.secondsUntilNewQr * 1000, () => this.keepQr());
      this.publish({
        type: 'failed',
        reason: answer.message ?? 'The QR code could not be requested.',
        httpStatus: answer.httpStatus,
      });
    });
  }

  /**
   * Linked: health is read now and then, so that a device the phone unlinks does not
   * stay "Linked" on the page (webhooks say it by themselves).
   */
  private watchLinked(): void {
    if (this.statusSource !== 'health') return;
    this.later(this.behaviour.linkedCheckMs, () => {
      if (!this.linked) return;
      const controller = new AbortController();
      void (async () => {
        let status: string | undefined;
        try {
          for await (const event of this.login.watch(controller.signal))
            if (event.type === 'status') status = event.status;
        } catch {
          // Not answering now: asked again at the next check.
        }
        if (!this.linked) return;
        if (status === undefined || status === 'WORKING') return this.watchLinked();
        this.linked = false;
        this.latest.delete('linked');
        this.publish({ type: 'status', status });
        this.publish({ type: 'unlinked', status });
      })();
    });
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
    if (event.type === 'status' && event.status !== 'FAILED') this.latest.delete('failed');
    this.latest.set(event.type, event);
    for (const listener of this.listeners) listener(event);
    if (event.type === 'linked' && !this.linked) {
      this.linked = true;
      this.latest.delete('unlinked');
      this.latest.delete('expired');
      this.watchLinked();
    } else if (event.type === 'expired' && this.behaviour.autoQr) {
      this.keepQr();
    } else if (event.type === 'failed' && event.unreachable) {
      // Hypersender stayed away past the budget: keep trying, so the page recovers by itself.
      this.later(this.behaviour.rewatchAfterMs, () => this.startWatching());
    }
  }
}
