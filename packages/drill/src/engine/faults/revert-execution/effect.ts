/** `revert-execution`: the keeper's first execution on the target runs out of gas; the keeper retries. */
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

/** Below what `execute` needs: the transaction is mined and reverts. */
const STARVED_GAS = 60_000n;

export const revertExecution: FaultEffect<FaultOf<'revert-execution'>> = (ctx) => {
  const { clock, recorder } = ctx;
  /** Chains whose next execution runs out of gas, by name. */
  const armed = new Set<string>();
  return {
    async inject(fault) {
      armed.add(stateOf(ctx.states, fault.target).chain.name);
      recorder.fault(
        'revert-execution',
        fault.target,
        clock.now,
        `the first execution on ${fault.target} runs out of gas`,
      );
    },
    beforeExecute: (state) => (armed.delete(state.chain.name) ? { gas: STARVED_GAS, reason: 'out of gas' } : undefined),
  };
};
