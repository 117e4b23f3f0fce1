/**
 * The `rotate-guardians` fault: the guardian set is replaced on every chain's GuardianAdapter,
 * approved by the current set's own signatures (offline, per chain: the digest names the chain),
 * through the same library call an operator uses (`rotateGuardianSet`). The replaced set stays
 * valid until its expiry window ends; then the adapters refuse its signatures. The new set's nodes
 * start with the rotation; a backfill restarts them to attest messages dispatched before they joined.
 */
import { guardianAdapterAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { adapterAddress } from '@lockstep/core/deploy';
import { rotateGuardianSet, signRotation } from '@lockstep/core/guardian';
import { type Address, createWalletClient } from 'viem';
import type { DrillChain } from '../../../chains/start-chains.js';
import { formatVirtualTime } from '../../../report/format.js';
import { guardianIndex, KEY_INDEX, rotatedGuardianIndex, testAccount } from '../../../setup/keys.js';
import type { DrillContext } from '../../drill-context.js';
import { startRotatedGuardians } from '../../guardian-network.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const rotateGuardians: FaultEffect<FaultOf<'rotate-guardians'>> = (ctx) => ({
  inject: () => rotate(ctx),
});

/**
 * The `rotate-guardians` fault: every adapter moves to a new set (mnemonic 40 and up, same size
 * and quorum), signed by the current set. The new guardians join now: they attest what the hub
 * dispatches from here on, so messages already in flight still travel on the old set's
 * signatures, which count until the expiry window ends.
 */
async function rotate(ctx: DrillContext): Promise<void> {
  const { chains, clock, recorder, scenario, hubChain, addresses: a } = ctx;
  const running = chains.filter((chain) => !clock.isHalted(chain.name));
  const rotations = await rotateEverywhere({
    chains: running,
    adapter: adapterAddress(a, 'guardian'),
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
  await startRotatedGuardians(ctx, head + 1n, 'rotated-guardians');
}

type RotateEverywhereParameters = {
  chains: readonly DrillChain[];
  adapter: Address;
  /** Test-mnemonic indices of the current set's guardians (they sign). */
  currentKeyIndices: readonly number[];
  /** Test-mnemonic indices of the new set's guardians. */
  newKeyIndices: readonly number[];
  newQuorum: number;
};

type ChainRotation = {
  chain: string;
  newIndex: number;
  /** When the replaced set stops being accepted on this chain (unix seconds). */
  previousSetExpiresAt: number;
};

/** Rotates every chain's adapter to the new set; returns, per chain, the new index and the old set's expiry. */
async function rotateEverywhere(parameters: RotateEverywhereParameters): Promise<ChainRotation[]> {
  const { adapter, newQuorum } = parameters;
  const newKeys = parameters.newKeyIndices
    .map((index) => testAccount(index).address)
    .sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const signers = parameters.currentKeyIndices.map((index) => testAccount(index));
  return Promise.all(
    parameters.chains.map(async (chain): Promise<ChainRotation> => {
      const client = createWalletClient({ account: testAccount(KEY_INDEX.relayer), transport: rpcHttp(chain.rpcUrl) });
      const current = await chain.client.readContract({
        address: adapter,
        abi: guardianAdapterAbi,
        functionName: 'currentGuardianSetIndex',
      });
      const newIndex = current + 1;
      const signatures = await Promise.all(
        signers.map((account) =>
          signRotation({ account, adapter, chainId: chain.chainId, newIndex, newKeys, newQuorum }),
        ),
      );
      const rotated = await rotateGuardianSet({ client, adapter, newKeys, newQuorum, signatures });
      return { chain: chain.name, newIndex: rotated.newIndex, previousSetExpiresAt: rotated.previousSetExpiresAt };
    }),
  );
}
