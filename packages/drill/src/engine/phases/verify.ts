/**
 * The `verify` phase: what each chain ended up with, read from the chain itself (implementation,
 * codehash, deliveries and executions from the contracts' events) plus the drill's own record
 * (execution block, guardian set, funds at risk and lost).
 */

import { codeHash } from '@lockstep/core/crypto';
import { readUpgradeLogs } from '../../chains/receiver-logs.js';
import { formatVirtualTime } from '../../report/format.js';
import type { AlertReport, ChainReport, FaultReport, RoundReport, ScenarioResponse } from '../../types.js';
import type { ChainState, DrillContext } from '../drill-context.js';
import { messageLost } from '../faults/schedule.js';
import { onEvent } from '../faults/timeline.js';
import { implementationOf } from '../vault.js';

export async function verifyChains(ctx: DrillContext): Promise<ChainReport[]> {
  const { recorder, states, attacker, deliveredUnderSet, fundsAtRisk, addresses: a } = ctx;
  return recorder.phase('verify', async () => {
    const reports = await Promise.all(
      [...states.values()].map(async (state): Promise<ChainReport> => {
        const after = await implementationOf(state.chain, state.proxy);
        const code = await state.chain.client.getCode({ address: after });
        const messageId = state.message?.messageId;
        // The activation time of the last round that reached this chain.
        const activation =
          ctx.rounds.findLast((round) => round.states.includes(state) && round.report.activationAt !== null)?.report
            .activationAt ?? null;
        // Deliveries: the receiver's acceptances of this message (queued once its adapters confirmed
        // it, whichever adapter that was: guardians or the fallback); executions: its upgrades.
        const { queued: accepted, executed } = messageId
          ? await readUpgradeLogs(state.chain.client, { receiver: a.receiver, messageId })
          : { queued: [], executed: [] };
        return {
          name: state.chain.name,
          chainId: state.chain.chainId,
          rpcUrl: state.chain.rpcUrl,
          blockTime: state.chain.blockTime,
          proxy: state.proxy,
          implementationBefore: state.implementationBefore,
          implementationAfter: after,
          expectedCodehash: state.action?.codehash ?? '',
          observedCodehash: code ? codeHash(code) : '',
          executedAtBlock: state.executed ? Number(state.executed.block) : null,
          executedAtTimestamp: state.executed ? Number(state.executed.timestamp) : null,
          deliveries: accepted.length,
          guardianSet: deliveredUnderSet.get(state.chain.chainId) ?? null,
          executions: executed.length,
          deliveredVia: state.deliveredVia ?? null,
          queuedAt: state.queuedAt ?? null,
          executableAt: state.executableAt ?? null,
          activationDelaySeconds:
            state.executableAt === undefined || activation === null
              ? null
              : Math.max(0, Math.round(state.executableAt - activation)),
          fallbackDelaySeconds: state.fallbackDelaySeconds ?? null,
          notUpgradedReason: notUpgradedReason(chainFacts(ctx, state, after)),
          expiredOnArrival: state.expiredOnArrival ?? null,
          fundsAtRisk: state.vault ? fundsAtRisk.toString() : '0',
          fundsLost: (attacker.stolen.get(state.chain.name) ?? 0n).toString(),
          losses: attacker.thefts
            .filter((theft) => theft.chain === state.chain.name)
            .map((theft) => ({
              txHash: theft.txHash,
              blockNumber: Number(theft.blockNumber),
              timestamp: Number(theft.timestamp),
              wei: theft.wei.toString(),
            })),
          messages: [], // filled in by the evidence, read once every message is done
        };
      }),
    );
    await onEvent(ctx, 'verified');
    return reports;
  });
}

/** What `notUpgradedReason` looks at: one chain's state at the end, and what the drill recorded. */
export type ChainFacts = {
  chain: string;
  /** The proxy runs another implementation than before the drill. */
  upgraded: boolean;
  /** The rounds that targeted this chain, in order (empty: the proposal never targeted it). */
  rounds: readonly Pick<RoundReport, 'label' | 'kind' | 'dispatchedAt' | 'cancelled'>[];
  /** Of the last round: the chain guardian cancelled its message; the bridge dropped it; queued; executed. */
  cancelled: boolean;
  dropped: boolean;
  queued: boolean;
  executed: boolean;
  /** Virtual time its queued message's window closed (the receiver's grace period after its activation), if the drill got there. */
  expiredAt?: number;
  /** Every alert of the drill (this chain's and the drill-wide ones are used). */
  alerts: readonly AlertReport[];
  faults: readonly FaultReport[];
  onHaltedChain: ScenarioResponse['onHaltedChain'];
};

function chainFacts(ctx: DrillContext, state: ChainState, after: string): ChainFacts {
  return {
    chain: state.chain.name,
    upgraded: after.toLowerCase() !== state.implementationBefore.toLowerCase(),
    rounds: ctx.rounds.filter((round) => round.states.includes(state)).map((round) => round.report),
    cancelled: state.cancelled,
    dropped: messageLost(ctx.faults, state),
    queued: state.queuedAt !== undefined,
    executed: state.executed !== undefined,
    ...expiry(ctx, state),
    alerts: ctx.recorder.alerts,
    faults: ctx.recorder.faults,
    onHaltedChain: ctx.scenario.response.onHaltedChain,
  };
}

/** When `state`'s queued message stopped being executable, if the drill's clock got past it. */
function expiry(ctx: DrillContext, state: ChainState): { expiredAt?: number } {
  if (state.executableAt === undefined) return {};
  const expiredAt = state.executableAt + ctx.scenario.deployment.messageExpirySeconds;
  return ctx.clock.now >= expiredAt ? { expiredAt } : {};
}

/**
 * Why a chain still runs its old implementation (null when it does not): the first that applies of
 * not targeted, rolled back, its round never dispatched, cancelled by the chain guardian, expired,
 * never delivered (dropped, halted, bridge below quorum), queued but not executed (halted, held by
 * the `hold` policy, execution reverted). The alert that says so is quoted when there is one.
 */
export function notUpgradedReason(facts: ChainFacts): string | null {
  if (facts.upgraded) return null;
  const { chain } = facts;
  const alert = (test: (kind: string) => boolean, anyChain = false) =>
    facts.alerts.find((a) => test(a.kind) && (a.chain === chain || (anyChain && a.chain === null)));
  const quote = (a: AlertReport | undefined) => (a ? ` (${a.kind}: ${a.message})` : '');
  const round = facts.rounds.at(-1);
  if (!round) return 'not targeted by the proposal';

  const rollback = facts.rounds.find((r) => r.kind === 'rollback');
  if (rollback && facts.executed)
    return `rolled back to its previous implementation by the ${rollback.label} after a failed health check${quote(alert((k) => k === 'health-check-failed'))}`;
  if (round.cancelled || round.dispatchedAt === null)
    return `its proposal (${round.label}) was never dispatched: the council cancelled it${quote(facts.alerts.find((a) => a.kind === 'rollout-stopped'))}`;
  if (facts.cancelled)
    return `the chain guardian cancelled its message before it could execute${quote(alert((k) => k === 'codehash-mismatch' || k === 'message-not-on-hub'))}`;
  const expired = alert((k) => /expired/.test(k) && k !== 'guardian-set-expired');
  if (expired) return `its message expired before it could execute${quote(expired)}`;

  const halt = facts.faults.find((f) => f.kind === 'halt-chain' && f.target === chain);
  const halted = halt
    ? `${chain} was halted${halt.clearedAt === null ? ' until the end of the drill' : ''}${quote(alert((k) => k === 'chain-halted'))}`
    : undefined;
  if (!facts.queued) {
    if (facts.dropped)
      return `its message was never delivered: the bridge dropped it${quote(alert((k) => k === 'message-not-acknowledged'))}`;
    if (halted) return `its message was never delivered: ${halted}`;
    const orphaned = alert((k) => k === 'message-not-on-hub');
    if (orphaned)
      return `its message was never delivered: a hub reorg took its dispatch off the canonical hub (re-propose)${quote(orphaned)}`;
    const quorum = alert((k) => k === 'bridge-quorum-lost', true);
    if (quorum) return `its message was never delivered: the guardian bridge lost its quorum${quote(quorum)}`;
    return `its message was never delivered${quote(alert((k) => k === 'message-not-acknowledged'))}`;
  }
  if (!facts.executed) {
    if (halted) return `its message was queued but never executed: ${halted}`;
    const held = alert((k) => k === 'upgrade-held', true);
    if (held && facts.onHaltedChain === 'hold')
      return facts.expiredAt === undefined
        ? `held on its old code by the hold policy (response.onHaltedChain)${quote(held)}`
        : `held on its old code by the hold policy (response.onHaltedChain) until its message expired at ${formatVirtualTime(facts.expiredAt)}: re-propose the upgrade${quote(held)}`;
    const reverted = alert((k) => k === 'execution-reverted');
    if (reverted) return `its execution reverted and was not retried in time${quote(reverted)}`;
    return 'its message was queued but never executed';
  }
  return 'it executed the message, yet its proxy runs the same implementation as before';
}
