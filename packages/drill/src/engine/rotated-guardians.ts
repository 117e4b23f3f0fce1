/**
 * The drill's side of a guardian-set rotation: the `rotate-guardians` fault moves every adapter to
 * the new set and starts its nodes; a backfill restarts them to attest messages dispatched before
 * they joined.
 */
import { join } from 'node:path';
import { GuardianPool } from '../actors/guardians.js';
import { formatVirtualTime } from '../report/format.js';
import { guardianIndex, rotatedGuardianIndex } from '../setup/keys.js';
import type { DrillContext } from './drill-context.js';
import { rotateEverywhere } from './guardian-rotation.js';

/**
 * The `rotate-guardians` fault: every adapter moves to a new set (mnemonic 40 and up, same size
 * and quorum), signed by the current set. The new guardians join now: they attest what the hub
 * dispatches from here on, so messages already in flight still travel on the old set's
 * signatures, which count until the expiry window ends.
 */
export async function rotateGuardians(ctx: DrillContext): Promise<void> {
  const { chains, clock, recorder, scenario, hubChain, addresses: a } = ctx;
  const running = chains.filter((chain) => !clock.isHalted(chain.name));
  const rotations = await rotateEverywhere({
    chains: running,
    adapter: a.guardianAdapter,
    currentKeyIndices: Array.from({ length: scenario.guardians.size }, (_, i) => guardianIndex(i)),
    newKeyIndices: Array.from({ length: scenario.guardians.size }, (_, i) => rotatedGuardianIndex(i)),
    newQuorum: scenario.guardians.quorum,
  });
  const expiresAt = Math.min(...rotations.map((r) => r.previousSetExpiresAt)) - clock.origin;
  const fault = recorder.fault(
    'rotate-guardians',
    'all',
    clock.now,
    `guardian set rotated to set ${rotations[0]?.newIndex ?? 1} on ${rotations.map((r) => r.chain).join(', ')}; the old set counts until ${formatVirtualTime(expiresAt)}`,
  );
  // The fault lasts while two sets count: it clears when the old set expires (if the drill gets there).
  ctx.faults.clearAt.push({ at: expiresAt, clear: async () => recorder.clear(fault, expiresAt) });
  for (const chain of chains.filter((c) => !running.includes(c))) {
    recorder.note(`${chain.name} is halted: its guardian set was not rotated`);
  }
  // Uncached: viem reuses a block number read in the last 4 s, and a stale head would make the new
  // set attest messages dispatched before it joined (the old set's expiry would then never show).
  const head = await hubChain.client.getBlockNumber({ cacheTime: 0 });
  ctx.rotatedGuardians = await startRotatedGuardians(ctx, head + 1n, 'rotated-guardians');
}

/** The new set's nodes rescan the hub from `fromBlock` (fresh stores), so they attest messages dispatched before they joined. */
export async function backfillRotatedGuardians(ctx: DrillContext, fromBlock: bigint): Promise<void> {
  await ctx.rotatedGuardians?.stopAll();
  ctx.rotatedGuardians = await startRotatedGuardians(ctx, fromBlock, `rotated-guardians-from-${fromBlock}`);
}

async function startRotatedGuardians(ctx: DrillContext, fromBlock: bigint, store: string): Promise<GuardianPool> {
  const { config, configFile, hubChain, scenario, workDir, addresses: a } = ctx;
  const rotated = new GuardianPool({
    mode: 'in-process',
    config,
    configFile,
    hubRpcUrl: hubChain.rpcUrl,
    addresses: { hub: a.hub, guardianAdapter: a.guardianAdapter },
    count: scenario.guardians.size,
    storeDir: join(workDir, store),
    keyIndex: rotatedGuardianIndex,
    fromBlock,
  });
  await rotated.startAll();
  return rotated;
}
