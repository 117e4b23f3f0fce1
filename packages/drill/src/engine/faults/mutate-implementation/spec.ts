/** `mutate-implementation`: the approved implementation's code on `target` changes after approval. */
import { z } from 'zod';
import { chainName, pausesFirst, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const mutateImplementationSpec = defineFaultSpec({
  kind: 'mutate-implementation',
  shape: { kind: z.literal('mutate-implementation'), target: chainName, trigger },
  targetsProposal: true,
  check: (_fault, { proposalKind, report }) => {
    if (pausesFirst(proposalKind))
      report(
        ['kind'],
        'an emergency pause approves no implementation, so there is none to mutate',
        'remove this fault, or set proposal.kind to "upgrade"',
      );
  },
});
