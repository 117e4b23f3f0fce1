/**
 * One bench measurement: the happy path on `chains` chains, with the drill cache in `cacheDir`,
 * timed from nothing running to every chain upgraded and verified.
 */
import { loadavg } from 'node:os';
import { runDrill } from '../engine/run-drill.js';
import { loadScenario, withChainCount } from '../scenario/index.js';
import type { BenchRun } from './types.js';

export type MeasureRunParameters = {
  chains: number;
  /** What the cache holds for this chain count: nothing yet (`cold`) or the state a cold run saved (`warm`). */
  cache: 'cold' | 'warm';
  cacheDir: string;
};

export async function measureRun({ chains, cache, cacheDir }: MeasureRunParameters): Promise<BenchRun> {
  const scenario = withChainCount(await loadScenario('happy-path'), chains);
  const loadBefore = loadavg()[0] ?? 0;
  const started = performance.now();
  const { report, relayLatency } = await runDrill({ scenario, cacheDir });
  return {
    chains,
    cache,
    wallMs: Math.round(performance.now() - started),
    phases: report.phases,
    outcome: report.outcome,
    vulnerabilityWindowSeconds: report.vulnerabilityWindowSeconds,
    slowestBlockTime: Math.max(...scenario.chains.map((c) => c.blockTime)),
    relayLatency,
    load: { before: round2(loadBefore), after: round2(loadavg()[0] ?? 0) },
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
