import type { Hash, TransactionReceipt } from 'viem';
import { getTransactionReceipt, waitForTransactionReceipt } from 'viem/actions';
import { type RetryOptions, withRetry } from './retry.js';
import type { ReadClient } from './types.js';

/**
 * The receipt of `hash`, polled at the client's interval; transient RPC errors are retried (see
 * `withRetry`). For the relayer's, the executor's and the reporter's transactions.
 */
export function receiptOf(client: ReadClient, hash: Hash, retry?: RetryOptions): Promise<TransactionReceipt> {
  return withRetry(`receipt of ${hash}`, () => waitForTransactionReceipt(client, { hash }), retry);
}

/**
 * The receipt of `hash`, for a person's one-off transactions (council, fallback). A node answers
 * the send before its block is in (anvil mines a moment later, an L2 within a second), so the
 * first look often misses; viem's wait then looks again only when a new block number shows, a
 * whole polling interval later (viem's default is 4 s on a chain it does not know). So: quick
 * looks first, 25 ms apart and doubling up to the interval, then viem's wait at that interval
 * (at most a second), which also notices a replaced transaction.
 */
export async function waitForReceipt(client: ReadClient, hash: Hash): Promise<TransactionReceipt> {
  const interval = Math.min(client.pollingInterval, 1000);
  for (let delay = 0; delay < interval; delay = delay === 0 ? QUICK_FIRST_MS : delay * 2) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    // Any failure here (not mined yet, a hiccup) leaves it to viem's wait below.
    const receipt = await getTransactionReceipt(client, { hash }).catch(() => undefined);
    if (receipt) return receipt;
  }
  return waitForTransactionReceipt(client, { hash, pollingInterval: interval });
}

/** The first quick look's delay after a miss. */
const QUICK_FIRST_MS = 25;

export type SendAndWaitParameters = {
  /** Sends the transaction (usually: simulates, then writes) and returns its hash. */
  submit: () => Promise<Hash>;
  /** The error to throw when `submit` fails (a revert in the simulation, or anything else). */
  submitError: (error: unknown) => Error;
  /** The error to throw when the transaction is mined but reverted. */
  revertedError: (hash: Hash) => Error;
};

/**
 * Sends one transaction and waits for its receipt (`waitForReceipt`). A failed send throws
 * `submitError(error)`, a reverted transaction `revertedError(hash)`; nothing is retried.
 */
export async function sendAndWait(client: ReadClient, parameters: SendAndWaitParameters): Promise<TransactionReceipt> {
  let hash: Hash;
  try {
    hash = await parameters.submit();
  } catch (error) {
    throw parameters.submitError(error);
  }
  const receipt = await waitForReceipt(client, hash);
  if (receipt.status !== 'success') throw parameters.revertedError(hash);
  return receipt;
}
