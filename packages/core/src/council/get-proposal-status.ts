import { governanceHubAbi, securityCouncilAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { getBlock, readContract } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import type { LockstepError } from '../errors/base.js';
import type { CouncilErrorType } from '../errors/council.js';
import { type MessageStatus, readMessageState } from '../message/receiver-state.js';
import { type ProposalRecord, readProposal } from './read-proposal.js';
import { type CouncilReadClient, DELIVERY_STATES, type DeliveryState, enumName } from './types.js';

export type GetProposalStatusParameters = {
  council: Address;
  proposalId: Hex;
  /**
   * The UpgradeReceiver (the same address on every chain) and a client per destination chain id:
   * each message's state is then also read from its receiver, so it shows `queued`/`executed` even
   * before a reporter acknowledged it on the hub. Without it, only the hub's record is read.
   */
  receivers?: { receiver: Address; clients: Readonly<Record<number, ReadClient>> };
};

/** One hub message of a proposal. */
export type ProposalMessageStatus = {
  messageId: Hex;
  chainId: number;
  /** The furthest of the hub's record and the receiver's own state. */
  state: DeliveryState;
  /** What reporters acknowledged on the hub. */
  hubState: DeliveryState;
  /** The receiver's `messageState` on the destination; `null` when not read (no client) or unreadable. */
  receiverStatus: MessageStatus | null;
  /** Why the receiver could not be read, when it was asked. */
  receiverError?: string;
};

export type GetProposalStatusReturnType = Omit<ProposalRecord, 'status'> & {
  proposalId: Hex;
  /**
   * The council's record, except that a `scheduled` proposal whose timelock operation is done (the
   * timelock was executed directly) shows `executed`.
   */
  status: ProposalRecord['status'];
  /** The council's own record of the status. */
  councilStatus: ProposalRecord['status'];
  /** Whether the proposal can no longer be approved or scheduled (by the hub chain's latest block). */
  expired: boolean;
  /** The members of the proposal's member set who approved it, ascending (current set only). */
  approvedBy: Address[];
  /** After execution: the hub's messages, one per target chain, with their delivery state. */
  messages: ProposalMessageStatus[];
  /** Whether every message is executed on its chain (by the hub's record or the receiver's). */
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
  { council, proposalId, receivers }: GetProposalStatusParameters,
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
      const hubState = enumName(DELIVERY_STATES, state);
      const onChain = await receiverState(receivers, Number(chainId), messageId);
      return {
        messageId,
        chainId: Number(chainId),
        state: furthest(hubState, onChain.receiverStatus),
        hubState,
        ...onChain,
      };
    }),
  );
  const timelockRan = record.status === 'scheduled' && record.operation?.state === 'done';
  return {
    proposalId,
    ...record,
    status: timelockRan ? 'executed' : record.status,
    councilStatus: record.status,
    expired: block.timestamp >= BigInt(record.expiresAt),
    approvedBy: members.filter((_, i) => approved[i]),
    messages,
    allExecuted: messages.length > 0 && messages.every((m) => m.state === 'executed'),
  };
}

async function receiverState(
  receivers: GetProposalStatusParameters['receivers'],
  chainId: number,
  messageId: Hex,
): Promise<{ receiverStatus: MessageStatus | null; receiverError?: string }> {
  const client = receivers?.clients[chainId];
  if (!receivers || !client) return { receiverStatus: null };
  try {
    return { receiverStatus: (await readMessageState(client, receivers.receiver, messageId)).status };
  } catch (error) {
    // A chain that does not answer leaves the hub's record standing; the reason is returned.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return { receiverStatus: null, receiverError: reason };
  }
}

/** The hub's state, moved forward to what the receiver shows (Queued → queued, Executed → executed). */
function furthest(hubState: DeliveryState, receiver: MessageStatus | null): DeliveryState {
  const seen: DeliveryState | undefined =
    receiver === 'Executed' ? 'executed' : receiver === 'Queued' ? 'queued' : undefined;
  if (!seen) return hubState;
  return DELIVERY_STATES.indexOf(seen) > DELIVERY_STATES.indexOf(hubState) ? seen : hubState;
}
