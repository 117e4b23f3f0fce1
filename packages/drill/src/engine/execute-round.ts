/**
 * The execution of one round: the keeper executes on every chain at the first block at or after
 * the activation time, halted chains get their message once they resume, failed executions retry
 * with backoff, and a codehash mismatch is never retried (the chain guardian cancels).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { type ExecutionReport, executeReady } from '@lockstep/core/executor';
import { createWalletClient, encodeFunctionData, type Hex, http } from 'viem';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import { cancelOn } from './audit-queued.js';
import { type ChainState, type DrillContext, HORIZON_SECONDS, phaseName, type Round } from './drill-context.js';
import { exploit } from './exploit.js';
import { advanceTo, onEvent } from './faults.js';
import { redeliver } from './redeliver.js';

/** The keeper executes on every chain at the first block at or after the activation time; retries with backoff. */
export async function executeRound(ctx: DrillContext, round: Round, activation: number) {
  const { clock, recorder, attacker, chains } = ctx;
  const { clearAt } = ctx.faults;
  await recorder.phase(phaseName('execute', round), async () => {
    // Up to just before activation: the blocks at activation are mined below, each with its execution.
    if (clock.now < activation) await advanceTo(ctx, activation - 1e-6);
    for (const state of round.states) {
      if (state.queuedAt !== undefined) {
        recorder.mark({ at: activation, chain: state.chain.name, kind: 'activation', label: 'activation' });
      }
    }
    await onEvent(ctx, 'activation', Math.max(activation, clock.now));
    let t = Math.max(activation, clock.now);
    while (t - activation <= HORIZON_SECONDS) {
      const open = round.states.filter((s) => s.message && !s.done);
      if (open.length === 0) break;
      // Policy `hold`: until the first chain switches, none does while another cannot (halted, or no message yet).
      const holding = ctx.scenario.response.onHaltedChain === 'hold' && !round.states.some((s) => s.executed);
      const blocked = holding ? open.filter((s) => clock.isHalted(s.chain.name) || s.queuedAt === undefined) : [];
      if (blocked.length > 0) {
        const names = blocked.map((s) => s.chain.name).join(', ');
        recorder.alert(
          'upgrade-held',
          null,
          clock.now,
          `every chain stays on its current implementation: ${names} cannot switch yet (halted or not delivered)`,
        );
        // Only a fault clearing (a chain resuming) can unblock it.
        const next = Math.min(...clearAt.map((c) => c.at).filter((at) => at > t));
        if (!Number.isFinite(next)) break;
        t = next;
        await advanceTo(ctx, t);
        const resumed = open.filter((s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name) && !s.delayed);
        if (resumed.length > 0) await redeliver(ctx, round, resumed);
        continue;
      }
      // Held: every chain switches at its first block at or after the moment the last one may.
      const floor = holding ? Math.max(t, ...open.map((s) => s.executableAt ?? t)) : t;
      // The next moment something can happen: a running chain's next block, or a fault clearing.
      const candidates = [
        ...open
          .filter((s) => !clock.isHalted(s.chain.name) && !s.delayed)
          .map((s) => clock.boundaryAtOrAfter(s.chain, Math.max(floor, s.executableAt ?? t, s.nextAttemptAt ?? t))),
        ...clearAt.map((c) => c.at),
      ];
      if (candidates.length === 0) break;
      const from = t;
      t = Math.max(t, Math.min(...candidates));
      // Chains with a block at `t`: the keeper's execution is the first transaction of that block.
      const due = open.filter(
        (s) =>
          !clock.isHalted(s.chain.name) &&
          clock.boundaryAtOrAfter(s.chain, Math.max(from, floor, s.executableAt ?? from, s.nextAttemptAt ?? from)) <=
            t + 1e-9,
      );
      await advanceTo(ctx, t);
      // Halted chains that resumed may still need their message: deliver it now.
      const undelivered = open.filter((s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name) && !s.delayed);
      if (undelivered.length > 0) await redeliver(ctx, round, undelivered);
      const reports = await Promise.all(due.map((state) => executeOn(ctx, state)));
      for (const [i, report] of reports.entries()) {
        const state = due[i];
        if (!state || !report) continue;
        if (report.status === 'executed') {
          state.executed = { block: report.blockNumber, timestamp: report.timestamp };
          state.done = true;
          recorder.mark({
            at: clock.now,
            chain: state.chain.name,
            kind: 'executed',
            label: `executed #${report.blockNumber}`,
          });
          attacker.active = true; // the fix is public now
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
          state.nextAttemptAt = clock.now + Math.min(3600, state.chain.blockTime * 2 ** (state.failures - 1));
        } else if (report.status === 'not-queued') {
          state.done = true;
        }
      }
      if (ctx.attackerOn) await exploit(ctx, chains);
      t += 1e-6;
      // Nothing can ever execute on a chain whose message never arrived and nothing is pending.
      if (clearAt.length === 0 && open.every((s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name))) break;
    }
    await onEvent(ctx, 'executed');
  });
}

/** The keeper's execution on one chain; a `revert-execution` fault makes the first one run out of gas. */
async function executeOn(ctx: DrillContext, state: ChainState): Promise<ExecutionReport | undefined> {
  const { receiver } = ctx.addresses;
  if (!state.message || state.queuedAt === undefined) return undefined;
  const keeper = createWalletClient({
    account: testAccount(KEY_INDEX.relayer),
    transport: http(state.chain.rpcUrl),
  });
  if (state.revertNext) {
    state.revertNext = false;
    const hash = await keeper.sendTransaction({
      chain: null,
      to: receiver,
      data: executeCalldata(state.message.encoded),
      gas: 60_000n,
    });
    await state.chain.client.waitForTransactionReceipt({ hash });
    return {
      chainId: state.chain.chainId,
      messageId: state.message.messageId,
      status: 'failed',
      reason: 'out of gas',
      error: new Error('out of gas'),
    };
  }
  const [report] = await executeReady({
    clients: { [state.chain.chainId]: keeper },
    receiver,
    messages: [{ messageId: state.message.messageId, dstChainId: state.chain.chainId, encoded: state.message.encoded }],
  });
  return report;
}

function executeCalldata(encoded: Hex): Hex {
  return encodeFunctionData({ abi: upgradeReceiverAbi, functionName: 'execute', args: [encoded] });
}
