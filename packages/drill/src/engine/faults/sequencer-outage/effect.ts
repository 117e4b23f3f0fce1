/**
 * `sequencer-outage`: from its trigger `target`'s sequencer includes nothing for `durationSeconds`
 * (`outage.ts` says what is modelled). The attacker, once the fix is public elsewhere, forces its
 * exploit in through L1 (the sequencer would only queue it). When the sequencer comes back, the
 * keeper's execution it queued at the activation time is in its first block, after what L1 forced.
 * Nothing here tells the keeper: it finds the outage from the chain's stale head
 * (`defenders/sequencer-watch.ts`) and may force its own execution through L1.
 */
import { settleAttempt } from '../../attacker/exploit.js';
import { watchSequencer } from '../../defenders/sequencer-watch.js';
import type { DrillContext } from '../../drill-context.js';
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';
import { keeperExecution } from './keeper-transaction.js';
import { Outage, outagesOf } from './outage.js';

export const sequencerOutage: FaultEffect<FaultOf<'sequencer-outage'>> = (ctx) => ({
  /** The round waits for an outage to end and its forced transactions to land. */
  keepsRoundOpen: () => outagesOf(ctx).some((outage) => outage.pending),
  async inject(fault) {
    const { clock, recorder } = ctx;
    const state = stateOf(ctx.states, fault.target);
    const head = await state.chain.client.getBlock({ blockTag: 'latest' });
    await clock.halt(state.chain);
    const outage = new Outage(ctx, fault, state.chain, {
      block: Number(head.number),
      timestamp: Number(head.timestamp),
    });
    const report = recorder.fault(
      'sequencer-outage',
      fault.target,
      clock.now,
      `${fault.target}'s sequencer includes nothing for ${fault.durationSeconds} s; a transaction sent through L1 is included ${fault.forceInclusionDelaySeconds} s later`,
    );
    watchAttacker(ctx, outage);
    watchSequencer(ctx, outage);
    ctx.faults.clearAt.push({
      at: clock.now + fault.durationSeconds,
      clear: async () => {
        // The keeper's executor broadcast its execution at the activation time: the sequencer queued it.
        const ready = state.executableAt;
        const queued =
          state.message && !state.done && ready !== undefined && ready <= clock.now && !outage.hasForced('keeper')
            ? [keeperExecution(ctx, state, Math.max(ready, outage.report.startedAt))]
            : [];
        await outage.resume(queued);
        recorder.clear(report, clock.now);
      },
    });
  },
});

/**
 * The attacker watches for the fix going public (`Attacker.learn` plans an attempt on the down
 * chain); it then sends its exploit through L1 at the planned time. Told of each plan as it is made
 * (`Attacker.onPlan`), and of one made before the outage began: no poll moves the clock while nothing
 * is public (a held release waits hours for the down chain, and every clock step mines hub blocks).
 */
function watchAttacker(ctx: DrillContext, outage: Outage): void {
  const { attacker, clock } = ctx;
  if (!ctx.attackerOn) return;
  const chain = outage.chain.name;
  const look = async (): Promise<void> => {
    const plannedAt = attacker.planned.get(chain);
    // Sent already, or planned again for later (that plan has its own look).
    if (!outage.down || plannedAt === undefined || plannedAt > clock.now + 1e-9) return;
    attacker.planned.delete(chain);
    // Against the chain as last mined: still the vulnerable code, unless a forced block changed it.
    const balance = await attacker.wouldWork(outage.chain);
    if (balance === 0n) return;
    outage.forceThroughL1({
      by: 'attacker',
      what: 'exploit',
      from: attacker.address,
      sentAt: plannedAt,
      submit: async () => {
        const attempt = await attacker.send(outage.chain, balance);
        return () => settleAttempt(ctx, attempt);
      },
    });
  };
  const lookAt = (at: number) => ctx.faults.clearAt.push({ at: Math.max(at, clock.now), clear: look });
  const already = attacker.planned.get(chain);
  if (already !== undefined) lookAt(already);
  const stop = attacker.onPlan((planned, at) => {
    if (!outage.down) stop();
    else if (planned === chain) lookAt(at);
  });
}
