/**
 * The `rotate-guardians` fault: the guardian set is replaced on every chain's GuardianAdapter,
 * approved by the current set's own signatures (offline, per chain: the digest names the chain),
 * through the same library call an operator uses (`rotateGuardianSet`). The replaced set stays
 * valid until its expiry window ends; then the adapters refuse its signatures.
 */
import { guardianAdapterAbi } from '@lockstep/client';
import { rotateGuardianSet, signRotation } from '@lockstep/core/guardian';
import { type Address, createWalletClient, http } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';

export type RotateEverywhereParameters = {
  chains: readonly DrillChain[];
  adapter: Address;
  /** Test-mnemonic indices of the current set's guardians (they sign). */
  currentKeyIndices: readonly number[];
  /** Test-mnemonic indices of the new set's guardians. */
  newKeyIndices: readonly number[];
  newQuorum: number;
};

export type ChainRotation = {
  chain: string;
  newIndex: number;
  /** When the replaced set stops being accepted on this chain (unix seconds). */
  previousSetExpiresAt: number;
};

/** Rotates every chain's adapter to the new set; returns, per chain, the new index and the old set's expiry. */
export async function rotateEverywhere(parameters: RotateEverywhereParameters): Promise<ChainRotation[]> {
  const { adapter, newQuorum } = parameters;
  const newKeys = parameters.newKeyIndices
    .map((index) => testAccount(index).address)
    .sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const signers = parameters.currentKeyIndices.map((index) => testAccount(index));
  return Promise.all(
    parameters.chains.map(async (chain): Promise<ChainRotation> => {
      const client = createWalletClient({ account: testAccount(KEY_INDEX.relayer), transport: http(chain.rpcUrl) });
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
