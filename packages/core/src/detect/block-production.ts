/**
 * Block production: a chain that made no new block for `missedBlocks` × its block time is halted
 * (`chain-halted`); its next block ends the halt (`chain-resumed`). Pure logic over head
 * observations (`observe`), plus a thin reader (`readHead`): one `eth_getBlockByNumber('latest')`
 * per chain and poll, never cached.
 */
import type { Client } from 'viem';
import { getBlock } from 'viem/actions';
import type { Detection } from './types.js';

/** One poll of one chain's head: when it was read, and the head's number and timestamp. */
export type HeadObservation = {
  chain: string;
  /** When the head was read (seconds, the detector's clock). */
  at: number;
  blockNumber: bigint;
  /** The head block's timestamp (seconds, the same clock). */
  blockTimestamp: number;
};

export type BlockProductionDetection = Detection<'chain-halted' | 'chain-resumed'> & {
  /** The last block seen before the halt. */
  lastBlock: bigint;
};

export type BlockProductionDetectorParameters = {
  /** Every watched chain and its expected seconds between blocks. */
  chains: readonly { name: string; blockTime: number }[];
  /** Blocks a chain may miss before it counts as halted. Default 3. */
  missedBlocks?: number;
  /**
   * The resolution of block timestamps, in seconds (whole seconds on EVM chains): added to the
   * threshold so a sub-second chain whose head's timestamp was rounded down is not called halted.
   * Default 1.
   */
  timestampResolution?: number;
};

type ChainWatch = { blockTime: number; lastBlock?: bigint; lastBlockAt?: number; haltedSince?: number };

/** Watches heads; `observe` returns what changed with this observation (a halt, a resumption, or nothing). */
export class BlockProductionDetector {
  readonly missedBlocks: number;
  readonly timestampResolution: number;
  private readonly watches = new Map<string, ChainWatch>();

  constructor(parameters: BlockProductionDetectorParameters) {
    this.missedBlocks = parameters.missedBlocks ?? 3;
    this.timestampResolution = parameters.timestampResolution ?? 1;
    if (!(this.missedBlocks > 0)) throw new RangeError(`missedBlocks must be positive (got ${this.missedBlocks})`);
    for (const chain of parameters.chains) this.watches.set(chain.name, { blockTime: chain.blockTime });
  }

  /** Seconds since the head's timestamp after which `chain` counts as halted. */
  thresholdOf(chain: string): number {
    return this.watchOf(chain).blockTime * this.missedBlocks + this.timestampResolution;
  }

  /** Whether `chain` is halted as of the last observation. */
  isHalted(chain: string): boolean {
    return this.watchOf(chain).haltedSince !== undefined;
  }

  observe(observation: HeadObservation): BlockProductionDetection[] {
    const watch = this.watchOf(observation.chain);
    const { chain, at, blockNumber, blockTimestamp } = observation;
    if (watch.lastBlock === undefined || blockNumber > watch.lastBlock) {
      const resumed = watch.haltedSince;
      const lastBlock = watch.lastBlock;
      watch.lastBlock = blockNumber;
      watch.lastBlockAt = blockTimestamp;
      watch.haltedSince = undefined;
      if (resumed === undefined || lastBlock === undefined) return [];
      return [
        {
          kind: 'chain-resumed',
          chain,
          detectedAt: at,
          since: resumed,
          lastBlock,
          message: `${chain} produces blocks again (block ${blockNumber}) after ${Math.round(blockTimestamp - resumed)} s without one`,
        },
      ];
    }
    if (watch.haltedSince !== undefined) return [];
    const halt = detectHalt({
      chain,
      at,
      lastBlock: watch.lastBlock,
      lastBlockAt: watch.lastBlockAt ?? blockTimestamp,
      thresholdSeconds: this.thresholdOf(chain),
      expectation: `expected one every ${watch.blockTime} s, alert after ${this.missedBlocks} missed`,
    });
    if (!halt) return [];
    watch.haltedSince = halt.since;
    return [halt];
  }

  private watchOf(chain: string): ChainWatch {
    const watch = this.watches.get(chain);
    if (!watch) throw new RangeError(`the block-production detector does not watch ${chain}`);
    return watch;
  }
}

export type DetectHaltParameters = {
  chain: string;
  /** When the chain was looked at (seconds). */
  at: number;
  /** The newest block seen, and its timestamp (seconds, the same clock as `at`). */
  lastBlock: bigint;
  lastBlockAt: number;
  /** Seconds without a new block after which the chain counts as halted. */
  thresholdSeconds: number;
  /** What the chain was expected to do, for the message (e.g. "expected one every 2 s"). */
  expectation: string;
};

/**
 * The halt rule on its own, without memory: `chain-halted` when the newest block is at least
 * `thresholdSeconds` old at `at`, else `undefined`. The detector reports it once per halt; a caller
 * that keeps its own alert state (the monitor) evaluates it on every snapshot.
 */
export function detectHalt(parameters: DetectHaltParameters): BlockProductionDetection | undefined {
  const { chain, at, lastBlock, lastBlockAt, thresholdSeconds } = parameters;
  if (at - lastBlockAt < thresholdSeconds) return undefined;
  return {
    kind: 'chain-halted',
    chain,
    detectedAt: at,
    since: lastBlockAt,
    lastBlock,
    message: `${chain} produced no block for ${Math.round(at - lastBlockAt)} s (last block ${lastBlock}; ${parameters.expectation})`,
  };
}

/** A chain's head, read fresh (no client cache): its number and timestamp. */
export async function readHead(client: Client): Promise<{ blockNumber: bigint; blockTimestamp: number }> {
  const block = await getBlock(client, { blockTag: 'latest', includeTransactions: false });
  return { blockNumber: block.number, blockTimestamp: Number(block.timestamp) };
}
