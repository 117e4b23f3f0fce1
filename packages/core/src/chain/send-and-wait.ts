import type { Hash, TransactionReceipt } from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';
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
 * The receipt of `hash`, polled at most a second apart (viem polls every 4 s by default on a chain
 * it does not know; a second is plenty). For a person's one-off transactions (council, fallback).
 */
export function waitForReceipt(client: ReadClient, hash: Hash): Promise<TransactionReceipt> {
  return waitForTransactionReceipt(client, { hash, pollingInterval: Math.min(client.pollingInterval, 1000) });
}

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
