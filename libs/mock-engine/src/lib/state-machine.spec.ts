import { DomainError } from './domain-error';
import { INSTANCE_STATUSES, type InstanceStatus } from './instance-status';
import {
  DEFAULT_MACHINE_SETTINGS,
  initialState,
  nextDueAt,
  settle,
  transition,
  type InstanceEvent,
  type InstanceState,
  type MachineSettings,
} from './state-machine';

const T0 = 1_000_000;
const settings: MachineSettings = {
  ...DEFAULT_MACHINE_SETTINGS,
  qrTtlMs: 60_000,
  assignDelayMs: 2_000,
  startDelayMs: 3_000,
};
const qr = { text: 'QR-OLD', issuedAt: T0, expiresAt: T0 + 60_000 };

function stateIn(status: InstanceStatus, extra: Partial<InstanceState> = {}): InstanceState {
  return {
    ...initialState(status, T0),
    ...(status === 'SCAN_QR_CODE' ? { qr } : {}),
    ...extra,
  };
}

type Row = [InstanceStatus, InstanceEvent, InstanceStatus | string];

/** Every status against every event: the resulting status, or the refusal's code. */
const table: Row[] = [];
const events: InstanceEvent[] = [
  { type: 'ASSIGNED' },
  { type: 'RESTART' },
  { type: 'STARTED', qrText: 'QR-NEW' },
  { type: 'START_FAILED' },
  { type: 'QR_REQUESTED', qrText: 'QR-NEW' },
  { type: 'QR_EXPIRED', qrText: 'QR-NEW' },
  { type: 'SCANNED', qrText: 'QR-OLD' },
  { type: 'UNLINKED' },
];
const expected: Record<InstanceStatus, Record<InstanceEvent['type'], string>> = {
  PENDING: {
    ASSIGNED: 'STARTING',
    RESTART: 'STARTING',
    STARTED: 'INVALID_TRANSITION',
    START_FAILED: 'INVALID_TRANSITION',
    QR_REQUESTED: 'SCAN_QR_CODE',
    QR_EXPIRED: 'QR_NOT_ACTIVE',
    SCANNED: 'QR_NOT_ACTIVE',
    UNLINKED: 'NOT_LINKED',
  },
  STOPPED: {
    ASSIGNED: 'INVALID_TRANSITION',
    RESTART: 'STARTING',
    STARTED: 'INVALID_TRANSITION',
    START_FAILED: 'INVALID_TRANSITION',
    QR_REQUESTED: 'SCAN_QR_CODE',
    QR_EXPIRED: 'QR_NOT_ACTIVE',
    SCANNED: 'QR_NOT_ACTIVE',
    UNLINKED: 'NOT_LINKED',
  },
  STARTING: {
    ASSIGNED: 'INVALID_TRANSITION',
    RESTART: 'STARTING',
    STARTED: 'SCAN_QR_CODE',
    START_FAILED: 'FAILED',
    QR_REQUESTED: 'SCAN_QR_CODE',
    QR_EXPIRED: 'QR_NOT_ACTIVE',
    SCANNED: 'QR_NOT_ACTIVE',
    UNLINKED: 'NOT_LINKED',
  },
  SCAN_QR_CODE: {
    ASSIGNED: 'INVALID_TRANSITION',
    RESTART: 'STARTING',
    STARTED: 'INVALID_TRANSITION',
    START_FAILED: 'INVALID_TRANSITION',
    QR_REQUESTED: 'SCAN_QR_CODE',
    QR_EXPIRED: 'SCAN_QR_CODE',
    SCANNED: 'WORKING',
    UNLINKED: 'NOT_LINKED',
  },
  WORKING: {
    ASSIGNED: 'INVALID_TRANSITION',
    RESTART: 'STARTING',
    STARTED: 'INVALID_TRANSITION',
    START_FAILED: 'INVALID_TRANSITION',
    QR_REQUESTED: 'SCAN_QR_CODE',
    QR_EXPIRED: 'QR_NOT_ACTIVE',
    SCANNED: 'QR_NOT_ACTIVE',
    UNLINKED: 'FAILED',
  },
  FAILED: {
    ASSIGNED: 'INVALID_TRANSITION',
    RESTART: 'STARTING',
    STARTED: 'INVALID_TRANSITION',
    START_FAILED: 'INVALID_TRANSITION',
    QR_REQUESTED: 'SCAN_QR_CODE',
    QR_EXPIRED: 'QR_NOT_ACTIVE',
    SCANNED: 'QR_NOT_ACTIVE',
    UNLINKED: 'NOT_LINKED',
  },
};
for (const status of INSTANCE_STATUSES) {
  for (const event of events) table.push([status, event, expected[status][event.type]]);
}

function outcome(result: InstanceState | DomainError): string {
  return result instanceof DomainError ? result.code : result.status;
}

describe('transition: every status x every event', () => {
  it.each(table)('%s + %o -> %s', (status, event, result) => {
    expect(outcome(transition(stateIn(status), event, T0 + 1_000, settings))).toBe(result);
  });
});

describe('transition: what each move carries', () => {
  it('a start with a linked device ends WORKING and sets connected_at', () => {
    const next = transition(
      stateIn('STARTING', { deviceLinked: true }),
      { type: 'STARTED', qrText: 'Q' },
      T0 + 5,
      settings,
    );
    expect(next).toMatchObject({ status: 'WORKING', connectedAt: T0 + 5, qr: null });
  });

  it('a start without a device issues a QR valid for the QR lifetime', () => {
    const next = transition(
      stateIn('STARTING'),
      { type: 'STARTED', qrText: 'Q1' },
      T0 + 5,
      settings,
    );
    expect(next).toMatchObject({
      status: 'SCAN_QR_CODE',
      qr: { text: 'Q1', issuedAt: T0 + 5, expiresAt: T0 + 60_005 },
    });
  });

  it('scanning the current QR links the device and sets connected_at', () => {
    const next = transition(
      stateIn('SCAN_QR_CODE'),
      { type: 'SCANNED', qrText: 'QR-OLD' },
      T0 + 10,
      settings,
    );
    expect(next).toMatchObject({
      status: 'WORKING',
      deviceLinked: true,
      connectedAt: T0 + 10,
      qr: null,
    });
  });

  it.each([
    ['another QR', 'QR-OTHER', T0 + 10],
    ['the current QR after it expired', 'QR-OLD', T0 + 60_000],
  ])('scanning %s is refused as stale', (_label, text, at) => {
    expect(
      outcome(transition(stateIn('SCAN_QR_CODE'), { type: 'SCANNED', qrText: text }, at, settings)),
    ).toBe('QR_STALE');
  });

  it('a new QR on a WORKING instance re-links by default, dropping the device', () => {
    const next = transition(
      stateIn('WORKING'),
      { type: 'QR_REQUESTED', qrText: 'Q' },
      T0 + 1,
      settings,
    );
    expect(next).toMatchObject({ status: 'SCAN_QR_CODE', deviceLinked: false, connectedAt: null });
  });

  it('a new QR on a WORKING instance is refused under the refuse policy', () => {
    const refuse = { ...settings, workingQrPolicy: 'refuse' as const };
    expect(
      outcome(transition(stateIn('WORKING'), { type: 'QR_REQUESTED', qrText: 'Q' }, T0, refuse)),
    ).toBe('ALREADY_WORKING');
  });

  it('an unlinked device leaves the instance FAILED without connected_at', () => {
    expect(transition(stateIn('WORKING'), { type: 'UNLINKED' }, T0 + 1, settings)).toMatchObject({
      status: 'FAILED',
      deviceLinked: false,
      connectedAt: null,
    });
  });

  it('a failed start clears the fail flag', () => {
    expect(
      transition(
        stateIn('STARTING', { failNextStart: true }),
        { type: 'START_FAILED' },
        T0,
        settings,
      ),
    ).toMatchObject({
      status: 'FAILED',
      failNextStart: false,
    });
  });
});

describe('settle: the moves time makes', () => {
  let counter = 0;
  const nextText = () => `QR-${++counter}`;
  beforeEach(() => (counter = 0));

  it('does nothing before anything is due', () => {
    const state = stateIn('PENDING');
    expect(settle(state, T0 + 1_999, settings, nextText)).toEqual({ state, changes: [] });
  });

  it('walks PENDING -> STARTING -> SCAN_QR_CODE, each at the moment it was due', () => {
    const { state, changes } = settle(stateIn('PENDING'), T0 + 10_000, settings, nextText);
    expect(changes).toEqual([
      { status: 'STARTING', at: T0 + 2_000 },
      { status: 'SCAN_QR_CODE', at: T0 + 5_000 },
    ]);
    expect(state.qr).toEqual({ text: 'QR-1', issuedAt: T0 + 5_000, expiresAt: T0 + 65_000 });
  });

  it('ends a failing start FAILED', () => {
    const { state } = settle(
      stateIn('STARTING', { failNextStart: true }),
      T0 + 3_000,
      settings,
      nextText,
    );
    expect(state.status).toBe('FAILED');
  });

  it('replaces an expired QR with one fresh QR valid now, keeping SCAN_QR_CODE', () => {
    const { state, changes } = settle(
      stateIn('SCAN_QR_CODE'),
      T0 + 10 * 60_000 + 5,
      settings,
      nextText,
    );
    expect(state.status).toBe('SCAN_QR_CODE');
    expect(state.qr).toEqual({ text: 'QR-1', issuedAt: T0 + 600_000, expiresAt: T0 + 660_000 });
    expect(changes).toEqual([]);
  });

  it.each([
    ['PENDING', T0 + 2_000],
    ['STARTING', T0 + 3_000],
    ['SCAN_QR_CODE', T0 + 60_000],
    ['WORKING', null],
    ['STOPPED', null],
    ['FAILED', null],
  ] as const)('%s is next due at %s', (status, due) => {
    expect(nextDueAt(stateIn(status), settings)).toBe(due);
  });
});
