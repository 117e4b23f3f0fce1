/**
 * `gas-spike`: the target's base fee is held at `baseFeeGwei` on every block for `durationSeconds`
 * (the clock sets it on the chain before each block: `VirtualClock.pinBaseFee`); then released.
 * Nothing here tells the keeper: it reads the base fee from the chain (`phases/execute/fee-policy.ts`).
 */
import { parseGwei } from 'viem';
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const gasSpike: FaultEffect<FaultOf<'gas-spike'>> = (ctx) => ({
  async inject(fault) {
    const { clock, recorder } = ctx;
    const { chain } = stateOf(ctx.states, fault.target);
    await clock.pinBaseFee(chain, parseGwei(String(fault.baseFeeGwei)));
    const report = recorder.fault(
      'gas-spike',
      fault.target,
      clock.now,
      `${fault.target}'s base fee spikes to ${fault.baseFeeGwei} gwei for ${fault.durationSeconds} s`,
    );
    ctx.faults.clearAt.push({
      at: clock.now + fault.durationSeconds,
      clear: async () => {
        await clock.pinBaseFee(chain, undefined);
        recorder.clear(report, clock.now);
      },
    });
  },
});
