/**
 * One poll of one chain: read the head, rewind a reorg of unfinalised blocks, then read the watched
 * contracts' logs from the checkpoint to the head in bounded ranges and commit each range (its events,
 * the hashes of their blocks and the new checkpoint) in one store transaction. A restart resumes from
 * the checkpoint; an event read twice is kept once by the store.
 */
import type { ReadClient } from '@lockstep/core/chain';
import { BaseError, type Block, type Hex, type Log, parseEventLogs } from 'viem';
import { getBlock, getLogs } from 'viem/actions';
import type { CommitBatch, MonitorStore, StoredEvent } from '../store/types.js';
import { MONITOR_EVENTS_ABI, toJson } from './events-abi.js';
import { findRewindPoint } from './reorg.js';
import type { WatchedChain } from './watched-chain.js';

/** Blocks per `eth_getLogs` call unless told otherwise (most providers accept 2,000). */
export const DEFAULT_MAX_BLOCK_RANGE = 2000;
/**
 * `eth_getLogs` calls one poll makes at most: a chain far behind (a first start from an old block)
 * catches up over several polls instead of holding up the round; its checkpoint shows how far it is.
 */
export const DEFAULT_MAX_RANGES_PER_POLL = 25;

export type PollChainParameters = {
  client: ReadClient;
  store: MonitorStore;
  chain: WatchedChain;
  /** Blocks per `eth_getLogs` call (default `DEFAULT_MAX_BLOCK_RANGE`). */
  maxBlockRange?: number;
  /** `eth_getLogs` calls per poll at most (default `DEFAULT_MAX_RANGES_PER_POLL`). */
  maxRangesPerPoll?: number;
};

export type Head = { number: number; timestamp: number; hash: Hex };

export type PollChainReturnType = {
  head: Head;
  /** The checkpoint after the poll (below the head when the chain is still catching up). */
  checkpoint: number;
  /** Events committed by this poll. */
  events: number;
  /** Where a reorg was rewound from, if one was seen. */
  rewoundFrom?: number;
};

/** Reads `chain` from its checkpoint to its head and commits what it read. Throws on an RPC error (nothing half-committed). */
export async function pollChain(parameters: PollChainParameters): Promise<PollChainReturnType> {
  const { client, store, chain } = parameters;
  const maxRange = parameters.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE;
  const head = toHead(await getBlock(client, { blockTag: 'latest' }));
  let checkpoint = await store.checkpoint(chain.chainId);
  let rewoundFrom: number | undefined;
  if (checkpoint && checkpoint.hash !== head.hash && !(await stillCanonical(client, checkpoint, head))) {
    rewoundFrom = await findRewindPoint({ client, store, chain, checkpoint: checkpoint.number });
    await store.rewind(chain.chainId, rewoundFrom);
    checkpoint = await store.checkpoint(chain.chainId);
  }
  let from = checkpoint ? checkpoint.number + 1 : (chain.fromBlock ?? 0);
  let events = 0;
  let ranges = 0;
  const maxRanges = parameters.maxRangesPerPoll ?? DEFAULT_MAX_RANGES_PER_POLL;
  while (from <= head.number && ranges++ < maxRanges) {
    const to = Math.min(head.number, from + maxRange - 1);
    const end = to === head.number ? head : toHead(await getBlock(client, { blockNumber: BigInt(to) }));
    const batch = await readRange(client, chain, from, end);
    await store.commit(chain.chainId, batch);
    events += batch.events.length;
    from = to + 1;
  }
  return {
    head,
    checkpoint: from - 1,
    events,
    ...(rewoundFrom === undefined ? {} : { rewoundFrom }),
  };
}

/** Whether the checkpoint block is still on the chain: the same hash at its height. */
async function stillCanonical(
  client: ReadClient,
  checkpoint: { number: number; hash: Hex },
  head: Head,
): Promise<boolean> {
  if (checkpoint.number > head.number) return false;
  if (checkpoint.number === head.number) return checkpoint.hash === head.hash;
  const block = await getBlock(client, { blockNumber: BigInt(checkpoint.number) }).catch(() => undefined);
  return block?.hash === checkpoint.hash;
}

/** The decoded events of blocks `from..end` and the batch that commits them. */
async function readRange(client: ReadClient, chain: WatchedChain, from: number, end: Head): Promise<CommitBatch> {
  const logs = await getLogs(client, {
    address: chain.contracts,
    fromBlock: BigInt(from),
    toBlock: BigInt(end.number),
  });
  const decoded = parseEventLogs({ abi: MONITOR_EVENTS_ABI, logs, strict: true });
  const timestamps = await blockTimestamps(client, decoded, end);
  const events: StoredEvent[] = decoded.map((log) => ({
    chainId: chain.chainId,
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash,
    logIndex: log.logIndex,
    txHash: log.transactionHash,
    timestamp: timestamps.get(Number(log.blockNumber)) ?? end.timestamp,
    address: log.address,
    name: log.eventName,
    args: toJson(log.args) as StoredEvent['args'],
  }));
  const blocks = new Map<number, Hex>(events.map((e) => [e.blockNumber, e.blockHash]));
  blocks.set(end.number, end.hash);
  return {
    events,
    blocks: [...blocks].map(([number, hash]) => ({ number, hash })),
    checkpoint: { number: end.number, hash: end.hash },
  };
}

/**
 * The timestamp of every block holding a log: from the log when the node includes it
 * (`blockTimestamp`), else one `eth_getBlockByNumber` per such block.
 */
async function blockTimestamps(
  client: ReadClient,
  logs: readonly (Log<bigint, number, false> & { blockTimestamp?: bigint | Hex })[],
  end: Head,
): Promise<Map<number, number>> {
  const timestamps = new Map<number, number>([[end.number, end.timestamp]]);
  for (const log of logs) {
    if (log.blockTimestamp !== undefined) timestamps.set(Number(log.blockNumber), Number(log.blockTimestamp));
  }
  const missing = [...new Set(logs.map((log) => Number(log.blockNumber)))].filter((n) => !timestamps.has(n));
  const blocks = await Promise.all(missing.map((n) => getBlock(client, { blockNumber: BigInt(n) })));
  for (const block of blocks) timestamps.set(Number(block.number), Number(block.timestamp));
  return timestamps;
}

function toHead(block: Block<bigint, false, 'latest'> | Block): Head {
  if (block.number === null || block.hash === null)
    throw new BaseError('the node returned a pending block for a mined one');
  return { number: Number(block.number), timestamp: Number(block.timestamp), hash: block.hash };
}
