import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, parseEventLogs } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import { readProposal } from '../council/read-proposal.js';
import { sendAndWait } from '../council/send.js';
import { type CouncilWriteClient, withArticle } from '../council/types.js';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';
import { type DispatchedMessage, dispatchedMessagesIn, type HubLogFields } from '../message/dispatched.js';

export type ExecuteEmergencyParameters = { council: Address; actionId: Hex };

export type ExecuteEmergencyReturnType = {
  hash: Hash;
  blockNumber: bigint;
  actionId: Hex;
  pause: boolean;
  /**
   * The hub's messages, one per target chain (kind `pause` or `unpause`, that chain's `targets`),
   * decoded from its `MessageDispatched` logs and each checked against its id. Relay them like any
   * hub message; each receiver applies it on confirmation, with no delay.
   */
  messages: Omit<DispatchedMessage, HubLogFields>[];
};

export type ExecuteEmergencyErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Executes an approved emergency proposal (`SecurityCouncil.executeEmergency`): the council calls
 * the hub's `dispatchEmergency` at once, without the timelock. Anyone may call it once the proposal
 * has `emergencyThreshold` approvals.
 *
 * Throws `CouncilError` (`unknown-proposal`; `invalid-input`: not an emergency proposal; `not-ready`:
 * already executed, cancelled) or `CouncilRevertError` (`CouncilQuorumNotMet` with the approvals
 * and the quorum, `CouncilProposalExpired`, ...).
 *
 * @example
 * const { messages } = await executeEmergency(client, { council, actionId })
 * await relayer.runOnce() // each receiver pauses its targets on delivery
 */
export async function executeEmergency(
  client: CouncilWriteClient,
  { council, actionId }: ExecuteEmergencyParameters,
): Promise<ExecuteEmergencyReturnType> {
  const record = await readProposal(client, council, actionId);
  if (record.kind !== 'emergency') {
    throw new CouncilError(
      `proposal ${actionId} is ${withArticle(record.kind)} proposal, not an emergency — use executeProposal`,
      { reason: 'invalid-input' },
    );
  }
  if (record.status !== 'pending') {
    throw new CouncilError(`emergency ${actionId} cannot be executed: it is ${record.status}`, { reason: 'not-ready' });
  }
  const receipt = await sendAndWait(client, 'executeEmergency', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'executeEmergency',
      args: [actionId],
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const [executed] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'EmergencyExecuted', logs: receipt.logs });
  if (!executed) {
    throw new CouncilError(`executeEmergency: no EmergencyExecuted event in ${receipt.transactionHash}`, {
      reason: 'unknown-proposal',
    });
  }
  const messages = dispatchedMessagesIn(receipt.logs, record.hub);
  return {
    hash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    actionId,
    pause: executed.args.pause,
    messages,
  };
}
