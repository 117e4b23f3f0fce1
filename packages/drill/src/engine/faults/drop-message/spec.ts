/** `drop-message`: the bridge loses the message to `target` (the relayer's first delivery there never happens). */
import { z } from 'zod';
import { chainName, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const dropMessageSpec = defineFaultSpec({
  kind: 'drop-message',
  shape: { kind: z.literal('drop-message'), target: chainName, trigger },
  targetsProposal: true,
});
