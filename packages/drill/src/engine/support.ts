import { LockstepError } from '@lockstep/core/errors';
import type { Scenario } from '../types.js';

/** A scenario asks for something this engine does not run yet; nothing was started. */
export class DrillUnsupportedError extends LockstepError {
  override name = 'DrillUnsupportedError' as const;
  readonly scenario: string;
  constructor(scenario: string, what: string) {
    super(`drill "${scenario}" needs ${what}, which the drill engine does not run yet`);
    this.scenario = scenario;
  }
}

/** Throws `DrillUnsupportedError` before any chain starts when the scenario needs a missing capability. */
export function assertSupported(scenario: Scenario): void {
  for (const fault of scenario.faults) {
    if (fault.kind === 'rotate-guardians') throw new DrillUnsupportedError(scenario.name, 'guardian-set rotation');
  }
}
