/** `delay-message`: the bridge holds the message to the target back for `delaySeconds`, then delivers it. */
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const delayMessage: FaultEffect<FaultOf<'delay-message'>> = (ctx) => {
  const { clock, recorder } = ctx;
  /** Chains whose message the bridge holds back, by name. */
  const held = new Set<string>();
  return {
    async inject(fault) {
      const name = stateOf(ctx.states, fault.target).chain.name;
      held.add(name);
      const report = recorder.fault(
        'delay-message',
        fault.target,
        clock.now,
        `the bridge holds the message to ${fault.target} back for ${fault.delaySeconds} s (delivered late, not lost)`,
      );
      ctx.faults.clearAt.push({
        at: clock.now + fault.delaySeconds,
        clear: async () => {
          held.delete(name); // the next relay pass delivers it
          recorder.clear(report, clock.now);
        },
      });
    },
    holdsMessage: (state) => held.has(state.chain.name),
  };
};
