/**
 * The drill's monitor: the core detectors (`@lockstep/core/detect`) watching the drill's chains the
 * way `lockstep monitor` watches real ones. Every clock step reads each chain's head (one uncached
 * `eth_getBlockByNumber` per chain) and feeds the block-production detector; a halt it detects is
 * the drill's `chain-halted` alert, with its detection latency measured from the halt itself.
 */
import { BlockProductionDetector, readHead } from '@lockstep/core/detect';
import type { DrillChain } from '../chains/start-chains.js';
import type { FaultKind } from '../types.js';
import type { DrillContext } from './drill-context.js';
import type { Recorder } from './recorder.js';

/** Blocks a chain may miss before the monitor calls it halted. */
export const MISSED_BLOCKS = 3;

export type DrillMonitor = { blocks: BlockProductionDetector };

export function createMonitor(chains: readonly DrillChain[]): DrillMonitor {
  return {
    blocks: new BlockProductionDetector({
      chains: chains.map((chain) => ({ name: chain.name, blockTime: chain.blockTime })),
      missedBlocks: MISSED_BLOCKS,
    }),
  };
}

/** One poll of every chain's head at the clock's current time; raises `chain-halted` on detection. */
export async function watchChains(ctx: DrillContext): Promise<void> {
  const { chains, clock, recorder, monitor } = ctx;
  const heads = await Promise.all(chains.map((chain) => readHead(chain.client)));
  for (const [i, chain] of chains.entries()) {
    const head = heads[i];
    if (!head) continue;
    for (const detection of monitor.blocks.observe({ chain: chain.name, at: clock.origin + clock.now, ...head })) {
      if (detection.kind === 'chain-halted') {
        const lastBlockAt = detection.since - clock.origin;
        // The latency is measured from the halt itself (the drill knows it; the monitor only sees the last block).
        const since = conditionStart(recorder, 'halt-chain', chain.name, clock.now) ?? lastBlockAt;
        recorder.alert('chain-halted', chain.name, clock.now, detection.message, since);
      } else {
        recorder.note(detection.message);
      }
    }
  }
}

/** The injection time of the latest fault of `kind` on `target` at or before `now` (the condition's true start). */
export function conditionStart(recorder: Recorder, kind: FaultKind, target: string, now: number): number | undefined {
  return recorder.faults.findLast((f) => f.kind === kind && f.target === target && f.injectedAt <= now)?.injectedAt;
}
