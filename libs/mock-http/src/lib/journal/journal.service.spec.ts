import { ManualClock, memoryBackend } from '@hypersender/mock-engine';
import { JOURNAL_CAPACITY, JournalService } from './journal.service';

describe('JournalService', () => {
  it('keeps the newest requests, oldest first, once the ring is full', async () => {
    const clock = new ManualClock(0);
    const journal = new JournalService(clock, memoryBackend());
    for (let i = 0; i < JOURNAL_CAPACITY + 5; i++) {
      clock.advance(1);
      journal.record('GET', `/r/${i}`, 200, 0.5, i % 2 === 0);
    }
    const entries = await journal.list({});
    expect(entries).toHaveLength(JOURNAL_CAPACITY);
    expect(entries[0].path).toBe('/r/5');
    expect(entries.at(-1)?.path).toBe(`/r/${JOURNAL_CAPACITY + 4}`);
    expect(
      (await journal.list({ since: JOURNAL_CAPACITY + 4 })).map((entry) => entry.path),
    ).toEqual([`/r/${JOURNAL_CAPACITY + 3}`, `/r/${JOURNAL_CAPACITY + 4}`]);
    await journal.clear();
    expect(await journal.list({})).toEqual([]);
  });
});
