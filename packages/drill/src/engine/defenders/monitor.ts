/**
 * The drill's monitor: the core detectors (`@lockstep/core/detect`) watching the drill's chains the
 * way `lockstep monitor` watches real ones. Every clock step reads each chain's head (one uncached
 * `eth_getBlockByNumber` per chain) and feeds the block-production detector; a halt it detects is
 * the drill's `chain-halted` alert, with its detection latency measured from the halt itself.
 */
import { adapterAddress } from '@lockstep/core/deploy';
import { readDeliverAttempts, readHead, type SignatureObservation, signatureObservations } from '@lockstep/core/detect';
import { decodeMessage, recoverAttestationSigner } from '@lockstep/core/guardian';
import { type GuardianAttestation, httpAttestationSource } from '@lockstep/core/relay';
import type { Hex } from 'viem';
import type { DrillChain } from '../../chains/start-chains.js';
import type { FaultKind } from '../../types.js';
import type { ChainState, DrillContext } from '../drill-context.js';
import { guardianUrls } from '../guardian-network.js';
import type { Recorder } from '../recorder.js';
import { MONITOR_POLL_SECONDS } from './detectors.js';

/** One poll of every chain's head at the clock's current time; raises `chain-halted` on detection. */
export async function watchChains(ctx: DrillContext): Promise<void> {
  const { chains, clock, recorder, monitor } = ctx;
  const heads = await Promise.all(chains.map((chain) => readHead(chain.client)));
  for (const [i, chain] of chains.entries()) {
    const head = heads[i];
    if (!head) continue;
    await watchDeliveries(ctx, chain, head.blockNumber);
    for (const detection of monitor.blocks.observe({ chain: chain.name, at: clock.origin + clock.now, ...head })) {
      if (detection.kind === 'chain-halted') {
        const lastBlockAt = detection.since - clock.origin;
        // The latency is measured from the halt itself (the drill knows it; the monitor only sees the last block).
        const since = conditionStart(recorder, 'halt-chain', chain.name, clock.now) ?? lastBlockAt;
        recorder.alert('chain-halted', chain.name, clock.now, detection.message, since);
      } else {
        recorder.note(detection.message);
      }
    }
  }
}

/** The injection time of the latest fault of `kind` on `target` at or before `now` (the condition's true start). */
export function conditionStart(recorder: Recorder, kind: FaultKind, target: string, now: number): number | undefined {
  return recorder.faults.findLast((f) => f.kind === kind && f.target === target && f.injectedAt <= now)?.injectedAt;
}

/**
 * Reads the `deliver` calls to `chain`'s GuardianAdapter in its new blocks since the flow began (up
 * to `head`) and feeds their signatures to the equivocation detector; raises `guardian-equivocation`.
 */
async function watchDeliveries(ctx: DrillContext, chain: DrillChain, head: bigint): Promise<void> {
  const { clock, monitor, startBlocks, addresses: a } = ctx;
  const scanner = monitor.scanners.get(chain.name);
  const from = (monitor.scanned.get(chain.name) ?? startBlocks.get(chain.name) ?? head) + 1n;
  if (!scanner || head < from) return;
  const attempts = await readDeliverAttempts(scanner, {
    adapter: adapterAddress(a, 'guardian'),
    fromBlock: from,
    toBlock: head,
  });
  monitor.scanned.set(chain.name, head);
  raiseEquivocations(
    ctx,
    attempts.flatMap((attempt) => signatureObservations(attempt, clock.now)),
  );
}

/**
 * The attestations the guardian nodes publish for the messages to `states` (what a monitor reads
 * from their public endpoints), each signer recovered against the message: the honest side of an
 * equivocation even when the relayer's delivery did not carry that guardian's signature.
 */
export async function watchAttestations(
  ctx: DrillContext,
  states: readonly ChainState[],
  /** What the nodes published when already read (`readPublishedAttestations`); read here otherwise. */
  read?: ReadonlyMap<Hex, GuardianAttestation[]>,
): Promise<void> {
  const { clock, addresses: a } = ctx;
  const adapter = adapterAddress(a, 'guardian');
  const all = read ?? (await readPublishedAttestations(ctx, states));
  const observations = await Promise.all(
    states.map(async (state) => {
      if (!state.message) return [];
      const message = decodeMessage(state.message.encoded);
      const published = all.get(state.message.messageId.toLowerCase() as Hex) ?? [];
      const recovered = await Promise.all(
        published.map(async (attestation) => {
          // A node may publish junk: a signature that recovers to no key attests nothing.
          const signer = await recoverAttestationSigner({ message, adapter, signature: attestation }).catch(
            () => undefined,
          );
          if (signer === undefined) return [];
          return [
            {
              signer,
              srcChainId: message.srcChainId,
              dstChainId: message.dstChainId,
              nonce: message.nonce,
              messageId: state.message?.messageId ?? '0x',
              at: clock.now,
              source: `guardian node ${attestation.guardian}`,
            },
          ];
        }),
      );
      return recovered.flat();
    }),
  );
  raiseEquivocations(ctx, observations.flat());
}

/** What the guardian nodes publish for the messages to `states`: each node is asked once for all (`POST /attestations`). */
export async function readPublishedAttestations(
  ctx: DrillContext,
  states: readonly ChainState[],
): Promise<Map<Hex, GuardianAttestation[]>> {
  const source = httpAttestationSource(guardianUrls(ctx), { timeoutMs: 2000 });
  return (
    (await source.fetchMany?.(
      states.flatMap((s) => (s.message ? [{ messageId: s.message.messageId, dstChainId: s.chain.chainId }] : [])),
    )) ?? new Map()
  );
}

function raiseEquivocations(ctx: DrillContext, observations: SignatureObservation[]): void {
  const { clock, recorder, monitor } = ctx;
  for (const detection of monitor.equivocation.observe(observations)) {
    const since = conditionStart(recorder, 'equivocating-guardian', detection.chain, clock.now) ?? detection.since;
    recorder.alert(
      'guardian-equivocation',
      detection.chain,
      clock.now,
      `${detection.message} (transactions ${detection.sources.join(', ')})`,
      since,
    );
  }
}

/** The monitor's next poll while a message is in flight (none otherwise). */
export function monitorTick(ctx: DrillContext): number[] {
  // In flight: dispatched to a running chain, not yet queued there (a halted chain's message waits for
  // the chain: its resumption is a fault clearing; a queued one waits for its activation).
  const inFlight = ctx.rounds.some((round) =>
    round.states.some(
      (state) => state.message && state.queuedAt === undefined && !state.done && !ctx.clock.isHalted(state.chain.name),
    ),
  );
  return inFlight ? [(Math.floor(ctx.clock.now / MONITOR_POLL_SECONDS) + 1) * MONITOR_POLL_SECONDS] : [];
}
