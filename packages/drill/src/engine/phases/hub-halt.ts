/**
 * Faults on the hub: while the hub makes no blocks nothing can be dispatched there, and a dispatch
 * already sent never becomes final, so no guardian may sign it and the fallback council must not
 * ratify it. The drill waits for the hub and names what happened (never "quorum lost").
 */
import { formatVirtualTime } from '../../report/format.js';
import type { DrillContext, Round } from '../drill-context.js';
import { advanceTo } from '../faults/timeline.js';

/**
 * The hub is halted when the timelock ends: waits (virtual time) until it resumes; the dispatch is
 * then sent in the hub's first block after the resumption. Raises `dispatch-delayed`.
 */
export async function waitForHubToDispatch(ctx: DrillContext, readyAt: number): Promise<void> {
  const { clock, recorder, hubChain, faults } = ctx;
  if (!clock.isHalted(hubChain.name)) return;
  recorder.alert(
    'dispatch-delayed',
    hubChain.name,
    clock.now,
    `the hub ${hubChain.name} is halted at the end of the timelock (${formatVirtualTime(readyAt)}): nothing can be dispatched until it resumes; the dispatch goes in its first block after the resumption`,
    readyAt,
  );
  while (clock.isHalted(hubChain.name)) {
    const next = Math.min(...faults.clearAt.map((c) => c.at).filter((at) => at > clock.now));
    if (!Number.isFinite(next)) throw new Error(`the hub ${hubChain.name} is halted and nothing will resume it`);
    await advanceTo(ctx, next);
  }
  recorder.mark({
    at: clock.now,
    chain: hubChain.name,
    kind: 'alert',
    label: `dispatched ${Math.round(clock.now - readyAt)} s after the timelock ended (hub resumed)`,
  });
}

/** Whether the round's dispatch is final on the hub (the hub's head is `finalityDepth` blocks past it). */
export async function dispatchFinality(
  ctx: DrillContext,
  round: Round,
): Promise<{ final: boolean; head: bigint; needed: bigint }> {
  const { hubChain } = ctx;
  const head = await hubChain.client.getBlockNumber({ cacheTime: 0 });
  const needed = (round.dispatchedBlock ?? 0n) + BigInt(hubChain.finalityDepth);
  return { final: head >= needed, head, needed };
}

/** Raises `dispatch-not-final`: guardians cannot sign (the hub is halted), which is not a lost quorum. */
export function alertDispatchNotFinal(
  ctx: DrillContext,
  round: Round,
  finality: { head: bigint; needed: bigint },
  since: number,
): void {
  const { clock, recorder, hubChain, scenario } = ctx;
  const halted = clock.isHalted(hubChain.name) ? `the hub ${hubChain.name} is halted: ` : '';
  recorder.alert(
    'dispatch-not-final',
    hubChain.name,
    clock.now,
    `${halted}the dispatch in hub block ${round.dispatchedBlock} is not final (head ${finality.head}, final at ${finality.needed}); no guardian may sign it yet and the fallback council waits too (all ${scenario.guardians.size} guardians are up, the quorum is not lost)`,
    since,
  );
}
