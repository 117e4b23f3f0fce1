import { securityCouncilAbi } from '@lockstep/client';
import { type Address, getAddress, type Hash, type Hex, isAddressEqual, recoverAddress } from 'viem';
import { readContract, simulateContract, writeContract } from 'viem/actions';
import { checkContractSignature } from '../chain/erc1271.js';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';
import { sendAndWait } from './send.js';
import type { CouncilWriteClient } from './types.js';

export type SubmitApprovalsParameters = {
  council: Address;
  proposalId: Hex;
  /**
   * Offline approvals, in any order (e.g. `SignedApproval`s, a proposal file's signatures). A
   * contract member's (a Safe's, `scheme: 'erc1271'`) is checked with its `isValidSignature` on the
   * hub; so is any signature that does not recover to its signer.
   */
  approvals: readonly { signer: Address; signature: Hex; scheme?: 'erc1271' | undefined }[];
};

export type SubmitApprovalsReturnType = {
  hash: Hash;
  /** The signers, as submitted: strictly ascending. */
  signers: Address[];
  /** The proposal's approval count after the transaction. */
  approvals: number;
};

export type SubmitApprovalsErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Submits offline approvals in one transaction (`approveBySig`): sorts the signers ascending, as
 * the council requires, after checking that each signature is its signer's approval of the
 * council's `approvalDigest` and that no signer repeats. As the council (OpenZeppelin
 * `SignatureChecker`) does: an EOA's must recover to it; a contract member's (a Safe's) must be
 * accepted by its ERC-1271 `isValidSignature` on the hub. Any account may relay.
 *
 * Throws `CouncilError` (`invalid-signature`, `duplicate-signer`, `invalid-input` for an empty
 * batch) or `CouncilRevertError` (`CouncilNotMember`, `CouncilAlreadyApproved`, ...).
 *
 * @example
 * const { approvals } = await submitApprovals(client, { council, proposalId, approvals: signed })
 */
export async function submitApprovals(
  client: CouncilWriteClient,
  { council, proposalId, approvals }: SubmitApprovalsParameters,
): Promise<SubmitApprovalsReturnType> {
  if (approvals.length === 0) throw new CouncilError('no approvals to submit', { reason: 'invalid-input' });
  const digest = await readContract(client, {
    address: council,
    abi: securityCouncilAbi,
    functionName: 'approvalDigest',
    args: [proposalId],
  });
  const sorted = [...approvals]
    .map((a) => ({ signer: getAddress(a.signer), signature: a.signature }))
    .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : BigInt(a.signer) > BigInt(b.signer) ? 1 : 0));
  for (const [i, approval] of sorted.entries()) {
    const previous = sorted[i - 1];
    if (previous && isAddressEqual(previous.signer, approval.signer)) {
      throw new CouncilError(`${approval.signer} signed twice — keep one signature per member`, {
        reason: 'duplicate-signer',
      });
    }
    await checkApproval(client, { ...approval, digest, proposalId });
  }
  const signers = sorted.map((a) => a.signer);
  const receipt = await sendAndWait(client, 'approveBySig', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'approveBySig',
      args: [proposalId, signers, sorted.map((a) => a.signature)],
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const count = await readContract(client, {
    address: council,
    abi: securityCouncilAbi,
    functionName: 'approvals',
    args: [proposalId],
    blockNumber: receipt.blockNumber,
  });
  return { hash: receipt.transactionHash, signers, approvals: Number(count) };
}

/** Throws `CouncilError('invalid-signature')` unless `signature` is `signer`'s approval of `digest`. */
async function checkApproval(
  client: CouncilWriteClient,
  { signer, signature, digest, proposalId }: { signer: Address; signature: Hex; digest: Hex; proposalId: Hex },
): Promise<void> {
  const recovered = await recoverAddress({ hash: digest, signature }).catch(() => undefined);
  if (recovered && isAddressEqual(recovered, signer)) return;
  const verdict = await checkContractSignature(client, { signer, hash: digest, signature });
  if (verdict.accepted) return;
  if (verdict.deployed) {
    throw new CouncilError(
      `the contract member ${signer} refuses the signature filed under it for ${proposalId} (isValidSignature returned ${verdict.returned ?? 'nothing: it reverted'}) — for a Safe, import its owners' signatures again with \`lockstep proposal safe-import\``,
      { reason: 'invalid-signature' },
    );
  }
  throw new CouncilError(
    `the signature filed under ${signer} is not its approval of ${proposalId} (it recovers to ${recovered ?? 'nothing'}) — sign again with \`lockstep approve\``,
    { reason: 'invalid-signature' },
  );
}
