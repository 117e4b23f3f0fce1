/**
 * What the bench's runs say about scale: how each phase grows per doubling of chains, and whether
 * the targets of issue 18 are met (128 chains warm ≤ 15 s and cold ≤ 30 s, 4 chains cold ≤ 3 s,
 * each doubling at most ×2.1).
 */
import type { BenchRun } from './run-bench.js';

/** The phases the bench shows, in the drill's order. */
export const BENCH_PHASES = [
  'anvil start',
  'deploy',
  'guardians start',
  'propose+approve',
  'timelock',
  'relay',
  'execute',
  'health check',
  'verify',
] as const;

/** One doubling (or other step) of chains: each phase's wall time at `to` over its time at `from`. */
export type BenchGrowth = {
  cache: 'cold' | 'warm';
  from: number;
  to: number;
  /** Wall time at `to` ÷ wall time at `from`. */
  wall: number;
  /** Per phase, the same ratio (null when the phase took no measurable time at `from`). */
  phases: Record<string, number | null>;
};

export type BenchTarget = {
  target: string;
  limit: string;
  measured: string;
  met: boolean;
};

export type BenchSummary = { growth: BenchGrowth[]; targets: BenchTarget[] };

/** Largest allowed cost of one doubling of chains. */
export const MAX_DOUBLING_GROWTH = 2.1;

export function phaseMs(run: BenchRun, name: string): number {
  return run.phases.find((p) => p.phase === name)?.wallMs ?? 0;
}

function ratio(to: number, from: number): number | null {
  return from < 20 ? null : Math.round((to / from) * 100) / 100;
}

/** The fastest and slowest measurement of a reported run, `11.80–12.40 s`; undefined for one measurement. */
export function wallRange(run: BenchRun): string | undefined {
  const samples = run.wallMsSamples ?? [];
  if (samples.length < 2) return undefined;
  const sec = (ms: number) => (ms / 1000).toFixed(2);
  return `${sec(samples[0] ?? 0)}–${sec(samples.at(-1) ?? 0)} s`;
}

/** `median of 3, 11.80–12.40 s, load 1.9`: how a reported wall time was measured. */
function measuredHow(run: BenchRun): string {
  const range = wallRange(run);
  return range === undefined
    ? `load ${run.load.before}`
    : `median of ${run.wallMsSamples?.length}, ${range}, load ${run.load.before}`;
}

/** Growth between consecutive chain counts, cold and warm, and the targets. */
export function summarizeBench(runs: readonly BenchRun[]): BenchSummary {
  const growth: BenchGrowth[] = [];
  for (const cache of ['cold', 'warm'] as const) {
    const series = runs.filter((r) => r.cache === cache).sort((a, b) => a.chains - b.chains);
    for (let i = 1; i < series.length; i++) {
      const [from, to] = [series[i - 1], series[i]];
      if (!from || !to) continue;
      growth.push({
        cache,
        from: from.chains,
        to: to.chains,
        wall: ratio(to.wallMs, from.wallMs) ?? 0,
        phases: Object.fromEntries(BENCH_PHASES.map((p) => [p, ratio(phaseMs(to, p), phaseMs(from, p))])),
      });
    }
  }
  const targets: BenchTarget[] = [];
  const at = (chains: number, cache: 'cold' | 'warm') => runs.find((r) => r.chains === chains && r.cache === cache);
  const wallTarget = (chains: number, cache: 'cold' | 'warm', limitMs: number) => {
    const run = at(chains, cache);
    if (!run) return;
    targets.push({
      target: `${chains} chains ${cache}`,
      limit: `≤ ${limitMs / 1000} s`,
      measured: `${(run.wallMs / 1000).toFixed(2)} s (${measuredHow(run)})`,
      met: run.wallMs <= limitMs,
    });
  };
  wallTarget(128, 'warm', 15_000);
  wallTarget(128, 'cold', 30_000);
  wallTarget(4, 'cold', 3_000);
  for (const cache of ['cold', 'warm'] as const) {
    const steps = growth.filter((g) => g.cache === cache && g.to === g.from * 2);
    if (steps.length === 0) continue;
    const worst = steps.reduce((a, b) => (b.wall > a.wall ? b : a));
    targets.push({
      target: `each doubling, ${cache}`,
      limit: `≤ ×${MAX_DOUBLING_GROWTH}`,
      measured: `worst ×${worst.wall.toFixed(2)} (${worst.from} → ${worst.to})`,
      met: steps.every((g) => g.wall <= MAX_DOUBLING_GROWTH),
    });
  }
  return { growth, targets };
}
