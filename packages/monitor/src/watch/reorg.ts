/**
 * Where a reorg began. The checkpoint's block is gone; the events' blocks the store recorded are
 * compared with the chain's, newest first: the newest that still matches (or is final) is the last
 * block both forks share, and everything after it is read again. Blocks are final below
 * `head - max(finalityDepth, MIN_REORG_WINDOW)`.
 */
import type { ReadClient } from '@lockstep/core/chain';
import { getBlock } from 'viem/actions';
import type { MonitorStore } from '../store/types.js';
import type { WatchedChain } from './watched-chain.js';

export type FindRewindPointParameters = {
  client: ReadClient;
  store: MonitorStore;
  chain: WatchedChain;
  /** The checkpoint whose block is no longer on the chain. */
  checkpoint: number;
};

/**
 * How far back a reorg is searched even where the config calls blocks final sooner (a local chain's
 * `finalityDepth` is 0, yet its head can be reverted).
 */
export const MIN_REORG_WINDOW = 128;

/** The first block to forget and read again. */
export async function findRewindPoint({
  client,
  store,
  chain,
  checkpoint,
}: FindRewindPointParameters): Promise<number> {
  const finalBelow = checkpoint - Math.max(chain.finalityDepth, MIN_REORG_WINDOW);
  const recorded = await store.events({ chainId: chain.chainId });
  const blocks = [
    ...new Map(recorded.filter((e) => e.blockNumber < checkpoint).map((e) => [e.blockNumber, e.blockHash])),
  ].sort(([a], [b]) => b - a);
  for (const [number, hash] of blocks) {
    if (number < finalBelow) return number + 1;
    const block = await getBlock(client, { blockNumber: BigInt(number) }).catch(() => undefined);
    if (block?.hash === hash) return number + 1;
  }
  return Math.max(chain.fromBlock ?? 0, finalBelow, 0);
}
