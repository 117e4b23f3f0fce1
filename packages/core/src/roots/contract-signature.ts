/**
 * A contract council member's signature (a Safe, or any ERC-1271 wallet): what it signs is whatever
 * its `isValidSignature(digest, signature)` accepts, so it can only be checked on a chain where the
 * member is deployed, exactly as each chain's adapter checks it (`CouncilMembers._isValidSignature`:
 * ECDSA first, then ERC-1271).
 */
import { type Address, getAddress, type Hex } from 'viem';
import { checkContractSignature, ERC1271_MAGIC_VALUE } from '../chain/erc1271.js';
import type { ReadClient } from '../chain/types.js';
import { RootError } from '../errors/roots.js';

export { ERC1271_MAGIC_VALUE };

/** A chain a contract member's signature can be checked on. */
export type ContractSignatureChain = { chainId: number; client: ReadClient };

export type VerifyContractSignatureParameters = {
  digest: Hex;
  signer: Address;
  signature: Hex;
  /** Names the signature in errors (`signature 2 (0x…)`). */
  where: string;
};

/**
 * Checks `signature` with `signer`'s `isValidSignature(digest, signature)` on every chain of
 * `chains` where `signer` has code, and returns those chains' ids (in `chains`' order). A chain
 * whose RPC does not answer is left out.
 *
 * Throws `RootError`: `invalid-signature` when the contract refuses it on one of them (anything but
 * `0x1626ba7e`, or a revert), naming the member and the chain; `unverifiable-signature` when
 * `signer` is a contract on none of them.
 */
export async function verifyContractSignature(
  chains: readonly ContractSignatureChain[],
  { digest, signer, signature, where }: VerifyContractSignatureParameters,
): Promise<number[]> {
  const member = getAddress(signer);
  const verdicts = await Promise.allSettled(
    chains.map(({ client }) => checkContractSignature(client, { signer: member, hash: digest, signature })),
  );
  const deployed = chains.flatMap((chain, i) => {
    const verdict = verdicts[i];
    return verdict?.status === 'fulfilled' && verdict.value.deployed ? [{ ...chain, verdict: verdict.value }] : [];
  });
  if (deployed.length === 0) {
    const looked = chains.filter((_, i) => verdicts[i]?.status === 'fulfilled').map((c) => c.chainId);
    throw new RootError(
      `${where}: it is not ${member}'s ECDSA signature, and ${member} is a contract on none of the chains it was looked up on (${looked.join(', ') || 'none answered'})`,
      {
        reason: 'unverifiable-signature',
        metaMessages: [
          `If ${member} is a contract wallet (a Safe), give the RPC of a network of the config where it is deployed (--rpc <network>=<url>).`,
          `Otherwise the signature was made with another key or over another digest: sign the file's digest with ${member}'s key.`,
        ],
      },
    );
  }
  for (const { chainId, verdict } of deployed) {
    if (!verdict.accepted) {
      throw new RootError(
        `${where}: the contract member ${member} refuses it on chain ${chainId} (isValidSignature returned ${verdict.returned ?? 'nothing: it reverted'}, not ${ERC1271_MAGIC_VALUE})`,
        {
          reason: 'invalid-signature',
          metaMessages: [
            `Have ${member}'s owners sign the file's digest as the wallet expects (for a Safe: its owners' signatures of that digest), then import it again.`,
          ],
        },
      );
    }
  }
  return deployed.map((c) => c.chainId);
}
