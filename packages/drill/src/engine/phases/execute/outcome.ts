/**
 * What the keeper's execution on one chain came to, once its block is mined: executed (the
 * attacker learns of the fix), done, refused for a codehash mismatch (the chain guardian cancels,
 * never retried), or reverted (retried with backoff).
 */
import type { ExecutionReport } from '@lockstep/core/executor';
import { cancelOn } from '../../defenders/audit-queued.js';
import type { ChainState, DrillContext } from '../../drill-context.js';

export async function settleExecution(
  ctx: DrillContext,
  state: ChainState,
  report: ExecutionReport,
  at: number,
): Promise<void> {
  const { attacker, chains, clock, recorder } = ctx;
  if (report.status === 'executed') {
    state.executed = { block: report.blockNumber, timestamp: report.timestamp };
    state.done = true;
    recorder.mark({ at, chain: state.chain.name, kind: 'executed', label: `executed #${report.blockNumber}` });
    // The fix is public now: the attacker tries every other chain in its next block.
    if (ctx.attackerOn) {
      attacker.learn(
        at,
        chains.filter((c) => !ctx.adopted.has(c.name) && !ctx.states.get(c.name)?.executed),
      );
    }
  } else if (report.status === 'already-executed' || report.status === 'expired') {
    state.done = true;
  } else if (report.status === 'failed' && /^ReceiverCodehashMismatch/.test(report.reason)) {
    // The approved code is not what is deployed: never retry; the chain guardian cancels.
    recorder.alert(
      'codehash-mismatch',
      state.chain.name,
      clock.now,
      `execution on ${state.chain.name} refused: ${report.reason}`,
    );
    await cancelOn(ctx, state, 'the implementation code changed after approval');
  } else if (report.status === 'failed') {
    recorder.alert(
      'execution-reverted',
      state.chain.name,
      clock.now,
      `execution on ${state.chain.name} reverted: ${report.reason}`,
    );
    // Retry at the next block, then back off (doubling, at most an hour) until expiry.
    state.failures += 1;
    state.nextAttemptAt = at + Math.min(3600, state.chain.blockTime * 2 ** (state.failures - 1));
  } else if (report.status === 'not-queued') {
    state.done = true;
  }
}
