/**
 * `clock-skew`: from the trigger on, `target`'s block timestamps lead (`offsetSeconds` > 0) or lag
 * (< 0) the hub's by that many seconds (`VirtualClock.skew`: a lead is one jump forward, a lag a
 * stall). Its receiver reaches the one activation time that much early or late. It triggers once
 * the message is delivered (before, the relay's own times would be skewed too), and it lasts: a
 * clock that came back would have to stamp blocks backwards (a lead) or jump (a lag).
 */
import { z } from 'zod';
import { chainName, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

/** Largest skew a drill may ask for, either way (an hour). */
export const MAX_CLOCK_SKEW_SECONDS = 3600;

export const clockSkewSpec = defineFaultSpec({
  kind: 'clock-skew',
  shape: {
    kind: z.literal('clock-skew'),
    target: chainName,
    trigger,
    offsetSeconds: z
      .number()
      .int()
      .min(-MAX_CLOCK_SKEW_SECONDS)
      .max(MAX_CLOCK_SKEW_SECONDS)
      .refine((value) => value !== 0, { message: 'must not be 0' }),
  },
  targetsProposal: true,
  fixes: {
    offsetSeconds: `set the whole seconds the chain's clock leads (positive) or lags (negative) the hub's, not 0, at most ${MAX_CLOCK_SKEW_SECONDS} either way`,
  },
  check: (fault, { hubName, report }) => {
    if (fault.target === hubName)
      report(
        ['target'],
        `the hub, "${hubName}", is the clock the others are measured against: it cannot be skewed`,
        'set target to another chain the proposal sends to',
      );
    if (fault.trigger.after !== 'delivered')
      report(
        ['trigger', 'after'],
        'a clock skew starts once the message is delivered (earlier, the relay would run on the skewed clock too)',
        'trigger it "after": "delivered"',
      );
  },
});
