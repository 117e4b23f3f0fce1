/** `revert-execution`: the first execution on `target` reverts (out of gas); the executor must retry. */
import { z } from 'zod';
import { chainName, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const revertExecutionSpec = defineFaultSpec({
  kind: 'revert-execution',
  shape: { kind: z.literal('revert-execution'), target: chainName, trigger },
  targetsProposal: true,
});
