import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@hypersender/mock-engine';
import { CLOCK } from '../engine/tokens';

export interface JournalEntry {
  method: string;
  path: string;
  status: number;
  at: string;
  duration_ms: number;
  /** `Bearer [redacted]` or `none`: the token itself is never kept. */
  authorization: string;
}

export interface JournalFilter {
  method?: string;
  path?: string;
  status?: number;
  since?: number;
}

/** Keeps the newest requests only, so a long-running mock does not grow without end. */
export const JOURNAL_CAPACITY = 10_000;

/** What the mock received on its public API, for tests to verify (WireMock's request journal). */
@Injectable()
export class JournalService {
  private entries: Array<JournalEntry & { atMs: number }> = [];

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  record(
    method: string,
    path: string,
    status: number,
    durationMs: number,
    hadAuthorization: boolean,
  ): void {
    const atMs = this.clock.now();
    this.entries.push({
      method,
      path,
      status,
      at: new Date(atMs).toISOString(),
      atMs,
      duration_ms: Math.round(durationMs * 100) / 100,
      authorization: hadAuthorization ? 'Bearer [redacted]' : 'none',
    });
    if (this.entries.length > JOURNAL_CAPACITY)
      this.entries = this.entries.slice(-JOURNAL_CAPACITY);
  }

  list(filter: JournalFilter): JournalEntry[] {
    return this.entries
      .filter(
        (entry) =>
          (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
          (filter.path === undefined || entry.path.includes(filter.path)) &&
          (filter.status === undefined || entry.status === filter.status) &&
          (filter.since === undefined || entry.atMs >= filter.since),
      )
      .map(({ atMs: _atMs, ...entry }) => entry);
  }

  clear(): void {
    this.entries = [];
  }
}
