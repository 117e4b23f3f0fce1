import { upgradeReceiverAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { type RetryOptions, withRetry } from './retry.js';
import type { ReadClient } from './types.js';

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
