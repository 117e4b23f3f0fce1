import { governanceHubAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';
import type { TransientRetriesExhaustedErrorType } from '../errors/chain.js';
import { type HubDeliveryState, hubStateIndex, readHubMessageState } from './hub-state.js';

export type GetDeliveryStatusParameters = {
  /** A client of the hub chain. */
  hubClient: ReadClient;
  /** The GovernanceHub. */
  hub: Address;
  /** The proposal id (or emergency action id) the hub dispatched. */
  id: Hex;
  retry?: RetryOptions;
};

/** `GovernanceHub.allChainsReached(id, atLeast)`. */
export type ChainsReached = {
  /** Every message of the dispatch reached the state (false when nothing was dispatched). */
  ready: boolean;
  reached: number;
  total: number;
};

export type DeliveryStatusMessage = {
  messageId: Hex;
  /** The destination chain id. */
  chainId: number;
  /** What reporters acknowledged so far: Dispatched until a reporter saw it Queued or Executed. */
  hubState: HubDeliveryState;
};

export type GetDeliveryStatusReturnType = {
  id: Hex;
  /** One per destination, in dispatch order; empty when the hub never dispatched `id`. */
  messages: DeliveryStatusMessage[];
  allChainsReached: { queued: ChainsReached; executed: ChainsReached };
};

export type GetDeliveryStatusErrorType = TransientRetriesExhaustedErrorType;

/**
 * The hub's acknowledged delivery state of a dispatch: each message's destination and hub state
 * (`messagesOf(id)`, `messageState`), and `allChainsReached` for Queued and for Executed. A message
 * still Dispatched long after its dispatch is a missing acknowledgement: the receiver never got it,
 * or no reporter has seen it there yet (compare with the receiver's own `messageState`).
 *
 * @example
 * const { messages, allChainsReached } = await getDeliveryStatus({ hubClient, hub, id: proposalId })
 */
export async function getDeliveryStatus(parameters: GetDeliveryStatusParameters): Promise<GetDeliveryStatusReturnType> {
  const { hubClient, hub, id, retry } = parameters;
  const messageIds = await withRetry(
    `hub messagesOf(${id})`,
    () => readContract(hubClient, { address: hub, abi: governanceHubAbi, functionName: 'messagesOf', args: [id] }),
    retry,
  );
  const reached = (state: HubDeliveryState) =>
    withRetry(
      `hub allChainsReached(${id}, ${state})`,
      async (): Promise<ChainsReached> => {
        const [ready, count, total] = await readContract(hubClient, {
          address: hub,
          abi: governanceHubAbi,
          functionName: 'allChainsReached',
          args: [id, hubStateIndex(state)],
        });
        return { ready, reached: Number(count), total: Number(total) };
      },
      retry,
    );
  const [messages, queued, executed] = await Promise.all([
    Promise.all(
      messageIds.map(async (messageId) => {
        const { chainId, state } = await readHubMessageState(hubClient, hub, messageId, retry);
        return { messageId, chainId, hubState: state };
      }),
    ),
    reached('Queued'),
    reached('Executed'),
  ]);
  return { id, messages, allChainsReached: { queued, executed } };
}
