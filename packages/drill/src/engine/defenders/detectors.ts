/**
 * The detectors the drill's monitor runs: the core detectors (`@lockstep/core/detect`) over the
 * drill's chains, with the scan position per chain. Created once per drill; `monitor.ts` feeds them.
 */
import { BlockProductionDetector, EquivocationDetector } from '@lockstep/core/detect';
import { type Client, createPublicClient } from 'viem';
import { drillTransport } from '../../chains/drill-transport.js';
import type { DrillChain } from '../../chains/start-chains.js';

/** Blocks a chain may miss before the monitor calls it halted. */
export const MISSED_BLOCKS = 3;
/**
 * How often (virtual seconds) the monitor polls while a message is in flight to a running chain
 * (dispatched, not yet queued there): the clock stops there, so a detection in that window is at most
 * this late. Otherwise it polls at the clock's own steps (a 48 h timelock is crossed in one).
 */
export const MONITOR_POLL_SECONDS = 300;

export type DrillMonitor = {
  blocks: BlockProductionDetector;
  /** Guardian signatures seen for one nonce, from every `deliver` call to the adapters. */
  equivocation: EquivocationDetector;
  /** Per chain: the last block whose adapter transactions were read, and a batching client to read them. */
  scanned: Map<string, bigint>;
  scanners: Map<string, Client>;
};

export function createMonitor(chains: readonly DrillChain[]): DrillMonitor {
  const byChainId = new Map(chains.map((chain) => [BigInt(chain.chainId), chain.name]));
  return {
    blocks: new BlockProductionDetector({
      chains: chains.map((chain) => ({ name: chain.name, blockTime: chain.blockTime })),
      missedBlocks: MISSED_BLOCKS,
    }),
    equivocation: new EquivocationDetector((id) => byChainId.get(id) ?? `chain ${id}`),
    scanned: new Map(),
    // Over the chain's WebSocket (`drill-transport.ts`): a scan of many empty blocks stays cheap.
    scanners: new Map(
      chains.map((chain) => [chain.name, createPublicClient({ transport: drillTransport(chain.rpcUrl) })]),
    ),
  };
}
