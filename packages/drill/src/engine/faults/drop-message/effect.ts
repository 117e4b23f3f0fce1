/**
 * `drop-message`: the bridge loses the message to the target. The relay skips the chain until the
 * hub's missing acknowledgement is noticed: then the relayer re-sends it (and the fault clears).
 */
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const dropMessage: FaultEffect<FaultOf<'drop-message'>> = (ctx) => {
  const { clock, recorder } = ctx;
  /** Chains whose message the bridge lost, by name. */
  const lost = new Set<string>();
  return {
    async inject(fault) {
      lost.add(stateOf(ctx.states, fault.target).chain.name);
      recorder.fault('drop-message', fault.target, clock.now, `the bridge loses the message to ${fault.target}`);
    },
    losesMessage: (state) => lost.has(state.chain.name),
    onUnacknowledged(state) {
      // Re-delivery goes through on the next relayer pass.
      if (!lost.delete(state.chain.name)) return;
      const fault = recorder.faults.find((f) => f.kind === 'drop-message' && f.target === state.chain.name);
      if (fault) recorder.clear(fault, clock.now);
    },
  };
};
