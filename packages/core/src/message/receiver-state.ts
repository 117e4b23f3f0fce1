import { upgradeReceiverAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';

/** The UpgradeReceiver's `MessageStatus`, by name. */
export const MESSAGE_STATUSES = ['None', 'Pending', 'Queued', 'Executed', 'Cancelled'] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type ReceiverMessageState = {
  status: MessageStatus;
  confirmations: bigint;
  /** Seconds; 0 unless Queued or Executed. */
  executableAt: number;
  expiresAt: number;
};

/**
 * Why a delivery (guardian attestations or a fallback ratification) sent nothing:
 * `consumed`: the receiver is past confirming (Queued, Executed or Cancelled);
 * `confirmed-by-adapter`: Pending, and this adapter's confirmation is already counted.
 */
export type SkipReason = 'consumed' | 'confirmed-by-adapter';

/** Queued, Executed or Cancelled: the receiver takes no more confirmations. */
export function isConsumed(status: MessageStatus): boolean {
  return status !== 'None' && status !== 'Pending';
}

/** The receiver's record of a message, read from the chain (the only source of truth). */
export async function readMessageState(
  client: ReadClient,
  receiver: Address,
  messageId: Hex,
  retry?: RetryOptions,
): Promise<ReceiverMessageState> {
  const [status, confirmations, executableAt, expiresAt] = await withRetry(
    `messageState(${messageId})`,
    () =>
      readContract(client, {
        address: receiver,
        abi: upgradeReceiverAbi,
        functionName: 'messageState',
        args: [messageId],
      }),
    retry,
  );
  return { status: MESSAGE_STATUSES[status] ?? 'None', confirmations, executableAt, expiresAt };
}
