import type { Capability, ContractTarget } from './target';

/** One behaviour of the API, written once and run against every target that can show it. */
export interface ContractCase {
  name: string;
  /** Capabilities the target must all have. */
  needs: Capability[];
  run(target: ContractTarget): Promise<void>;
}

export function missingCapabilities(
  target: { capabilities: ReadonlySet<Capability> },
  contractCase: ContractCase,
): Capability[] {
  return contractCase.needs.filter((capability) => !target.capabilities.has(capability));
}
