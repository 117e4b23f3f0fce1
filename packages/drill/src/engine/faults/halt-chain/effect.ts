/**
 * `halt-chain`: the target stops producing blocks for `durationSeconds`. No alert here: the
 * monitor (`defenders/monitor.ts`) must detect the halt from the chain's heads.
 */
import type { SubmittedAttempt } from '../../../actors/attacker.js';
import { reachable, settleAttempt, submitAttempt } from '../../attacker/exploit.js';
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const haltChain: FaultEffect<FaultOf<'halt-chain'>> = (ctx) => ({
  async inject(fault) {
    const { clock, recorder } = ctx;
    const state = stateOf(ctx.states, fault.target);
    await clock.halt(state.chain);
    const report = recorder.fault(
      'halt-chain',
      fault.target,
      clock.now,
      `${fault.target} stops producing blocks for ${fault.durationSeconds} s`,
    );
    ctx.faults.clearAt.push({
      at: clock.now + fault.durationSeconds,
      clear: async () => {
        // The first block after the halt: the attacker's sweep, waiting with the higher tip, is in it.
        let attempt: SubmittedAttempt | undefined;
        await clock.resume(state.chain, async () => {
          if (reachable(ctx, state.chain, clock.now)) attempt = await submitAttempt(ctx, state.chain);
        });
        recorder.clear(report, clock.now);
        await settleAttempt(ctx, attempt);
      },
    });
  },
});
