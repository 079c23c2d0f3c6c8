import { assertControl, missingCapabilities, type ContractCase } from './contract-case';
import type { ContractTarget } from './target';

/** How one case ended on one target. */
export interface CaseResult {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped, or what failed. */
  reason?: string;
  durationMs: number;
}

/**
 * Runs the cases one after the other against a started target, outside any test
 * framework (the `hypersender-contract` bin): a case the target cannot show is
 * skipped with the capabilities it lacks; a target with a control API is reset first.
 */
export async function runCases(
  target: ContractTarget,
  cases: readonly ContractCase[],
  onResult: (result: CaseResult) => void = () => undefined,
): Promise<CaseResult[]> {
  assertControl(target);
  const results: CaseResult[] = [];
  const report = (result: CaseResult) => {
    results.push(result);
    onResult(result);
  };
  for (const contractCase of cases) {
    const missing = missingCapabilities(target, contractCase);
    if (missing.length > 0) {
      report({
        name: contractCase.name,
        outcome: 'skipped',
        reason: `the target lacks ${missing.join(', ')}`,
        durationMs: 0,
      });
      continue;
    }
    const started = performance.now();
    try {
      await target.control?.reset();
      await contractCase.run(target);
      report({
        name: contractCase.name,
        outcome: 'passed',
        durationMs: performance.now() - started,
      });
    } catch (error) {
      report({
        name: contractCase.name,
        outcome: 'failed',
        reason: error instanceof Error ? error.message : String(error),
        durationMs: performance.now() - started,
      });
    }
  }
  return results;
}
