import { governanceHubAbi, securityCouncilAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { getBlock, readContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import type { CouncilErrorType } from '../errors/council.js';
import { type ProposalRecord, readProposal } from './read-proposal.js';
import { type CouncilReadClient, DELIVERY_STATES, type DeliveryState, enumName } from './types.js';

export type GetProposalStatusParameters = { council: Address; proposalId: Hex };

export type GetProposalStatusReturnType = ProposalRecord & {
  proposalId: Hex;
  /** Whether the proposal can no longer be approved or scheduled (by the hub chain's latest block). */
  expired: boolean;
  /** The members of the proposal's member set who approved it, ascending (current set only). */
  approvedBy: Address[];
  /** After execution: the hub's messages, one per target chain, with their delivery state. */
  messages: { messageId: Hex; chainId: number; state: DeliveryState }[];
  /** Whether every message was reported executed on its chain. */
  allExecuted: boolean;
};

export type GetProposalStatusErrorType = CouncilErrorType | LockstepError;

/**
 * Where a proposal stands: kind, status, approvals against its quorum, expiry, its timelock
 * operation (`unset` / `pending` / `ready` / `done`, with the time it becomes ready) and, once
 * executed, the hub's message per chain with its delivery state.
 *
 * Throws `CouncilError` (`unknown-proposal`).
 *
 * @example
 * const { status, approvals, quorum, operation, messages } = await getProposalStatus(client, { council, proposalId })
 */
export async function getProposalStatus(
  client: CouncilReadClient,
  { council, proposalId }: GetProposalStatusParameters,
): Promise<GetProposalStatusReturnType> {
  const record = await readProposal(client, council, proposalId);
  const [members, messageIds, block] = await Promise.all([
    readContract(client, { address: council, abi: securityCouncilAbi, functionName: 'members' }),
    readContract(client, {
      address: record.hub,
      abi: governanceHubAbi,
      functionName: 'messagesOf',
      args: [proposalId],
    }),
    getBlock(client, { blockTag: 'latest' }),
  ]);
  const approved = await Promise.all(
    members.map((member) =>
      readContract(client, {
        address: council,
        abi: securityCouncilAbi,
        functionName: 'hasApproved',
        args: [proposalId, member],
      }),
    ),
  );
  const messages = await Promise.all(
    messageIds.map(async (messageId) => {
      const [chainId, state] = await readContract(client, {
        address: record.hub,
        abi: governanceHubAbi,
        functionName: 'messageState',
        args: [messageId],
      });
      return { messageId, chainId: Number(chainId), state: enumName(DELIVERY_STATES, state) };
    }),
  );
  return {
    proposalId,
    ...record,
    expired: block.timestamp >= BigInt(record.expiresAt),
    approvedBy: members.filter((_, i) => approved[i]),
    messages,
    allExecuted: messages.length > 0 && messages.every((m) => m.state === 'executed'),
  };
}
