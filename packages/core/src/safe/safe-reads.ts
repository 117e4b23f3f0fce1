/**
 * What the Safe import reads on chain about a Safe's owners: the owners and threshold, which owners
 * approved a hash on the Safe (`approvedHashes(owner, hash)`, set by `approveHash`), and whether a
 * contract owner accepts its signature of the Safe's message data (the same call the Safe makes).
 */
import { safeAbi, safeSignatureValidatorAbi } from '@lockstep/client';
import { type Address, getAddress, type Hex } from 'viem';
import { readContract } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import { SafeError } from '../errors/safe.js';
import { LEGACY_EIP1271_MAGIC_VALUE } from './safe-abi.js';
import type { SafeContractSignature } from './signatures.js';

/** The Safe's owners and threshold; `SafeError` `not-a-safe` when `safe` does not answer as a Safe. */
export async function readSafe(client: ReadClient, safe: Address): Promise<{ owners: Address[]; threshold: number }> {
  try {
    const [owners, threshold] = await Promise.all([
      readContract(client, { address: safe, abi: safeAbi, functionName: 'getOwners' }),
      readContract(client, { address: safe, abi: safeAbi, functionName: 'getThreshold' }),
    ]);
    return { owners: owners.map((o) => getAddress(o)), threshold: Number(threshold) };
  } catch (cause) {
    throw new SafeError(`${safe} is not a Safe on chain: getOwners/getThreshold do not answer`, {
      reason: 'not-a-safe',
      cause,
    });
  }
}

/** The owners of `safe` that approved `hash` on it (`approveHash`), in the owners' order. */
export async function readApprovedOwners(
  client: ReadClient,
  { safe, owners, hash }: { safe: Address; owners: readonly Address[]; hash: Hex },
): Promise<Address[]> {
  const approved = await Promise.all(
    owners.map((owner) =>
      readContract(client, { address: safe, abi: safeAbi, functionName: 'approvedHashes', args: [owner, hash] }),
    ),
  );
  return owners.filter((_, i) => (approved[i] ?? 0n) !== 0n);
}

/**
 * Asks each contract owner, as the Safe will, whether it accepts its signature of `data` (the
 * Safe's message data); `SafeError` `refused` naming the owner and what it must sign otherwise.
 */
export async function checkContractOwnerSignatures(
  client: ReadClient,
  { data, signatures }: { data: Hex; signatures: readonly SafeContractSignature[] },
): Promise<void> {
  for (const { owner, signature } of signatures) {
    const returned = await readContract(client, {
      address: owner,
      abi: safeSignatureValidatorAbi,
      functionName: 'isValidSignature',
      args: [data, signature],
    }).catch(() => undefined);
    if (returned !== LEGACY_EIP1271_MAGIC_VALUE) {
      throw new SafeError(
        `the contract owner ${owner} refuses its signature (isValidSignature(bytes, bytes) returned ${returned ?? 'nothing: it reverted'})`,
        {
          reason: 'refused',
          metaMessages: [
            `The Safe asks it to accept the message data ${data}.`,
            "If the owner is itself a Safe, its owners sign the SafeMessage of that data under the owner Safe's domain (Safe{Wallet}: sign message on the owner Safe), and its signature is theirs assembled.",
          ],
        },
      );
    }
  }
}
