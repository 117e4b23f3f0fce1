/** `delay-message`: the bridge delivers the message to `target` late, `delaySeconds` (virtual) after the trigger, not lost. */
import { z } from 'zod';
import { chainName, positiveSeconds, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const delayMessageSpec = defineFaultSpec({
  kind: 'delay-message',
  shape: { kind: z.literal('delay-message'), target: chainName, trigger, delaySeconds: positiveSeconds },
  targetsProposal: true,
  fixes: { delaySeconds: 'set the virtual seconds the bridge holds the message back (more than 0)' },
});
