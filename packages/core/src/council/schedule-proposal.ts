import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, parseEventLogs } from 'viem';
import { getBlock, simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilRevertErrorType } from '../errors/council.js';
import { sendAndWait } from './send.js';
import type { CouncilWriteClient } from './types.js';

export type ScheduleProposalParameters = { council: Address; proposalId: Hex };

export type ScheduleProposalReturnType = {
  hash: Hash;
  /** The timelock operation id (`salt = proposalId`). */
  operationId: Hex;
  /** The timelock's delay, in seconds. */
  delay: bigint;
  /** When the operation becomes executable (unix seconds). */
  readyAt: bigint;
};

export type ScheduleProposalErrorType = CouncilRevertErrorType | LockstepError;

/**
 * Hands an approved upgrade or rotation to the timelock (`SecurityCouncil.schedule`). Anyone may
 * call it once the proposal has its quorum.
 *
 * Throws `CouncilRevertError` (`CouncilQuorumNotMet`, `CouncilNotPending`, `CouncilWrongKind`, ...).
 *
 * @example
 * const { operationId, readyAt } = await scheduleProposal(client, { council, proposalId })
 */
export async function scheduleProposal(
  client: CouncilWriteClient,
  { council, proposalId }: ScheduleProposalParameters,
): Promise<ScheduleProposalReturnType> {
  const receipt = await sendAndWait(client, 'schedule', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'schedule',
      args: [proposalId],
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const [scheduled] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'ProposalScheduled', logs: receipt.logs });
  if (!scheduled) {
    throw new CouncilError(`schedule: no ProposalScheduled event in ${receipt.transactionHash}`, {
      reason: 'unknown-proposal',
    });
  }
  const block = await getBlock(client, { blockNumber: receipt.blockNumber });
  return {
    hash: receipt.transactionHash,
    operationId: scheduled.args.operationId,
    delay: scheduled.args.delay,
    readyAt: block.timestamp + scheduled.args.delay,
  };
}
