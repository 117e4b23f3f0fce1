/**
 * The drill's guardian bridge as the relay steps use it: every node's URL, polling the in-process
 * nodes in step with the clock, waiting for a quorum of signatures, and a relayer over the nodes.
 * After a `rotate-guardians` fault the network has a second set (`ctx.rotatedGuardians`), started
 * here and restarted to backfill messages dispatched before it joined.
 */

import { join } from 'node:path';
import { adapterAddress } from '@lockstep/core/deploy';
import { createRelayer, httpAttestationSource, type RelayerEvent } from '@lockstep/core/relay';
import { type GuardianMode, GuardianPool } from '../actors/guardians.js';
import { KEY_INDEX, rotatedGuardianIndex, testAccount } from '../setup/keys.js';
import { RELAYER_RETRY } from './defenders/rpc-retry.js';
import type { ChainState, DrillContext } from './drill-context.js';
import { rpcUrlFor } from './faults/rpc-fault/routes.js';

/** Every guardian node's URL: the deployed set's and, after a rotation, the new set's. */
export function guardianUrls(ctx: DrillContext): string[] {
  return [...ctx.guardians.urls, ...(ctx.rotatedGuardians?.urls ?? [])];
}

/** In-process nodes scan the hub now (in step with the clock). */
export async function pollGuardians(ctx: DrillContext): Promise<void> {
  await ctx.guardians.pollAll();
  await ctx.rotatedGuardians?.pollAll();
}

/**
 * A relayer over the drill's guardian nodes, scanning the hub from `fromBlock`. `to`: only these
 * destinations (the others are unreachable: dropped, halted). `acknowledge`: it marks each
 * delivery on the hub with the reporter key, where a monitor sees it.
 */
export function relayerFor(
  ctx: DrillContext,
  options: {
    fromBlock: bigint;
    to?: readonly ChainState[];
    acknowledge: boolean;
    onEvent?: (event: RelayerEvent) => void;
  },
) {
  const { config, chains, addresses: a, deliveredUnderSet } = ctx;
  return createRelayer({
    config: options.to
      ? {
          networks: config.networks.filter((n) => n.role === 'hub' || options.to?.some((s) => s.chain.name === n.name)),
        }
      : config,
    account: testAccount(KEY_INDEX.relayer),
    rpcUrls: Object.fromEntries(chains.map((chain) => [chain.name, rpcUrlFor(chain, 'relayer')])),
    source: httpAttestationSource(guardianUrls(ctx), { timeoutMs: 2000 }),
    addresses: { hub: a.hub, receiver: a.receiver, adapters: a.adapters },
    fromBlock: options.fromBlock,
    retry: RELAYER_RETRY,
    // A halted hub takes no acknowledgement (it would wait for a block that never comes).
    ...(options.acknowledge && !ctx.clock.isHalted(ctx.hubChain.name)
      ? {
          reporter: testAccount(KEY_INDEX.reporter),
          // The round's acknowledgements land in one hub block at its next boundary, as a reporter
          // sending them together gets on a live hub (not one 12 s block each, which would drag
          // every chain's clock N blocks on).
          submitAcknowledgements: (send: () => Promise<void>) =>
            ctx.clock.buildBlock(ctx.hubChain, send).then(() => {}),
        }
      : {}),
    onEvent: (event) => {
      if (event.type === 'delivered') deliveredUnderSet.set(event.chainId, event.detail.guardianSetIndex);
      options.onEvent?.(event);
    },
  });
}

/** Waits (wall time) until `quorum` guardians signed every message; in-process nodes signed already. */
export async function waitForQuorum(
  pool: GuardianPool,
  states: readonly ChainState[],
  quorum: number,
  mode: GuardianMode | undefined,
): Promise<boolean> {
  if (pool.running < quorum) return false;
  const deadline = Date.now() + (mode === 'process' ? 20_000 : 2_000);
  for (;;) {
    const counts = await pool.signedCounts(
      states.flatMap((s) => (s.message ? [{ messageId: s.message.messageId, dstChainId: s.chain.chainId }] : [])),
    );
    if (counts.length < states.length) return false; // a state without a message has no quorum to wait for
    if (counts.every((count) => count >= quorum)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The new set's nodes rescan the hub from `fromBlock` (fresh stores), so they attest messages dispatched before they joined. */
export async function backfillRotatedGuardians(ctx: DrillContext, fromBlock: bigint): Promise<void> {
  await ctx.rotatedGuardians?.stopAll();
  await startRotatedGuardians(ctx, fromBlock, `rotated-guardians-from-${fromBlock}`);
}

/** Starts the rotated set's nodes (in process), scanning the hub from `fromBlock`: the network's second set. */
export async function startRotatedGuardians(ctx: DrillContext, fromBlock: bigint, store: string): Promise<void> {
  const { config, configFile, hubChain, scenario, workDir, addresses: a } = ctx;
  const rotated = new GuardianPool({
    mode: 'in-process',
    config,
    configFile,
    hubRpcUrl: hubChain.rpcUrl,
    addresses: { hub: a.hub, guardianAdapter: adapterAddress(a, 'guardian') },
    count: scenario.guardians.size,
    storeDir: join(workDir, store),
    keyIndex: rotatedGuardianIndex,
    fromBlock,
  });
  await rotated.startAll();
  ctx.rotatedGuardians = rotated;
}
