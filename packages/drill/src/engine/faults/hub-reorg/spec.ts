/**
 * `hub-reorg`: the hub chain (`target`, the hub's name) drops its last `depth` blocks, the hub's
 * dispatch among them, and another producer's blocks replace them at the same heights and
 * timestamps. With `reinclude` (the default) the replacement holds the orphaned blocks' transactions
 * again, as a real reorg puts them back through the mempool; without it the canonical hub never
 * sent what the orphaned blocks did.
 */
import { z } from 'zod';
import { FLOW_EVENTS } from '../../../flow-events.js';
import { chainName, trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

/** Deepest reorg a drill may ask for (a hub block every 12 s: over 12 minutes of history). */
export const MAX_REORG_DEPTH = 64;

export const hubReorgSpec = defineFaultSpec({
  kind: 'hub-reorg',
  shape: {
    kind: z.literal('hub-reorg'),
    target: chainName,
    trigger,
    depth: z.number().int().min(1).max(MAX_REORG_DEPTH),
    reinclude: z.boolean().default(true),
  },
  fixes: {
    depth: `set how many of the hub's latest blocks the reorg replaces (1 to ${MAX_REORG_DEPTH})`,
    reinclude: 'set true (the replacement holds the orphaned transactions again) or false (it drops them)',
  },
  check: (fault, { hubName, report }) => {
    if (fault.target !== hubName)
      report(
        ['target'],
        `a hub reorg happens on the hub, "${hubName}", not on "${fault.target}"`,
        `set target "${hubName}"`,
      );
    if (FLOW_EVENTS.indexOf(fault.trigger.after) < FLOW_EVENTS.indexOf('dispatched'))
      report(
        ['trigger', 'after'],
        'the reorg is about the hub’s dispatch: before it there is no message to orphan',
        'trigger it "after": "dispatched" or later',
      );
  },
});
