import type { Capability, ContractTarget, ControlApi } from './target';

/** The capabilities a target has only through its control API. */
type ControlCapability = 'phone' | 'clock' | 'faults';

/** A target as a case that needs `N` sees it: one needing the phone or the clock has a control API. */
export type TargetFor<N extends readonly Capability[]> = ContractTarget &
  (Extract<N[number], ControlCapability> extends never ? unknown : { control: ControlApi });

/**
 * Declares a case: its `run` gets the target typed by what the case needs (a case
 * that needs `phone` or `clock` can call `target.control` without a check; the runners
 * refuse a target that claims those capabilities without a control API).
 */
export function contractCase<const N extends readonly Capability[]>(definition: {
  name: string;
  needs: N;
  run(target: TargetFor<N>): Promise<void>;
}): ContractCase {
  return definition as unknown as ContractCase;
}

/** Throws when a target claims the phone or the clock but has no control API to show them. */
export function assertControl(target: ContractTarget): void {
  const claimed = (['phone', 'clock', 'faults'] as const).filter((name) =>
    target.capabilities.has(name),
  );
  if (claimed.length > 0 && !target.control)
    throw new Error(`${target.name} claims ${claimed.join(' and ')} but has no control API`);
}

/** One behaviour of the API, written once and run against every target that can show it. */
export interface ContractCase {
  name: string;
  /** Capabilities the target must all have. */
  needs: readonly Capability[];
  run(target: ContractTarget): Promise<void>;
}

export function missingCapabilities(
  target: { capabilities: ReadonlySet<Capability> },
  contractCase: ContractCase,
): Capability[] {
  return contractCase.needs.filter((capability) => !target.capabilities.has(capability));
}
