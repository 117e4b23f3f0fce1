/** `halt-chain`: `target` stops producing blocks for `durationSeconds` (virtual). Any chain, proposed or not. */
import { z } from 'zod';
import { chainName, positiveSeconds, trigger } from '../../../scenario-fields.js';
import { DURATION_FIX, defineFaultSpec } from '../spec.js';

export const haltChainSpec = defineFaultSpec({
  kind: 'halt-chain',
  shape: { kind: z.literal('halt-chain'), target: chainName, trigger, durationSeconds: positiveSeconds },
  fixes: { durationSeconds: DURATION_FIX },
});
