import type {
  FaultRuleInput,
  JournalEntry as Recorded,
  MockInstanceView,
} from '@hypersender/mock-http';
import type { JournalEntry, MockFaultRule, MockInstance } from './public-types';

/*
 * The package's types are written out in public-types.ts (it stands alone, for the
 * emitted .d.ts). These aliases fail to compile (typecheck) when the mock's own
 * answers drift from what the package promises.
 */
type Assignable<T extends U, U> = T;
export type MockInstanceMatchesView = Assignable<MockInstanceView, MockInstance>;
export type JournalEntryMatchesJournal = Assignable<Recorded, JournalEntry>;
export type FaultRuleMatchesInput = Assignable<MockFaultRule, FaultRuleInput>;
