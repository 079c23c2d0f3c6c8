import { Inject, Injectable } from '@nestjs/common';
import type { CappedLog, Clock, MockBackend } from '@hypersender/mock-engine';
import { BACKEND, CLOCK } from '../engine/tokens';

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
export { JOURNAL_CAPACITY } from '@hypersender/mock-engine';

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
 * journal): the newest JOURNAL_CAPACITY requests, in the backend's log (a ring in this
 * process, or a capped Redis list that every process of one mock writes). Recording
 * keeps raw values; formatting happens only when someone reads the journal.
 */
@Injectable()
export class JournalService {
  private readonly log: CappedLog<object>;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BACKEND) backend: MockBackend,
  ) {
    this.log = backend.journal;
  }

  record(
    method: string,
    path: string,
    status: number,
    durationMs: number,
    hadAuthorization: boolean,
    fault?: string,
  ): void {
    const entry: Recorded = {
      method,
      path,
      status,
      atMs: this.clock.now(),
      durationMs,
      hadAuthorization,
    };
    if (fault !== undefined) entry.fault = fault;
    this.log.append(entry);
  }

  async list(filter: JournalFilter): Promise<JournalEntry[]> {
    const method = filter.method?.toUpperCase();
    const entries: JournalEntry[] = [];
    for (const entry of (await this.log.list()) as Recorded[]) {
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

  clear(): Promise<void> {
    return this.log.clear();
  }
}
