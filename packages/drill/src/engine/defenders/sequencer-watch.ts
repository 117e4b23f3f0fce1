/**
 * The keeper's sequencer watch: every `pollSeconds` it compares each L2's head timestamp with the
 * hub's. A head older than the two block times allow (a head is only as fresh as its last block)
 * means the chain's sequencer includes nothing: `sequencer-down`, naming the chain. Once the head
 * is `forceAfterSeconds` stale and the keeper has an execution waiting there, it sends the
 * execution through L1 (forced inclusion): timed so that it lands at the activation time at the
 * earliest (a forced `execute` before it would revert), else as soon as it can.
 *
 * The polls run on a fixed grid (multiples of `pollSeconds`); while a head is known fresh the drill
 * skips the polls that cannot change anything (the stale time grows by one second a second, so the
 * next poll that can cross a threshold is known) and reads the heads only at those.
 */
import { automineInterval } from '../../chains/virtual-clock.js';
import type { DrillContext } from '../drill-context.js';
import { stateOf } from '../drill-context.js';
import { keeperExecution } from '../faults/sequencer-outage/keeper-transaction.js';
import type { Outage } from '../faults/sequencer-outage/outage.js';
import { conditionStart } from './monitor.js';

/** The keeper's poll and its threshold for forcing its execution through L1 (null: it never forces). */
export const SEQUENCER_WATCH: { pollSeconds: number; forceAfterSeconds: number | null } = {
  pollSeconds: 60,
  forceAfterSeconds: 600,
};

/** Watches `outage`'s chain from now on, until the keeper has alerted and forced (or the sequencer is back). */
export function watchSequencer(ctx: DrillContext, outage: Outage): void {
  const { clock, hubChain, recorder } = ctx;
  const { pollSeconds, forceAfterSeconds } = SEQUENCER_WATCH;
  const chain = outage.chain;
  const state = stateOf(ctx.states, chain.name);
  const tolerance = hubChain.blockTime + automineInterval(chain.blockTime);
  const gridAfter = (t: number) => (Math.floor(t / pollSeconds + 1e-9) + 1) * pollSeconds;
  const schedule = (staleNow: number) => {
    const need = outage.report.detection === null ? tolerance + 1 : (forceAfterSeconds ?? Number.POSITIVE_INFINITY);
    if (!Number.isFinite(need)) return;
    ctx.faults.clearAt.push({ at: gridAfter(clock.now + Math.max(0, need - staleNow) - 1e-6), clear: poll });
  };
  const poll = async (): Promise<void> => {
    if (!outage.down) return;
    const [hub, head] = await Promise.all([
      hubChain.client.getBlock({ blockTag: 'latest' }),
      chain.client.getBlock({ blockTag: 'latest' }),
    ]);
    const stale = Number(hub.timestamp) - Number(head.timestamp);
    if (outage.report.detection === null && stale > tolerance) {
      outage.report.detection = {
        at: clock.now,
        hubBlock: Number(hub.number),
        hubTimestamp: Number(hub.timestamp),
        chainBlock: Number(head.number),
        chainTimestamp: Number(head.timestamp),
        staleSeconds: stale,
        toleranceSeconds: tolerance,
      };
      recorder.alert(
        'sequencer-down',
        chain.name,
        clock.now,
        `${chain.name}'s head is ${stale} s behind the hub's (head #${head.number} at ${head.timestamp}, ${hubChain.name} #${hub.number} at ${hub.timestamp}; more than the ${tolerance} s two heads may differ): its sequencer includes nothing`,
        conditionStart(recorder, 'sequencer-outage', chain.name, clock.now),
      );
    }
    if (outage.report.detection !== null && forceAfterSeconds !== null && stale >= forceAfterSeconds) {
      force();
      return;
    }
    schedule(stale);
  };
  // Force the execution through L1, landing at the activation time at the earliest.
  const force = () => {
    if (!state.message || state.done || state.queuedAt === undefined || state.executableAt === undefined) return;
    outage.report.keeperForcedAt = clock.now;
    const sendAt = Math.max(clock.now, state.executableAt - outage.delay);
    const send = () => {
      if (!state.done) outage.forceThroughL1(keeperExecution(ctx, state, sendAt));
    };
    if (sendAt <= clock.now) send();
    else ctx.faults.clearAt.push({ at: sendAt, clear: async () => send() });
  };
  schedule(0);
}
