/**
 * What the drill records about a chain whose receiver just queued its message, read from every
 * open chain at once: its status, when it was queued, how it got there, the implementation's code
 * and the attestations the guardians publish. The recording itself (alerts, a cancellation) then
 * goes chain by chain in a fixed order, so the report is the same on every run; only the reads,
 * round trips to each anvil, overlap (at 128 chains, read one chain after another, they were most
 * of the relay's wall time).
 */
import { type GuardianAttestation, type ReceiverMessageState, readMessageState } from '@lockstep/core/relay';
import type { Hex } from 'viem';
import { readPublishedAttestations } from '../../defenders/monitor.js';
import type { ChainState, DrillContext } from '../../drill-context.js';
import { type ReadDeliveryPathReturnType, readDeliveryPath } from './delivery-path.js';
import { queuedAtOnChain } from './queued-at.js';

/** A newly queued chain's facts (undefined for a chain not queued, or already recorded). */
export type QueuedFacts = {
  status: ReceiverMessageState;
  queuedAt: number;
  paths: ReadDeliveryPathReturnType | undefined;
  code: { code: Hex | undefined } | undefined;
  /** What the guardian nodes publish for every newly queued message (shared). */
  published: ReadonlyMap<Hex, GuardianAttestation[]>;
};

export async function readQueuedFacts(
  ctx: DrillContext,
  states: readonly ChainState[],
): Promise<Map<ChainState, QueuedFacts>> {
  const { addresses: a } = ctx;
  const read = await Promise.all(
    states.map(async (state) => {
      const status = await readMessageState(state.chain.client, a.receiver, state.message?.messageId ?? '0x');
      if (status.status !== 'Queued' || state.queuedAt !== undefined) return undefined;
      const [queuedAt, paths, code] = await Promise.all([
        queuedAtOnChain(ctx, state),
        state.message ? readDeliveryPath(state, a.receiver, state.message.messageId) : undefined,
        state.action ? state.chain.client.getCode({ address: state.action.implementation }) : undefined,
      ]);
      return { state, status, queuedAt, paths, code: state.action ? { code } : undefined };
    }),
  );
  const queued = read.flatMap((r) => (r ? [r] : []));
  const published = await readPublishedAttestations(
    ctx,
    queued.map((q) => q.state),
  );
  return new Map(queued.map(({ state, ...facts }) => [state, { ...facts, published }]));
}
