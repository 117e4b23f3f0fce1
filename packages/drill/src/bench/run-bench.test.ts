import { describe, expect, it } from 'vitest';
import { medianRun, runBench } from './run-bench.js';
import { wallRange } from './summary.js';
import type { BenchRun } from './types.js';

describe('runBench', () => {
  it('measures cold then warm, each in a process of its own, and returns what each process measured', async () => {
    const seen: string[] = [];
    const runs = await runBench({
      counts: [2],
      repeat: 2,
      onRun: (run, repetition) => seen.push(`${run.chains} ${run.cache} #${repetition}`),
    });
    expect(seen).toEqual(['2 cold #1', '2 warm #1', '2 cold #2', '2 warm #2']);
    expect(runs.map((run) => [run.cache, run.outcome, run.wallMsSamples?.length])).toEqual([
      ['cold', 'pass', 2],
      ['warm', 'pass', 2],
    ]);
    for (const run of runs) {
      expect(run.phases.map((p) => p.phase)).toContain('relay');
      expect(run.wallMs).toBeGreaterThan(0);
      expect(run.wallMsSamples).toContain(run.wallMs);
      expect(run.relayLatency).toHaveLength(2); // every chain, the hub too
    }
  }, 180_000);
});

describe('medianRun', () => {
  const run = (wallMs: number): BenchRun => ({
    chains: 4,
    cache: 'warm',
    wallMs,
    phases: [{ phase: 'relay', wallMs: wallMs / 2 }],
    outcome: 'pass',
    vulnerabilityWindowSeconds: 0,
    slowestBlockTime: 12,
    relayLatency: [],
    load: { before: 1, after: 1 },
  });

  it('reports the median run whole (its phases with it) and every wall time, ascending', () => {
    const median = medianRun([run(1300), run(900), run(1000)]);
    expect(median.wallMs).toBe(1000);
    expect(median.phases[0]?.wallMs).toBe(500);
    expect(median.wallMsSamples).toEqual([900, 1000, 1300]);
    expect(wallRange(median)).toBe('0.90–1.30 s');
    expect(wallRange(run(700))).toBeUndefined();
  });

  it('takes the lower middle run of an even count, and refuses none', () => {
    expect(medianRun([run(1200), run(1000)]).wallMs).toBe(1000);
    expect(medianRun([run(700)]).wallMsSamples).toEqual([700]);
    expect(() => medianRun([])).toThrow(/no measurements/);
  });
});
