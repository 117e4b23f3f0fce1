/** `kill-guardians`: `count` guardian processes are killed; restarted after `durationSeconds` (omit: never). */
import { z } from 'zod';
import { MAX_SCENARIO_GUARDIANS, positiveSeconds, trigger } from '../../../scenario-fields.js';
import { DURATION_FIX, defineFaultSpec } from '../spec.js';

export const killGuardiansSpec = defineFaultSpec({
  kind: 'kill-guardians',
  shape: {
    kind: z.literal('kill-guardians'),
    count: z.number().int().min(1).max(MAX_SCENARIO_GUARDIANS),
    trigger,
    durationSeconds: positiveSeconds.optional(),
  },
  fixes: {
    durationSeconds: DURATION_FIX,
    count: `set how many guardians to kill (1 to ${MAX_SCENARIO_GUARDIANS}, at most guardians.size)`,
  },
  check: (fault, { guardiansSize, report }) => {
    if (fault.count > guardiansSize)
      report(
        ['count'],
        `there are only ${guardiansSize} guardians, got ${fault.count}`,
        `set count between 1 and ${guardiansSize}`,
      );
  },
});
