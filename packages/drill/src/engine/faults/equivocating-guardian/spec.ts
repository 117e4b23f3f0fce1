/**
 * `equivocating-guardian`: guardian `guardian` (0-based, default 0) also signs a forged message for
 * the nonce of the message to `target` (a different payload) and the attacker submits it with that
 * signature.
 */
import { z } from 'zod';
import { FLOW_EVENTS } from '../../../flow-events.js';
import { chainName, MAX_SCENARIO_GUARDIANS, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const equivocatingGuardianSpec = defineFaultSpec({
  kind: 'equivocating-guardian',
  shape: {
    kind: z.literal('equivocating-guardian'),
    target: chainName,
    trigger,
    guardian: z
      .number()
      .int()
      .min(0)
      .max(MAX_SCENARIO_GUARDIANS - 1)
      .default(0),
  },
  targetsProposal: true,
  fixes: { guardian: 'set the 0-based index of the equivocating guardian (below guardians.size)' },
  check: (fault, { guardiansSize, report }) => {
    if (fault.guardian >= guardiansSize)
      report(
        ['guardian'],
        `there are only ${guardiansSize} guardians (0 to ${guardiansSize - 1}), got ${fault.guardian}`,
        `set guardian between 0 and ${guardiansSize - 1}`,
      );
    if (FLOW_EVENTS.indexOf(fault.trigger.after) < FLOW_EVENTS.indexOf('dispatched'))
      report(
        ['trigger', 'after'],
        'a guardian can only equivocate on a message the hub dispatched',
        'trigger it "after": "dispatched" or later',
      );
  },
});
