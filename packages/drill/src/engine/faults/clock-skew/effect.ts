/**
 * `clock-skew`: `target`'s clock leads or lags the hub's by `offsetSeconds` from now on
 * (`VirtualClock.skew`). Nothing here tells the keeper: it finds the skew itself, comparing every
 * chain's head timestamp with the hub's before activation (`defenders/clock-check.ts`).
 */
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const clockSkew: FaultEffect<FaultOf<'clock-skew'>> = (ctx) => ({
  async inject(fault) {
    const { clock, recorder } = ctx;
    const { chain } = stateOf(ctx.states, fault.target);
    await clock.skew(chain, fault.offsetSeconds);
    const way = fault.offsetSeconds > 0 ? 'leads' : 'lags';
    recorder.fault(
      'clock-skew',
      fault.target,
      clock.now,
      `${fault.target}'s clock ${way} the hub's by ${Math.abs(fault.offsetSeconds)} s from now on`,
    );
  },
});
