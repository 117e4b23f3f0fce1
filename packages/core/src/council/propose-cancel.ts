import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, parseEventLogs } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';
import { assertCancellable } from './cancellable.js';
import { readProposal } from './read-proposal.js';
import { sendAndWait } from './send.js';
import type { CouncilWriteClient } from './types.js';

export type ProposeCancelParameters = {
  /** The SecurityCouncil on the hub. */
  council: Address;
  /** The upgrade or rotation to veto: pending, or scheduled and not yet executed. */
  proposalId: Hex;
};

export type ProposeCancelReturnType = {
  /** The cancel proposal's id: what members approve and `executeCancel` takes. */
  cancelId: Hex;
  /** The proposal it vetoes. */
  proposalId: Hex;
  hash: Hash;
  blockNumber: bigint;
  /** Cancels must be executed within `EMERGENCY_LIFETIME` (3 days) of their creation (unix seconds). */
  expiresAt: number;
};

export type ProposeCancelErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Proposes to veto a pending or scheduled upgrade or rotation (`SecurityCouncil.proposeCancel`).
 * The account must be a current member. The target is read first and refused before anything is
 * sent when it cannot be cancelled. Approvals are collected like any proposal's (`describeApproval`
 * → `signApproval` → `submitApprovals`, or `approveOnChain`), up to the council's
 * `emergencyThreshold`; then `executeCancel` vetoes the target and cancels its timelock operation.
 *
 * Throws `CouncilError` (`unknown-proposal`; `invalid-input`: an emergency or cancel proposal;
 * `not-ready`: already executed or cancelled, naming the status) or `CouncilRevertError`
 * (`CouncilNotMember`, `CouncilTermEnded`, `CouncilNotCancellable`, ...).
 *
 * @example
 * const { cancelId } = await proposeCancel(member, { council, proposalId })
 */
export async function proposeCancel(
  client: CouncilWriteClient,
  { council, proposalId }: ProposeCancelParameters,
): Promise<ProposeCancelReturnType> {
  assertCancellable(proposalId, await readProposal(client, council, proposalId));
  const receipt = await sendAndWait(client, 'proposeCancel', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'proposeCancel',
      args: [proposalId],
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const [proposed] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'CancelProposed', logs: receipt.logs });
  const [created] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'ProposalCreated', logs: receipt.logs });
  if (!proposed || !created) {
    throw new CouncilError(`proposeCancel: no CancelProposed event in ${receipt.transactionHash}`, {
      reason: 'unknown-proposal',
    });
  }
  return {
    cancelId: proposed.args.cancelId,
    proposalId: proposed.args.proposalId,
    hash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    expiresAt: created.args.expiresAt,
  };
}
