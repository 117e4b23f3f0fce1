/**
 * `gas-spike`: `target`'s base fee jumps to `baseFeeGwei` at the trigger and is held there for
 * `durationSeconds` (virtual), then falls by an eighth per empty block (EIP-1559). The keeper's
 * fee policy (`response.executorMaxFeeGwei`) must bump its offer within its cap, or wait where the
 * cap stops it.
 */
import { z } from 'zod';
import { chainName, positiveSeconds, trigger } from '../../../scenario-fields.js';
import { DURATION_FIX, defineFaultSpec } from '../spec.js';

export const gasSpikeSpec = defineFaultSpec({
  kind: 'gas-spike',
  shape: {
    kind: z.literal('gas-spike'),
    target: chainName,
    trigger,
    baseFeeGwei: z.number().positive().max(1_000_000),
    durationSeconds: positiveSeconds,
  },
  targetsProposal: true,
  fixes: {
    baseFeeGwei: 'set the base fee the chain spikes to, in gwei (more than 0, at most 1000000)',
    durationSeconds: DURATION_FIX,
  },
});
