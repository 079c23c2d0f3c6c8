import { DomainError } from './domain-error';
import type { InstanceStatus } from './instance-status';

/** A QR code as issued: its decoded text and when it stops being valid. */
export interface IssuedQr {
  readonly text: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** What the state machine knows of an instance. Immutable: each transition makes a new one. */
export interface InstanceState {
  readonly status: InstanceStatus;
  /** When the instance entered its status (timed moves count from here). */
  readonly since: number;
  readonly qr: IssuedQr | null;
  /** A phone is linked: a start ends WORKING instead of SCAN_QR_CODE. */
  readonly deviceLinked: boolean;
  readonly connectedAt: number | null;
  /** The next start ends FAILED (set through the control API). */
  readonly failNextStart: boolean;
}

export type InstanceEvent =
  | { readonly type: 'ASSIGNED' }
  | { readonly type: 'RESTART' }
  | { readonly type: 'STARTED'; readonly qrText: string }
  | { readonly type: 'START_FAILED' }
  | { readonly type: 'QR_REQUESTED'; readonly qrText: string }
  | { readonly type: 'QR_EXPIRED'; readonly qrText: string }
  | { readonly type: 'SCANNED'; readonly qrText: string }
  | { readonly type: 'UNLINKED' };

/** What request-new-qr-code does on a WORKING instance (the real service is silent). */
export type WorkingQrPolicy = 'relink' | 'refuse';

export interface MachineSettings {
  /** How long an issued QR stays valid. */
  readonly qrTtlMs: number;
  /** PENDING -> STARTING after this long. */
  readonly assignDelayMs: number;
  /** STARTING -> WORKING / SCAN_QR_CODE / FAILED after this long. */
  readonly startDelayMs: number;
  readonly workingQrPolicy: WorkingQrPolicy;
}

export const DEFAULT_MACHINE_SETTINGS: MachineSettings = {
  qrTtlMs: 60_000,
  assignDelayMs: 2_000,
  startDelayMs: 2_000,
  workingQrPolicy: 'relink',
};

export function initialState(status: InstanceStatus, now: number): InstanceState {
  const linked = status === 'WORKING';
  return {
    status,
    since: now,
    qr: null,
    deviceLinked: linked,
    connectedAt: linked ? now : null,
    failNextStart: false,
  };
}

function issue(text: string, at: number, settings: MachineSettings): IssuedQr {
  return { text, issuedAt: at, expiresAt: at + settings.qrTtlMs };
}

function enter(
  state: InstanceState,
  status: InstanceStatus,
  at: number,
  changes: Partial<InstanceState> = {},
): InstanceState {
  return { ...state, status, since: status === state.status ? state.since : at, ...changes };
}

/**
 * The instance state machine, as one pure function (every status x event is a row of
 * state-machine.spec.ts; the spec's operation descriptions tell the same): the state
 * after `event` happens at `at`, or the reason it cannot.
 */
export function transition(
  state: InstanceState,
  event: InstanceEvent,
  at: number,
  settings: MachineSettings,
): InstanceState | DomainError {
  switch (event.type) {
    case 'ASSIGNED':
      return state.status === 'PENDING'
        ? enter(state, 'STARTING', at)
        : new DomainError('INVALID_TRANSITION', `ASSIGNED in ${state.status}`);
    case 'RESTART':
      return enter(state, 'STARTING', at, { since: at, qr: null });
    case 'STARTED':
      if (state.status !== 'STARTING') {
        return new DomainError('INVALID_TRANSITION', `STARTED in ${state.status}`);
      }
      return state.deviceLinked
        ? enter(state, 'WORKING', at, { connectedAt: at })
        : enter(state, 'SCAN_QR_CODE', at, { qr: issue(event.qrText, at, settings) });
    case 'START_FAILED':
      return state.status === 'STARTING'
        ? enter(state, 'FAILED', at, { failNextStart: false, qr: null })
        : new DomainError('INVALID_TRANSITION', `START_FAILED in ${state.status}`);
    case 'QR_REQUESTED':
      if (state.status === 'WORKING' && settings.workingQrPolicy === 'refuse') {
        return new DomainError('ALREADY_WORKING');
      }
      return enter(state, 'SCAN_QR_CODE', at, {
        qr: issue(event.qrText, at, settings),
        deviceLinked: false,
        connectedAt: null,
      });
    case 'QR_EXPIRED':
      if (state.status !== 'SCAN_QR_CODE' || !state.qr) {
        return new DomainError('QR_NOT_ACTIVE');
      }
      return enter(state, 'SCAN_QR_CODE', at, { qr: issue(event.qrText, at, settings) });
    case 'SCANNED':
      if (state.status !== 'SCAN_QR_CODE' || !state.qr) return new DomainError('QR_NOT_ACTIVE');
      if (state.qr.text !== event.qrText || at >= state.qr.expiresAt) {
        return new DomainError('QR_STALE');
      }
      return enter(state, 'WORKING', at, { qr: null, deviceLinked: true, connectedAt: at });
    case 'UNLINKED':
      return state.status === 'WORKING'
        ? enter(state, 'FAILED', at, { deviceLinked: false, connectedAt: null })
        : new DomainError('NOT_LINKED');
  }
}

/** A status the instance passed through, for webhooks. */
export interface StatusChange {
  readonly status: InstanceStatus;
  readonly at: number;
}

export interface Settled {
  readonly state: InstanceState;
  readonly changes: readonly StatusChange[];
}

/**
 * The moves that time alone makes, applied up to `now`, each at the moment it was
 * due: PENDING -> STARTING, STARTING -> its outcome, an expired QR -> a new one. A
 * clock moved by ten minutes yields one fresh QR valid now, not ten.
 */
export function settle(
  state: InstanceState,
  now: number,
  settings: MachineSettings,
  nextQrText: () => string,
): Settled {
  const changes: StatusChange[] = [];
  let current = state;
  for (;;) {
    let next: InstanceState | DomainError | undefined;
    if (current.status === 'PENDING' && now >= current.since + settings.assignDelayMs) {
      next = transition(
        current,
        { type: 'ASSIGNED' },
        current.since + settings.assignDelayMs,
        settings,
      );
    } else if (current.status === 'STARTING' && now >= current.since + settings.startDelayMs) {
      const at = current.since + settings.startDelayMs;
      next = current.failNextStart
        ? transition(current, { type: 'START_FAILED' }, at, settings)
        : transition(current, { type: 'STARTED', qrText: nextQrText() }, at, settings);
    } else if (current.status === 'SCAN_QR_CODE' && current.qr && now >= current.qr.expiresAt) {
      const lifetimes = Math.floor((now - current.qr.issuedAt) / settings.qrTtlMs);
      const at = current.qr.issuedAt + lifetimes * settings.qrTtlMs;
      next = transition(current, { type: 'QR_EXPIRED', qrText: nextQrText() }, at, settings);
    }
    if (!next || next instanceof DomainError) return { state: current, changes };
    if (next.status !== current.status) changes.push({ status: next.status, at: next.since });
    current = next;
  }
}

/** When `settle` next has something to do, or null when only an event can move the instance. */
export function nextDueAt(state: InstanceState, settings: MachineSettings): number | null {
  switch (state.status) {
    case 'PENDING':
      return state.since + settings.assignDelayMs;
    case 'STARTING':
      return state.since + settings.startDelayMs;
    case 'SCAN_QR_CODE':
      return state.qr ? state.qr.expiresAt : null;
    default:
      return null;
  }
}
