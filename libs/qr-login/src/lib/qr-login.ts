import {
  hypersenderError,
  qrCodeDataUri,
  RateLimitedError,
  type HypersenderApiError,
  type HypersenderClient,
  type InstanceStatus,
  type InstanceWithQrCode,
} from '@hypersender/api-client';
import { realTimer, type Timer } from './timer';

/** Documented: request-new-qr-code allows 1 request per minute. */
export const QR_REQUEST_INTERVAL_MS = 60_000;
/** Documented: a QR expires after about 60 s. */
export const QR_LIFETIME_MS = 60_000;
/** Documented: health allows 10 requests per minute, so one every 6 s at most. */
export const HEALTH_POLL_INTERVAL_MS = 6_000;

const FAILED_REASON = 'The instance is FAILED (start-up failed or the device was unlinked).';

/** What a UI renders, in order. */
export type QrLoginEvent =
  | { type: 'qr'; qrCode: string; dataUri: string; expiresAt: number; instance: InstanceWithQrCode }
  | { type: 'cooldown'; secondsLeft: number }
  | { type: 'status'; status: InstanceStatus }
  | { type: 'expired' }
  | { type: 'linked'; connectedAt: string | null }
  /** Hypersender did not answer (a 5xx, a network error): the next read is in `delayMs`. */
  | { type: 'reconnecting'; delayMs: number; attempt: number; reason: string }
  | {
      type: 'failed';
      reason: string;
      error?: HypersenderApiError;
      /** `unreachable`: Hypersender did not answer within the reconnect budget. */
      cause?: 'unreachable';
    };

export type QrRequestResult =
  | { ok: true; instance: InstanceWithQrCode; dataUri: string; expiresAt: number }
  | { ok: false; error: HypersenderApiError; retryAfterSeconds?: number };

export interface QrLoginOptions {
  client: HypersenderClient;
  instanceId: string;
  timer?: Timer;
  qrLifetimeMs?: number;
  qrRequestIntervalMs?: number;
  healthPollIntervalMs?: number;
  /**
   * Where statuses come from: `health` reads (the default), or `webhook`: the caller
   * passes each session.status webhook to `receiveStatus()` and health is never read,
   * which leaves health's 10/min budget untouched.
   */
  statusSource?: 'health' | 'webhook';
  /**
   * How long the watch keeps trying through transient faults (5xx, network errors)
   * before it gives up with `failed` (cause `unreachable`); default 60 s.
   */
  reconnectBudgetMs?: number;
}

/** Documented nowhere; ours: a minute of a service that does not answer is an outage. */
export const RECONNECT_BUDGET_MS = 60_000;
/** The longest wait between two reads while reconnecting. */
const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * The QR login flow every integrator writes, framework-free: request a QR within the
 * 1/min limit (and say how long until the next may be asked), know when the shown QR
 * expires, and watch health until WORKING within its 10/min limit. Every wait is
 * cancellable; time is injectable.
 */
export class QrLogin {
  private readonly client: HypersenderClient;
  private readonly timer: Timer;
  private readonly instanceId: string;
  private readonly qrLifetimeMs: number;
  private readonly qrRequestIntervalMs: number;
  private readonly healthPollIntervalMs: number;
  private nextQrAllowedAt = 0;
  private qrExpiresAt: number | null = null;
  private expiryAnnounced = false;
  private readonly statusSource: 'health' | 'webhook';
  private readonly reconnectBudgetMs: number;
  /** A webhook said WORKING or FAILED: the watch ends. */
  private settledByWebhook = false;
  private readonly pending: QrLoginEvent[] = [];
  private wake: (() => void) | undefined;

  constructor(options: QrLoginOptions) {
    this.client = options.client;
    this.instanceId = options.instanceId;
    this.timer = options.timer ?? realTimer;
    this.qrLifetimeMs = options.qrLifetimeMs ?? QR_LIFETIME_MS;
    this.qrRequestIntervalMs = options.qrRequestIntervalMs ?? QR_REQUEST_INTERVAL_MS;
    this.healthPollIntervalMs = options.healthPollIntervalMs ?? HEALTH_POLL_INTERVAL_MS;
    this.statusSource = options.statusSource ?? 'health';
    this.reconnectBudgetMs = options.reconnectBudgetMs ?? RECONNECT_BUDGET_MS;
  }

  /**
   * A status pushed by Hypersender (its session.status webhook), for `statusSource:
   * 'webhook'`: emitted as a health read's would be; WORKING or FAILED ends the watch.
   */
  receiveStatus(status: InstanceStatus, connectedAt: string | null = null): void {
    this.emit({ type: 'status', status });
    if (status === 'WORKING') {
      this.emit({ type: 'linked', connectedAt });
      this.settledByWebhook = true;
    } else if (status === 'FAILED') {
      this.emit({ type: 'failed', reason: FAILED_REASON });
      this.settledByWebhook = true;
    }
  }

  /** Whole seconds until a new QR may be requested (0: now). */
  secondsUntilNewQr(): number {
    return Math.max(0, Math.ceil((this.nextQrAllowedAt - this.timer.now()) / 1000));
  }

  /** Whole seconds until the shown QR expires; null when none is shown, 0 once expired. */
  secondsUntilQrExpires(): number | null {
    if (this.qrExpiresAt === null) return null;
    return Math.max(0, Math.ceil((this.qrExpiresAt - this.timer.now()) / 1000));
  }

  /**
   * Asks for a new QR. Refused without a request while the cooldown holds (with the
   * seconds left); a 429 from the API sets the cooldown from its Retry-After.
   */
  async requestQr(signal?: AbortSignal): Promise<QrRequestResult> {
    signal?.throwIfAborted();
    if (this.secondsUntilNewQr() > 0) {
      const retryAfterSeconds = this.secondsUntilNewQr();
      return {
        ok: false,
        error: new RateLimitedError({
          message: `Wait ${retryAfterSeconds} s before requesting a new QR code.`,
          retryAfterSeconds,
          limit: 1,
          remaining: 0,
        }),
        retryAfterSeconds,
      };
    }
    const result = await this.client.POST('/{instance}/request-new-qr-code', {
      params: { path: { instance: this.instanceId } },
      signal,
    });
    const error = hypersenderError(result);
    const now = this.timer.now();
    if (error) {
      if (error instanceof RateLimitedError) {
        this.nextQrAllowedAt = Math.max(this.nextQrAllowedAt, now + error.retryAfterSeconds * 1000);
        this.wake?.();
        return { ok: false, error, retryAfterSeconds: error.retryAfterSeconds };
      }
      return { ok: false, error };
    }
    const instance = result.data as InstanceWithQrCode;
    this.nextQrAllowedAt = now + this.qrRequestIntervalMs;
    this.qrExpiresAt = now + this.qrLifetimeMs;
    this.expiryAnnounced = false;
    this.settledByWebhook = false;
    const dataUri = qrCodeDataUri(instance.qr_code);
    this.emit({
      type: 'qr',
      qrCode: instance.qr_code,
      dataUri,
      expiresAt: this.qrExpiresAt,
      instance,
    });
    return { ok: true, instance, dataUri, expiresAt: this.qrExpiresAt };
  }

  /**
   * Events until the instance is linked (WORKING) or failed, then the iteration ends:
   * a `status` after each health read (never more often than health's limit allows,
   * longer after a 429), a `cooldown` tick each second while a new QR must wait, one
   * `expired` when the shown QR runs out. Aborting the signal ends it with the reason.
   */
  async *watch(signal?: AbortSignal): AsyncGenerator<QrLoginEvent, void, undefined> {
    let nextHealthAt = this.timer.now();
    let lastCooldown = -1;
    let failingSince: number | undefined;
    let failures = 0;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.timer.now();
      const cooldown = this.secondsUntilNewQr();
      if (cooldown !== lastCooldown && cooldown >= 0 && (cooldown > 0 || lastCooldown > 0)) {
        this.emit({ type: 'cooldown', secondsLeft: cooldown });
      }
      lastCooldown = cooldown;
      if (this.qrExpiresAt !== null && now >= this.qrExpiresAt && !this.expiryAnnounced) {
        this.expiryAnnounced = true;
        this.emit({ type: 'expired' });
      }
      let done = false;
      if (this.statusSource === 'health' && now >= nextHealthAt) {
        // Hypersender not answering (a 5xx, a network error) is transient; anything else is an answer.
        let result: Awaited<ReturnType<typeof this.readHealth>> | undefined;
        let transient: string | undefined;
        try {
          result = await this.readHealth(signal);
          if (result.response.status >= 500) transient = `HTTP ${result.response.status}`;
        } catch (error) {
          if (signal?.aborted) throw error;
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          transient = cause?.code ?? cause?.message ?? (error as Error).message;
        }
        if (transient !== undefined) {
          failingSince ??= this.timer.now();
          failures += 1;
          // Back off from health's own interval, doubling: never faster than its limit allows.
          const delayMs = Math.min(
            MAX_RECONNECT_DELAY_MS,
            this.healthPollIntervalMs * 2 ** (failures - 1),
          );
          if (this.timer.now() + delayMs - failingSince > this.reconnectBudgetMs) {
            this.emit({
              type: 'failed',
              reason: `Hypersender is not answering (${transient}); gave up after ${Math.round((this.timer.now() - failingSince) / 1000)} s.`,
              cause: 'unreachable',
            });
            done = true;
          } else {
            this.emit({
              type: 'reconnecting',
              delayMs,
              attempt: failures,
              reason: transient,
            });
            nextHealthAt = this.timer.now() + delayMs;
          }
        } else if (result) {
          failingSince = undefined;
          failures = 0;
          const error = hypersenderError(result);
          nextHealthAt = this.timer.now() + this.healthPollIntervalMs;
          if (error instanceof RateLimitedError) {
            nextHealthAt =
              this.timer.now() +
              Math.max(error.retryAfterSeconds * 1000, this.healthPollIntervalMs);
          } else if (error) {
            this.emit({ type: 'failed', reason: error.message, error });
            done = true;
          } else if (result.data) {
            this.emit({ type: 'status', status: result.data.status });
            if (result.data.status === 'WORKING') {
              this.emit({ type: 'linked', connectedAt: result.data.connected_at });
              done = true;
            } else if (result.data.status === 'FAILED') {
              this.emit({ type: 'failed', reason: FAILED_REASON });
              done = true;
            }
          }
        }
      }
      while (this.pending.length > 0) yield this.pending.shift() as QrLoginEvent;
      if (done || this.settledByWebhook) return;
      const untilHealth = Math.max(0, nextHealthAt - this.timer.now());
      await this.sleepOrWake(Math.min(1_000, untilHealth), signal);
    }
  }

  private readHealth(signal?: AbortSignal) {
    return this.client.GET('/{instance}/health', {
      params: { path: { instance: this.instanceId } },
      signal,
    });
  }

  private emit(event: QrLoginEvent): void {
    this.pending.push(event);
    this.wake?.();
  }

  /** Sleeps, but wakes early when an event arrives (a QR requested meanwhile). */
  private async sleepOrWake(ms: number, signal?: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.wake = () => controller.abort('wake');
    try {
      await this.timer.sleep(ms, controller.signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error !== 'wake') throw error;
    } finally {
      this.wake = undefined;
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
