import { governanceHubAbi } from '@lockstep/client';
import type { Address, BlockNumber } from 'viem';
import { getBlockNumber, getContractEvents } from 'viem/actions';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';
import { type DispatchedMessage, decodeDispatchedMessage } from '../message/dispatched.js';

export type ScanDispatchedParameters = {
  /** A client of the hub chain. */
  client: ReadClient;
  /** The GovernanceHub's address. */
  hub: Address;
  /** First block to scan. Default 0. */
  fromBlock?: BlockNumber;
  /** Last block to scan. Default: the latest block minus `confirmations`. */
  toBlock?: BlockNumber;
  /** Blocks a log must be buried under before it counts (the hub's finality depth). Default 0. */
  confirmations?: number;
  /** Most blocks per `eth_getLogs` request. Default 10,000. */
  chunkSize?: bigint;
  retry?: RetryOptions;
};

export type ScanDispatchedReturnType = {
  /** Each decoded and checked against its id (a log whose message does not hash to it throws `CouncilError`). */
  messages: DispatchedMessage[];
  /** The last block scanned: the next scan may start after it. */
  toBlock: bigint;
};

export type ScanDispatchedErrorType = Error;

/**
 * Reads the hub's `MessageDispatched` logs between `fromBlock` and `toBlock`, in chunks, oldest
 * first, each message decoded (`DispatchedMessage`). Only logs at least `confirmations` blocks deep
 * are returned.
 *
 * @example
 * const { messages, toBlock } = await scanDispatched({ client: hubClient, hub, fromBlock: 0n })
 */
export async function scanDispatched(parameters: ScanDispatchedParameters): Promise<ScanDispatchedReturnType> {
  const { client, hub, fromBlock = 0n, confirmations = 0, chunkSize = 10_000n, retry } = parameters;
  const head =
    parameters.toBlock ??
    (await withRetry('eth_blockNumber on the hub', () => getBlockNumber(client, { cacheTime: 0 }), retry));
  const toBlock = head - BigInt(confirmations);
  const messages: DispatchedMessage[] = [];
  for (let from = fromBlock; from <= toBlock; from += chunkSize) {
    const to = from + chunkSize - 1n < toBlock ? from + chunkSize - 1n : toBlock;
    const logs = await withRetry(
      `eth_getLogs MessageDispatched ${from}-${to}`,
      () =>
        getContractEvents(client, {
          address: hub,
          abi: governanceHubAbi,
          eventName: 'MessageDispatched',
          fromBlock: from,
          toBlock: to,
          strict: true,
        }),
      retry,
    );
    for (const log of logs) {
      messages.push({
        ...decodeDispatchedMessage(log.args.messageId, log.args.message),
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
      });
    }
  }
  return { messages, toBlock };
}
