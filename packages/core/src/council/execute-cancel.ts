import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, parseEventLogs } from 'viem';
import { readContract, simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';
import { assertCancellable } from './cancellable.js';
import { readProposal } from './read-proposal.js';
import { sendAndWait } from './send.js';
import { type CouncilWriteClient, withArticle } from './types.js';

export type ExecuteCancelParameters = { council: Address; cancelId: Hex };

export type ExecuteCancelReturnType = {
  cancelId: Hex;
  /** The vetoed proposal, now `cancelled`. */
  proposalId: Hex;
  /** Whether it was scheduled: its timelock operation was cancelled in the same transaction. */
  wasScheduled: boolean;
  hash: Hash;
  blockNumber: bigint;
};

export type ExecuteCancelErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Executes an approved cancel proposal (`SecurityCouncil.executeCancel`): the target upgrade or
 * rotation becomes `cancelled` and, if it was scheduled, its timelock operation is cancelled, so it
 * can never run. Anyone may call it once the cancel has `emergencyThreshold` approvals.
 *
 * Throws `CouncilError` (`unknown-proposal`; `invalid-input`: not a cancel proposal; `not-ready`:
 * the cancel is already executed, or its target was executed or cancelled meanwhile) or
 * `CouncilRevertError` (`CouncilQuorumNotMet` with the approvals and the quorum — nothing is sent,
 * `CouncilProposalExpired`, ...).
 *
 * @example
 * const { proposalId, wasScheduled } = await executeCancel(client, { council, cancelId })
 */
export async function executeCancel(
  client: CouncilWriteClient,
  { council, cancelId }: ExecuteCancelParameters,
): Promise<ExecuteCancelReturnType> {
  const record = await readProposal(client, council, cancelId);
  if (record.kind !== 'cancel') {
    throw new CouncilError(`proposal ${cancelId} is ${withArticle(record.kind)} proposal, not a cancel`, {
      reason: 'invalid-input',
    });
  }
  if (record.status !== 'pending') {
    throw new CouncilError(`cancel ${cancelId} cannot be executed: it is already ${record.status}`, {
      reason: 'not-ready',
    });
  }
  const target = await readContract(client, {
    address: council,
    abi: securityCouncilAbi,
    functionName: 'cancelTarget',
    args: [cancelId],
  });
  assertCancellable(target, await readProposal(client, council, target));
  const receipt = await sendAndWait(client, 'executeCancel', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'executeCancel',
      args: [cancelId],
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const [cancelled] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'ProposalCancelled', logs: receipt.logs });
  if (!cancelled) {
    throw new CouncilError(`executeCancel: no ProposalCancelled event in ${receipt.transactionHash}`, {
      reason: 'unknown-proposal',
    });
  }
  return {
    cancelId,
    proposalId: cancelled.args.proposalId,
    wasScheduled: cancelled.args.wasScheduled,
    hash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}
