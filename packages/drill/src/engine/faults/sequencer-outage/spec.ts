/**
 * `sequencer-outage`: `target`'s sequencer includes nothing for `durationSeconds` (virtual) from the
 * trigger: no blocks, transactions sent to it queue. A transaction sent "via L1" (OP's deposits
 * after the sequencing window, Arbitrum's delayed inbox) is included `forceInclusionDelaySeconds`
 * after it was sent, even while the sequencer is still down. The target is an L2 the proposal sends
 * to (the hub is the L1 that forced inclusion goes through); the outage starts once every chain has
 * its message (`delivered`) or at `activation` (earlier, the relayer's delivery would have to be
 * forced through L1 too, which the drill does not model).
 */
import { z } from 'zod';
import { chainName, positiveSeconds, trigger } from '../../../scenario-fields.js';
import { DURATION_FIX, defineFaultSpec } from '../spec.js';

/** Longest forced-inclusion delay a drill may ask for (7 days; OP's sequencing window is 12 h, Arbitrum's 24 h). */
export const MAX_FORCE_INCLUSION_DELAY_SECONDS = 7 * 24 * 3600;
/** The flow events an outage may start after. */
const OUTAGE_TRIGGERS = ['delivered', 'activation'] as const;

export const sequencerOutageSpec = defineFaultSpec({
  kind: 'sequencer-outage',
  shape: {
    kind: z.literal('sequencer-outage'),
    target: chainName,
    trigger,
    durationSeconds: positiveSeconds,
    forceInclusionDelaySeconds: z.number().int().positive().max(MAX_FORCE_INCLUSION_DELAY_SECONDS),
  },
  targetsProposal: true,
  fixes: {
    durationSeconds: DURATION_FIX,
    forceInclusionDelaySeconds: `set the whole seconds after which a transaction sent through L1 is included while the sequencer is down, more than 0 and at most ${MAX_FORCE_INCLUSION_DELAY_SECONDS} (OP's sequencing window: 43200; Arbitrum's delayed inbox: 86400)`,
  },
  check: (fault, { hubName, report }) => {
    if (fault.target === hubName)
      report(
        ['target'],
        `the hub, "${hubName}", is the L1 that forced inclusion goes through: it has no sequencer`,
        'set target to an L2 the proposal sends to',
      );
    if (!(OUTAGE_TRIGGERS as readonly string[]).includes(fault.trigger.after))
      report(
        ['trigger', 'after'],
        'a sequencer outage starts once every chain has its message (earlier, the relayer would have to force its delivery through L1 too, which the drill does not model)',
        `trigger it "after": ${OUTAGE_TRIGGERS.map((e) => `"${e}"`).join(' or ')}`,
      );
  },
});
