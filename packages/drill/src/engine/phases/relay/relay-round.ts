/**
 * The relay of one round: after the hub's finality the guardians sign and the relayer delivers to
 * every reachable chain, under the scenario's faults; missing acknowledgements alert and trigger a
 * re-delivery, a bridge below quorum for too long hands over to the fallback council.
 */
import { getDeliveryStatus } from '@lockstep/core/ack';
import { detectUnacknowledged } from '@lockstep/core/detect';
import { formatVirtualTime } from '../../../report/format.js';
import { auditQueued } from '../../defenders/audit-queued.js';
import { conditionStart, watchAttestations } from '../../defenders/monitor.js';
import {
  type ChainState,
  type DrillContext,
  HORIZON_SECONDS,
  phaseName,
  type Round,
  stateOf,
} from '../../drill-context.js';
import { beforeRelay, messageHeld, messageLost, unacknowledged } from '../../faults/schedule.js';
import { advanceTo, catchUp, onEvent } from '../../faults/timeline.js';
import { pollGuardians, relayerFor, waitForQuorum } from '../../guardian-network.js';
import { alertDispatchNotFinal, dispatchFinality } from '../hub-halt.js';
import { recordDeliveryPath } from './delivery-path.js';
import { noteFailedDeliveries } from './failed-deliveries.js';
import { ratifyByFallback } from './fallback-ratify.js';
import { type QueuedFacts, readQueuedFacts } from './queued-facts.js';

/** How long (virtual) a destination may stay without the message before an alert fires. */
const ACK_TIMEOUT_SECONDS = 300;
/**
 * How long (virtual) the guardian bridge may stay below quorum before the fallback council ratifies:
 * well inside the delivery margin, so late ratifications do not delay activation.
 */
const FALLBACK_AFTER_SECONDS = 600;

/** What one round's relay keeps between its steps. */
type RelayProgress = {
  dispatchedAt: number;
  activation: number;
  /** When the hub's finality depth has passed after the dispatch (virtual), and the wall time then. */
  finalAt: number;
  finalWall: number;
  /** When each delivery's receipt came back (wall time), from the relayer's own events. */
  deliveredWall: Map<number, number>;
  lastAlertCheck: number;
  quorumLostSince?: number;
  /** When the dispatch was first seen final (no guardian can sign before). */
  finalSeenAt?: number;
};

/** Guardians sign after the hub's finality, the relayer delivers; alerts, re-deliveries and fallback on the way. */
export async function relayRound(ctx: DrillContext, round: Round, dispatchedAt: number, activation: number) {
  const { clock, recorder, hubChain, faults } = ctx;
  await recorder.phase(phaseName('relay', round), async () => {
    // The hub's finality depth in hub blocks, then the guardians sign and the relayer delivers.
    const finalAt = clock.boundaryAtOrAfter(hubChain, clock.now + hubChain.finalityDepth * hubChain.blockTime);
    await advanceTo(ctx, finalAt);
    const progress: RelayProgress = {
      dispatchedAt,
      activation,
      finalAt,
      finalWall: performance.now(),
      deliveredWall: new Map(),
      lastAlertCheck: clock.now,
    };
    while (clock.now - dispatchedAt <= HORIZON_SECONDS) {
      await pollGuardians(ctx);
      const open = round.states.filter(
        (s) => s.message && s.queuedAt === undefined && !s.expiredOnArrival && !s.notOnHub,
      );
      const reachable = open.filter(
        (s) => !messageLost(faults, s) && !messageHeld(faults, s) && !clock.isHalted(s.chain.name),
      );
      if (reachable.length > 0) await relayPass(ctx, round, progress, reachable);
      const facts = await readQueuedFacts(ctx, open);
      for (const state of open) await recordIfQueued(ctx, progress, state, facts.get(state));
      const missing = round.states.filter(
        (s) => s.message && s.queuedAt === undefined && !s.expiredOnArrival && !s.notOnHub,
      );
      if (missing.length === 0) break;
      await checkAcknowledgements(ctx, round, progress, missing);
      const next = nextStop(ctx, progress, missing);
      if (next === undefined) break;
      await advanceTo(ctx, next);
    }
    await onEvent(ctx, 'delivered');
  });
}

/**
 * One pass over the reachable chains: guardians sign only a final dispatch (while the hub makes no
 * blocks it is not, and that is not a lost quorum); a bridge below quorum for too long hands over
 * to the fallback council; then the relayer delivers (after the faults' `beforeRelay`).
 */
async function relayPass(ctx: DrillContext, round: Round, progress: RelayProgress, reachable: ChainState[]) {
  const { clock, recorder, hubChain, scenario, faults } = ctx;
  const finality = await dispatchFinality(ctx, round);
  if (!finality.final) {
    progress.quorumLostSince = undefined; // the fallback council waits for finality too
    alertDispatchNotFinal(
      ctx,
      round,
      finality,
      conditionStart(recorder, 'halt-chain', hubChain.name, clock.now) ?? progress.finalAt,
    );
    return;
  }
  progress.finalSeenAt ??= clock.now; // guardians can sign from here on
  const { finalSeenAt } = progress;
  const quorum = await waitForQuorum(ctx.guardians, reachable, scenario.guardians.quorum, ctx.guardianMode);
  if (quorum) progress.quorumLostSince = undefined;
  else progress.quorumLostSince ??= clock.now;
  // The bridge has been below quorum for too long: the fallback council ratifies instead.
  if (progress.quorumLostSince !== undefined && clock.now - progress.quorumLostSince >= FALLBACK_AFTER_SECONDS) {
    await ratifyByFallback(ctx, reachable);
    await catchUp(ctx);
  }
  if (!quorum)
    recorder.alert(
      'bridge-quorum-lost',
      null,
      clock.now,
      `fewer than ${scenario.guardians.quorum} guardians sign: delivery stalls`,
      // From the guardians' loss (when the drill caused it), but never before the dispatch was final.
      Math.max(conditionStart(recorder, 'kill-guardians', 'all', clock.now) ?? 0, finalSeenAt),
    );
  await beforeRelay(faults, round, reachable);
  const relayer = relayerFor(ctx, {
    fromBlock: round.dispatchedBlock ?? 0n,
    to: reachable,
    acknowledge: true,
    onEvent: (event) => {
      if (event.type === 'delivered') progress.deliveredWall.set(event.chainId, performance.now());
    },
  });
  noteFailedDeliveries(ctx, reachable, (await relayer.runOnce()).failed);
  await catchUp(ctx);
}

/** A chain whose receiver queued the message: its queue time, delivery path, audit, attestations and latency. */
async function recordIfQueued(
  ctx: DrillContext,
  progress: RelayProgress,
  state: ChainState,
  facts: QueuedFacts | undefined,
) {
  const { clock, recorder } = ctx;
  if (!facts || state.queuedAt !== undefined) return;
  state.queuedAt = facts.queuedAt;
  state.executableAt = facts.status.executableAt - clock.origin;
  await recordDeliveryPath(ctx, state, progress.activation, facts.paths);
  await auditQueued(ctx, state, facts.code);
  await watchAttestations(ctx, [state], facts.published);
  recorder.mark({ at: state.queuedAt, chain: state.chain.name, kind: 'queued', label: 'queued' });
  const wallMs = Math.round(
    (progress.deliveredWall.get(state.chain.chainId) ?? performance.now()) - progress.finalWall,
  );
  ctx.relayLatency.push({
    chain: state.chain.name,
    wallMs,
    blocks: Math.max(1, Math.ceil(wallMs / 1000 / state.chain.blockTime)),
  });
}

/**
 * The hub's acknowledgement record: a message still Dispatched after the timeout alerts (the core
 * detector `lockstep monitor` runs), and the faults hear of it (a lost message is re-sent).
 */
async function checkAcknowledgements(ctx: DrillContext, round: Round, progress: RelayProgress, missing: ChainState[]) {
  const { clock, recorder, hubChain, faults, addresses: a } = ctx;
  const { dispatchedAt } = progress;
  if (clock.now - dispatchedAt < ACK_TIMEOUT_SECONDS || clock.now <= progress.lastAlertCheck) return;
  progress.lastAlertCheck = clock.now;
  const acks = await getDeliveryStatus({
    hubClient: hubChain.client,
    hub: a.hub,
    id: round.proposal.proposalId,
  });
  const overdue = detectUnacknowledged({
    dispatchedAt,
    now: clock.now,
    timeoutSeconds: ACK_TIMEOUT_SECONDS,
    messages: acks.messages.flatMap((m) => {
      const state = missing.find((s) => s.chain.chainId === m.chainId);
      return state ? [{ chain: state.chain.name, messageId: m.messageId, hubState: m.hubState }] : [];
    }),
  });
  for (const detection of overdue) {
    const state = stateOf(ctx.states, detection.chain);
    recorder.alert(
      'message-not-acknowledged',
      state.chain.name,
      clock.now,
      `${detection.message} (${formatVirtualTime(clock.now - dispatchedAt)})`,
      detection.since,
    );
    unacknowledged(faults, state);
  }
}

/**
 * Where the relay looks next: the acknowledgement deadline, a fault firing or clearing, or just
 * short of activation; a block or a minute on while waiting on the guardians' quorum. Undefined:
 * the relay is over (what is left waits for the execute phase).
 */
function nextStop(ctx: DrillContext, progress: RelayProgress, missing: ChainState[]): number | undefined {
  const { clock, hubChain, faults } = ctx;
  const { dispatchedAt, activation } = progress;
  const waiting = (s: ChainState) => clock.isHalted(s.chain.name) || messageHeld(faults, s);
  // Deliveries left only for halted chains (or held back by the bridge) wait for the activation loop.
  if (missing.length > 0 && missing.every(waiting) && clock.now >= activation - 1e-6) return undefined;
  const ackDeadline = dispatchedAt + ACK_TIMEOUT_SECONDS;
  const stops = [
    ...(clock.now < ackDeadline ? [ackDeadline] : []),
    ...faults.pending.map((p) => p.at),
    ...faults.clearAt.map((c) => c.at),
    // Stop just short of activation: the blocks at activation carry the executions.
    ...(clock.now < activation ? [activation - 1e-6] : []),
  ].filter((at) => at > clock.now);
  const waitingOnQuorum = missing.some((s) => !messageLost(faults, s) && !waiting(s));
  const next = waitingOnQuorum ? clock.now + Math.max(hubChain.blockTime, 60) : Math.min(...stops);
  return Number.isFinite(next) ? next : undefined;
}
