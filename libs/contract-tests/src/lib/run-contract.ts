import { ALL_CASES } from '../cases';
import { assertControl, missingCapabilities, type ContractCase } from './contract-case';
import type { ContractTarget, TargetFactory } from './target';

/** What ran where, printed after each target so the report says it. */
const matrix: Array<{ target: string; case: string; result: string }> = [];

/**
 * Runs every case against one target, in a describe block named after it: the target's
 * servers start before and stop after. A case the target cannot show is declared as a
 * skipped test whose name says which capability is missing; a target that cannot run
 * here is one skipped test saying why.
 */
export function describeContract(
  factory: TargetFactory,
  cases: readonly ContractCase[] = ALL_CASES,
): void {
  describe(`contract: ${factory.name}`, () => {
    const unavailable = factory.unavailable?.();
    if (unavailable) {
      // Jest does not list the tests of a file where every test is skipped: say it here too.
      console.log(`contract: ${factory.name} skipped: ${unavailable}`);
      it.skip(`skipped: ${unavailable}`, () => undefined);
      return;
    }
    let target: ContractTarget;
    beforeAll(async () => {
      target = await factory.start();
      assertControl(target);
    }, 60_000);
    afterAll(async () => {
      await target?.stop();
      console.log(
        `contract matrix for ${factory.name}:\n${matrix
          .filter((row) => row.target === factory.name)
          .map((row) => `  ${row.result.padEnd(8)} ${row.case}`)
          .join('\n')}`,
      );
    });
    for (const contractCase of cases) {
      const missing = missingCapabilities(factory, contractCase);
      if (missing.length > 0) {
        matrix.push({ target: factory.name, case: contractCase.name, result: 'skipped' });
        it.skip(`${contractCase.name} [skipped: ${factory.name} lacks ${missing.join(', ')}]`, () =>
          undefined);
        continue;
      }
      it(contractCase.name, async () => {
        await target.control?.reset();
        try {
          await contractCase.run(target);
          matrix.push({ target: factory.name, case: contractCase.name, result: 'passed' });
        } catch (error) {
          matrix.push({ target: factory.name, case: contractCase.name, result: 'FAILED' });
          throw error;
        }
      });
    }
  });
}
