import { securityCouncilAbi } from '@lockstep/client';
import type { Address, Hash, Hex } from 'viem';
import { readContract, simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import type { CouncilRevertErrorType } from '../errors/council.js';
import { sendAndWait } from './send.js';
import type { CouncilWriteClient } from './types.js';

export type ApproveOnChainParameters = { council: Address; proposalId: Hex };

export type ApproveOnChainReturnType = {
  hash: Hash;
  /** The proposal's approval count after the transaction. */
  approvals: number;
};

export type ApproveOnChainErrorType = CouncilRevertErrorType | LockstepError;

/**
 * Approves a proposal as the client's account (`SecurityCouncil.approve`), which must be a member
 * of the proposal's member set.
 *
 * Throws `CouncilRevertError` (`CouncilNotMember`, `CouncilAlreadyApproved`, `CouncilNotPending`, ...).
 *
 * @example
 * const { approvals } = await approveOnChain(memberClient, { council, proposalId })
 */
export async function approveOnChain(
  client: CouncilWriteClient,
  { council, proposalId }: ApproveOnChainParameters,
): Promise<ApproveOnChainReturnType> {
  const receipt = await sendAndWait(client, 'approve', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'approve',
      args: [proposalId],
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
  return { hash: receipt.transactionHash, approvals: Number(count) };
}
