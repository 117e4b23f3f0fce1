/**
 * Late delivery: a message that could not be delivered during the relay (its chain was halted) is
 * delivered once the chain runs again. After a guardian rotation whose old set expired, the new
 * set attests the in-flight message and it is delivered under that set.
 */
import { QuorumNotMetError } from '@lockstep/core/errors';
import { readMessageState } from '@lockstep/core/relay';
import { formatVirtualTime } from '../../../report/format.js';
import { auditQueued } from '../../defenders/audit-queued.js';
import { watchAttestations } from '../../defenders/monitor.js';
import type { ChainState, DrillContext, Round } from '../../drill-context.js';
import { catchUp } from '../../faults/timeline.js';
import { backfillRotatedGuardians, pollGuardians, relayerFor } from '../../guardian-network.js';
import { recordDeliveryPath } from './delivery-path.js';
import { noteFailedDeliveries } from './failed-deliveries.js';
import { queuedAtOnChain } from './queued-at.js';

export async function redeliver(ctx: DrillContext, round: Round, undelivered: ChainState[]): Promise<void> {
  const { clock, recorder, addresses: a } = ctx;
  await pollGuardians(ctx);
  const relayer = relayerFor(ctx, { fromBlock: round.dispatchedBlock ?? 0n, to: undelivered, acknowledge: true });
  const delivery = await relayer.runOnce();
  noteFailedDeliveries(ctx, undelivered, delivery.failed);
  const expired = delivery.failed.filter((failed) => expiredSetRefusal(failed.error));
  if (expired.length > 0 && ctx.rotatedGuardians) {
    for (const failed of expired) {
      const state = undelivered.find((s) => s.chain.chainId === failed.chainId);
      recorder.alert(
        'guardian-set-expired',
        state?.chain.name ?? null,
        clock.now,
        `the old guardian set's signatures no longer count on ${state?.chain.name ?? failed.chainId}: ${describeSets(failed.error, clock.origin)}; the new set attests the message again`,
        expiredSince(failed.error, clock.origin),
      );
    }
    // The new set attests the in-flight message too (its nodes rescan the hub from the dispatch), then it is delivered.
    await backfillRotatedGuardians(ctx, round.dispatchedBlock ?? 0n);
    await pollGuardians(ctx);
    // A new relayer: its attestation source lists the restarted nodes' URLs.
    const retried = await relayerFor(ctx, {
      fromBlock: round.dispatchedBlock ?? 0n,
      to: undelivered,
      acknowledge: true,
    }).runOnce();
    noteFailedDeliveries(ctx, undelivered, retried.failed);
  }
  await catchUp(ctx);
  for (const state of undelivered) {
    const status = await readMessageState(state.chain.client, a.receiver, state.message?.messageId ?? '0x');
    if (status.status === 'Queued') {
      state.queuedAt = await queuedAtOnChain(ctx, state);
      state.executableAt = status.executableAt - clock.origin;
      await recordDeliveryPath(ctx, state, round.report.activationAt);
      await auditQueued(ctx, state);
      await watchAttestations(ctx, [state]);
      recorder.mark({ at: state.queuedAt, chain: state.chain.name, kind: 'queued', label: 'queued (late)' });
    }
  }
}

/** A delivery refused because the only set with a quorum of signatures has expired. */
function expiredSetRefusal(error: Error): boolean {
  return error instanceof QuorumNotMetError && error.sets.some((set) => set.expiredAt !== undefined);
}

/** When (virtual seconds) the expired set stopped counting, from the refusal (undefined: not said). */
function expiredSince(error: Error, origin: number): number | undefined {
  if (!(error instanceof QuorumNotMetError)) return undefined;
  const expiredAt = error.sets.find((set) => set.expiredAt !== undefined)?.expiredAt;
  return expiredAt === undefined ? undefined : expiredAt - origin;
}

/**
 * The guardian sets a refused delivery tried, in virtual time (`set 0 expired at +96:01:02, 8 of its
 * 8 signed`): the error's own text lists every guardian node's URL, which differ from run to run.
 */
function describeSets(error: Error, origin: number): string {
  if (!(error instanceof QuorumNotMetError)) return error.message;
  return error.sets
    .map((set) =>
      set.expiredAt === undefined
        ? `${set.role} set ${set.index}: ${set.got} of ${set.need} valid attestations`
        : `${set.role} set ${set.index} expired at ${formatVirtualTime(set.expiredAt - origin)}, ${set.got} of its ${set.need} signed`,
    )
    .join('; ');
}
