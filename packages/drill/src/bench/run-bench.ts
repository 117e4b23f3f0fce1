/**
 * The drill benchmark: the 4-chain happy path from nothing running to every chain upgraded and
 * verified, cold (the real Foundry deploy on every chain) and warm (deployed state from the cache),
 * with each phase's wall time and the relay latency; then the same drill on more chains to show
 * how the cost grows. Numbers, not assertions: targets are printed next to them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDrill } from '../engine/run-drill.js';
import { loadScenario, withChainCount } from '../scenario/index.js';
import type { PhaseTiming } from '../types.js';

export type BenchRun = {
  chains: number;
  cache: 'cold' | 'warm';
  wallMs: number;
  phases: PhaseTiming[];
  outcome: 'pass' | 'fail';
  vulnerabilityWindowSeconds: number | null;
  slowestBlockTime: number;
  relayLatency: { chain: string; wallMs: number; blocks: number }[];
  /** The machine's 1-minute load average when the run started and ended (a shared machine inflates times). */
  load: { before: number; after: number };
};

/** The chain counts the bench runs by default: doublings from 4 to the chain cap. */
export const BENCH_COUNTS: readonly number[] = [4, 8, 16, 32, 64, 128];

export type RunBenchParameters = {
  /** Chain counts to run. Default [4, 8, 16, 32, 64, 128]. */
  counts?: readonly number[];
  onRun?: (run: BenchRun) => void;
};

export async function runBench(parameters: RunBenchParameters = {}): Promise<BenchRun[]> {
  const counts = parameters.counts ?? BENCH_COUNTS;
  const base = await loadScenario('happy-path');
  const runs: BenchRun[] = [];
  const cacheDir = await mkdtemp(join(tmpdir(), 'lockstep-bench-cache-'));
  try {
    for (const count of counts) {
      const scenario = withChainCount(base, count);
      // Cold: an empty cache, so the chains are deployed (the direct deployer); warm: the same again from the cache.
      for (const cache of ['cold', 'warm'] as const) {
        const loadBefore = loadavg()[0] ?? 0;
        const started = performance.now();
        const { report, relayLatency } = await runDrill({ scenario, cacheDir });
        const run: BenchRun = {
          chains: count,
          cache,
          wallMs: Math.round(performance.now() - started),
          phases: report.phases,
          outcome: report.outcome,
          vulnerabilityWindowSeconds: report.vulnerabilityWindowSeconds,
          slowestBlockTime: Math.max(...scenario.chains.map((c) => c.blockTime)),
          relayLatency,
          load: { before: round2(loadBefore), after: round2(loadavg()[0] ?? 0) },
        };
        runs.push(run);
        parameters.onRun?.(run);
      }
    }
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  return runs;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
