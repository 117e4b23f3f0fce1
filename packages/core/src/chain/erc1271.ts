/**
 * ERC-1271: a contract account (a Safe, say) accepts a signature when its
 * `isValidSignature(hash, signature)` returns its own selector. One on-chain check, shared by every
 * place a contract member's signature is verified (council roots, council approvals, Safe imports).
 */
import { ierc1271Abi } from '@lockstep/client';
import { type Address, getAddress, type Hex } from 'viem';
import { getCode, readContract } from 'viem/actions';
import type { ReadClient } from './types.js';

/** What `isValidSignature` returns for a signature it accepts (its own selector). */
export const ERC1271_MAGIC_VALUE = '0x1626ba7e';

export type ContractSignatureVerdict = {
  /** Whether `signer` has code on the client's chain (an EOA has none: nothing to ask). */
  deployed: boolean;
  /** Whether `isValidSignature` returned the magic value. */
  accepted: boolean;
  /** What it returned; `undefined` when it reverted (or the signer has no code). */
  returned: Hex | undefined;
};

/**
 * Asks `signer`'s `isValidSignature(hash, signature)` on the client's chain. Never throws for a
 * refusal or a revert (see `accepted`, `returned`); an RPC that does not answer `getCode` throws.
 */
export async function checkContractSignature(
  client: ReadClient,
  { signer, hash, signature }: { signer: Address; hash: Hex; signature: Hex },
): Promise<ContractSignatureVerdict> {
  const address = getAddress(signer);
  const code = await getCode(client, { address });
  if (code === undefined || code === '0x') return { deployed: false, accepted: false, returned: undefined };
  const returned = await readContract(client, {
    address,
    abi: ierc1271Abi,
    functionName: 'isValidSignature',
    args: [hash, signature],
  }).catch(() => undefined);
  return { deployed: true, accepted: returned?.toLowerCase() === ERC1271_MAGIC_VALUE, returned };
}
