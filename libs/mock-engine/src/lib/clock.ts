/** The one source of time of the mock: state machine, QR expiry and rate limits. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export class SystemClock implements Clock {
  readonly mode = 'real' as const;

  now(): number {
    return Date.now();
  }
}

/**
 * A clock that moves only when told to, so that a test (in this process or another,
 * through the control API) can pass a 60 s window at once.
 */
export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  private current: number;

  constructor(start: number = Date.UTC(2025, 4, 26, 10, 12, 45)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward; time never goes back. */
  advance(milliseconds: number): number {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('The clock only moves forward: give a number of milliseconds >= 0.');
    }
    this.current += milliseconds;
    return this.current;
  }
}

export type MockClock = SystemClock | ManualClock;

/** `2025-05-26T10:12:45`: UTC, without a zone, as the real service writes dates. */
export function toLocalDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}
