import { describe, expect, it } from 'vitest';
import { runBench } from './run-bench.js';

describe('runBench', () => {
  it('measures cold then warm, each in a process of its own, and returns what each process measured', async () => {
    const seen: string[] = [];
    const runs = await runBench({ counts: [2], onRun: (run) => seen.push(`${run.chains} ${run.cache}`) });
    expect(seen).toEqual(['2 cold', '2 warm']);
    expect(runs.map((run) => run.outcome)).toEqual(['pass', 'pass']);
    for (const run of runs) {
      expect(run.phases.map((p) => p.phase)).toContain('relay');
      expect(run.wallMs).toBeGreaterThan(0);
      expect(run.relayLatency).toHaveLength(2); // every chain, the hub too
    }
  }, 120_000);
});
