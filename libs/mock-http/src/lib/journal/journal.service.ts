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
  /** The fault rule that touched the request, if one did. */
  fault?: string;
}

export interface JournalFilter {
  method?: string;
  path?: string;
  status?: number;
  since?: number;
}

/** Keeps the newest requests only, so a long-running mock does not grow without end. */
export const JOURNAL_CAPACITY = 10_000;

interface Recorded {
  method: string;
  path: string;
  status: number;
  atMs: number;
  durationMs: number;
  hadAuthorization: boolean;
  fault?: string;
}

/**
 * What the mock received on its public API, for tests to verify (WireMock's request
 * journal). A ring of the newest JOURNAL_CAPACITY requests: recording is O(1) and keeps
 * raw values, formatting happens only when someone reads the journal.
 */
@Injectable()
export class JournalService {
  private readonly ring: Array<Recorded | undefined> = new Array(JOURNAL_CAPACITY);
  private next = 0;
  private count = 0;

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  record(
    method: string,
    path: string,
    status: number,
    durationMs: number,
    hadAuthorization: boolean,
    fault?: string,
  ): void {
    this.ring[this.next] = {
      method,
      path,
      status,
      atMs: this.clock.now(),
      durationMs,
      hadAuthorization,
      fault,
    };
    this.next = (this.next + 1) % JOURNAL_CAPACITY;
    this.count = Math.min(this.count + 1, JOURNAL_CAPACITY);
  }

  list(filter: JournalFilter): JournalEntry[] {
    const method = filter.method?.toUpperCase();
    const entries: JournalEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      const entry = this.ring[
        (this.next - this.count + i + JOURNAL_CAPACITY) % JOURNAL_CAPACITY
      ] as Recorded;
      if (method !== undefined && entry.method !== method) continue;
      if (filter.path !== undefined && !entry.path.includes(filter.path)) continue;
      if (filter.status !== undefined && entry.status !== filter.status) continue;
      if (filter.since !== undefined && entry.atMs < filter.since) continue;
      entries.push({
        method: entry.method,
        path: entry.path,
        status: entry.status,
        at: new Date(entry.atMs).toISOString(),
        duration_ms: Math.round(entry.durationMs * 100) / 100,
        authorization: entry.hadAuthorization ? 'Bearer [redacted]' : 'none',
        ...(entry.fault ? { fault: entry.fault } : {}),
      });
    }
    return entries;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
