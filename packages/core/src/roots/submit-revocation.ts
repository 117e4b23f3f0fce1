/** Revokes a council root on one chain with an emergency quorum's revocation signatures. */
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { type Address, getAddress, type Hash, type Hex } from 'viem';
import { getChainId, readContract, simulateContract } from 'viem/actions';
import type { SignerClient } from '../chain/types.js';
import { sendRootCallAndWait } from './root-call.js';
import { sortSigners } from './sign-root.js';

export type SubmitRootRevocationParameters = {
  adapter: Address;
  root: Hex;
  signatures: readonly { signer: Address; signature: Hex }[];
};

export type SubmitRootRevocationReturnType = { chainId: number; status: 'revoked' | 'already-revoked'; hash?: Hash };

/**
 * Revokes `root` on the client's chain with the members' revocation signatures; a root already
 * revoked there is left as is (`already-revoked`, nothing sent). A revert is a `RootRevertError`.
 */
export async function submitRootRevocation(
  client: SignerClient,
  { adapter, root, signatures }: SubmitRootRevocationParameters,
): Promise<SubmitRootRevocationReturnType> {
  const chainId = await getChainId(client);
  const contract = { address: getAddress(adapter), abi: councilFallbackAdapterAbi } as const;
  const state = await readContract(client, { ...contract, functionName: 'rootState', args: [root] });
  if (state.revoked) return { chainId, status: 'already-revoked' };
  const sorted = sortSigners(signatures);
  const { hash } = await sendRootCallAndWait({
    client,
    chainId,
    functionName: 'revokeRoot',
    simulate: () =>
      simulateContract(client, {
        ...contract,
        functionName: 'revokeRoot',
        args: [root, sorted.map((s) => s.signer), sorted.map((s) => s.signature)],
        account: client.account,
        chain: client.chain,
      }),
  });
  return { chainId, status: 'revoked', hash };
}
