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

  constructor(private readonly start: number = MANUAL_CLOCK_START) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** How far the clock may still move: it stops at the end of year 9999, as dates do. */
  remainingMs(): number {
    return MANUAL_CLOCK_END - this.current;
  }

  /** Moves time forward; time never goes back, and never past the end of year 9999. */
  advance(milliseconds: number): number {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('The clock only moves forward: give a number of milliseconds >= 0.');
    }
    if (milliseconds > this.remainingMs()) {
      throw new RangeError(`The clock can move at most ${this.remainingMs()} ms more.`);
    }
    this.current += milliseconds;
    return this.current;
  }

  /** Back to where it started (a full reset of the mock). */
  reset(): void {
    this.current = this.start;
  }

  /** How far it has moved since its start. */
  offset(): number {
    return this.current - this.start;
  }

  /** Takes the position of a clock shared between processes: `offset` ms past the start. */
  follow(offset: number): void {
    this.current = Math.min(this.start + offset, MANUAL_CLOCK_END);
  }
}

/** Where a manual clock starts: the date of the real service's own examples. */
export const MANUAL_CLOCK_START = Date.UTC(2025, 4, 26, 10, 12, 45);
/** The last millisecond of year 9999: a manual clock stops there. */
export const MANUAL_CLOCK_END = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export type MockClock = SystemClock | ManualClock;

/** `2025-05-26T10:12:45`: UTC, without a zone, as the real service writes dates. */
export function toLocalDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}
