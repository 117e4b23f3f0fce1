import { governanceHubAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';
import type { MessageStatus } from '../message/receiver-state.js';

/** The GovernanceHub's `DeliveryState`, by name (its enum order). */
export const HUB_DELIVERY_STATES = ['None', 'Dispatched', 'Queued', 'Executed'] as const;
export type HubDeliveryState = (typeof HUB_DELIVERY_STATES)[number];

/** The enum value `markDelivery` and `allChainsReached` take. */
export function hubStateIndex(state: HubDeliveryState): number {
  return HUB_DELIVERY_STATES.indexOf(state);
}

/**
 * What the hub should record for a receiver status: Queued and Executed are acknowledged as such;
 * None, Pending and Cancelled have no hub state beyond Dispatched (`undefined`).
 */
export function hubStateFor(status: MessageStatus): HubDeliveryState | undefined {
  if (status === 'Queued') return 'Queued';
  if (status === 'Executed') return 'Executed';
  return undefined;
}

export type HubMessageState = {
  /** The destination chain id (0 when the hub never sent the message). */
  chainId: number;
  /** `None` when the hub never sent the message. */
  state: HubDeliveryState;
};

/**
 * The hub's record of one message it sent: its destination and acknowledged delivery state; at
 * `blockNumber` when given (e.g. the hub's latest final block: after a reorg deeper than the
 * finality depth, a message an orphaned block dispatched reads `None` there), else at the latest.
 */
export async function readHubMessageState(
  client: ReadClient,
  hub: Address,
  messageId: Hex,
  retry?: RetryOptions,
  blockNumber?: bigint,
): Promise<HubMessageState> {
  const [chainId, state] = await withRetry(
    `hub messageState(${messageId})${blockNumber === undefined ? '' : ` at block ${blockNumber}`}`,
    () =>
      readContract(client, {
        address: hub,
        abi: governanceHubAbi,
        functionName: 'messageState',
        args: [messageId],
        ...(blockNumber === undefined ? {} : { blockNumber }),
      }),
    retry,
  );
  return { chainId: Number(chainId), state: HUB_DELIVERY_STATES[state] ?? 'None' };
}
