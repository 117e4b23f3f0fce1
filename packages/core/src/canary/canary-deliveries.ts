/**
 * Where a canary got to: each destination receiver's `CanaryReceived` log, and the latency from
 * the hub's dispatch (block time) to that delivery (the receiver's block time).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { getBlock, getContractEvents } from 'viem/actions';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';
import { CanaryNotDeliveredError, type CanaryNotDeliveredErrorType } from '../errors/canary.js';
import type { SendCanaryReturnType } from './send-canary.js';

/** One chain's view of a canary. */
export type CanaryDelivery =
  | { chainId: number; messageId: Hex; delivered: false }
  | {
      chainId: number;
      messageId: Hex;
      delivered: true;
      /** The receiver's block time at delivery (unix seconds). */
      deliveredAt: number;
      blockNumber: bigint;
      transactionHash: Hex;
      /** `deliveredAt - sentAt`: dispatch block time to delivery block time, in seconds. */
      latencySeconds: number;
    };

export type ReadCanaryDeliveriesParameters = {
  /** The canary, as `sendCanary` returned it. */
  canary: Pick<SendCanaryReturnType, 'canaryId' | 'sentAt' | 'messages'>;
  /** The UpgradeReceiver (the same address on every chain). */
  receiver: Address;
  /** A client per destination chain id. */
  clients: Readonly<Record<number, ReadClient>>;
  /** First block to search on each chain (by chain id). Default 0. */
  fromBlocks?: Readonly<Record<number, bigint>>;
  retry?: RetryOptions;
};

/** Each of the canary's chains, delivered (with its latency) or not yet. */
export async function readCanaryDeliveries(parameters: ReadCanaryDeliveriesParameters): Promise<CanaryDelivery[]> {
  const { canary, receiver, clients, fromBlocks = {}, retry } = parameters;
  return Promise.all(
    canary.messages.map(async ({ chainId, messageId }): Promise<CanaryDelivery> => {
      const client = clients[chainId];
      if (!client) throw new RangeError(`readCanaryDeliveries: no client for chain ${chainId}`);
      const logs = await withRetry(
        `eth_getLogs CanaryReceived on chain ${chainId}`,
        () =>
          getContractEvents(client, {
            address: receiver,
            abi: upgradeReceiverAbi,
            eventName: 'CanaryReceived',
            args: { messageId, canaryId: canary.canaryId },
            fromBlock: fromBlocks[chainId] ?? 0n,
            strict: true,
          }),
        retry,
      );
      const [log] = logs;
      if (!log) return { chainId, messageId, delivered: false };
      const block = await withRetry(
        `block ${log.blockNumber} on chain ${chainId}`,
        () => getBlock(client, { blockNumber: log.blockNumber }),
        retry,
      );
      const deliveredAt = Number(block.timestamp);
      return {
        chainId,
        messageId,
        delivered: true,
        deliveredAt,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        latencySeconds: deliveredAt - canary.sentAt,
      };
    }),
  );
}

export type WaitForCanaryParameters = ReadCanaryDeliveriesParameters & {
  /** Give up after this long. Default 5 minutes. */
  timeoutMs?: number;
  /** Time between two reads. Default 1 s. */
  pollMs?: number;
  /** Called after every read (progress). */
  onProgress?: (deliveries: readonly CanaryDelivery[]) => void;
};

export type WaitForCanaryErrorType = CanaryNotDeliveredErrorType;

/**
 * Reads the canary's deliveries until every chain has it; throws `CanaryNotDeliveredError` naming
 * the chains still without it when `timeoutMs` passes. Sends nothing: guardian nodes and a relayer
 * must be running.
 */
export async function waitForCanary(parameters: WaitForCanaryParameters): Promise<CanaryDelivery[]> {
  const { timeoutMs = 300_000, pollMs = 1_000, onProgress } = parameters;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = await readCanaryDeliveries(parameters);
    onProgress?.(deliveries);
    const pending = deliveries.filter((d) => !d.delivered).map((d) => d.chainId);
    if (pending.length === 0) return deliveries;
    if (Date.now() + pollMs > deadline) {
      throw new CanaryNotDeliveredError({ canaryId: parameters.canary.canaryId, pending, timeoutMs });
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
