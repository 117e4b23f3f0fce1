import { timelockControllerAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, zeroHash } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';
import { type DispatchedMessage, dispatchedMessagesIn, type HubLogFields } from '../message/dispatched.js';
import { readProposal } from './read-proposal.js';
import { sendAndWait } from './send.js';
import type { CouncilWriteClient } from './types.js';

export type ExecuteProposalParameters = { council: Address; proposalId: Hex };

export type ExecuteProposalReturnType = {
  hash: Hash;
  operationId: Hex;
  /** The hub's messages, one per target chain, decoded from its `MessageDispatched` logs. */
  messages: Omit<DispatchedMessage, HubLogFields>[];
};

export type ExecuteProposalErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Executes a scheduled proposal on the timelock once its delay has passed
 * (`TimelockController.execute(target, 0, data, 0, salt = proposalId)`). For an upgrade, the hub
 * dispatches one message per target chain; they are returned decoded, each checked against its id.
 *
 * Throws `CouncilError` (`unknown-proposal`; `not-ready`: not scheduled, still waiting, or already
 * executed) or `CouncilRevertError`.
 *
 * @example
 * const { messages } = await executeProposal(client, { council, proposalId })
 */
export async function executeProposal(
  client: CouncilWriteClient,
  { council, proposalId }: ExecuteProposalParameters,
): Promise<ExecuteProposalReturnType> {
  const record = await readProposal(client, council, proposalId);
  const operation = record.operation;
  if (!operation) {
    throw new CouncilError(
      `proposal ${proposalId} is a ${record.kind} proposal; only upgrades, rotations and config changes run through the timelock`,
      {
        reason: 'not-ready',
      },
    );
  }
  if (record.status === 'cancelled') {
    throw new CouncilError(`proposal ${proposalId} cannot be executed: it was cancelled by the council`, {
      reason: 'not-ready',
    });
  }
  if (operation.state !== 'ready') {
    const why =
      operation.state === 'unset'
        ? `it is not scheduled (${record.approvals} of ${record.quorum} approvals) — schedule it first`
        : operation.state === 'pending'
          ? `its timelock delay runs until ${operation.readyAt} (unix seconds) — try again then`
          : 'it was already executed';
    throw new CouncilError(`proposal ${proposalId} cannot be executed: ${why}`, { reason: 'not-ready' });
  }
  const receipt = await sendAndWait(client, 'execute', async () => {
    const { request } = await simulateContract(client, {
      address: record.timelock,
      abi: timelockControllerAbi,
      functionName: 'execute',
      args: [operation.target, 0n, operation.data, zeroHash, proposalId],
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const messages = dispatchedMessagesIn(receipt.logs, record.hub);
  return { hash: receipt.transactionHash, operationId: operation.id, messages };
}
