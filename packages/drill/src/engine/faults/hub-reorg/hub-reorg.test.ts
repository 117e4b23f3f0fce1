/**
 * The `hub-reorg` fault on real anvils: within the hub's finality depth no guardian has signed what
 * the reorg orphans, and the re-included dispatch upgrades every chain. (The dropped-dispatch case,
 * where the fallback council must refuse a message the final hub does not hold, runs the relay to
 * its 4-day horizon: too slow for this suite yet, see docs/drills.md.)
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

describe('hub-reorg', () => {
  it('a reorg within the finality depth orphans the dispatch before any guardian signed it; the re-included dispatch upgrades every chain', async () => {
    const { report } = await runDrill({ scenario: await loadScenario('hub-reorg'), verify: true });
    const evidence = report.faults.find((f) => f.kind === 'hub-reorg')?.hubReorg;
    expect(evidence).toMatchObject({ depth: 2, finalityDepth: 2, reinclude: true, attestedBeforeReorg: 0 });
    expect(evidence?.orphanedMessages).toHaveLength(4);
    expect(evidence?.orphaned.map((b) => b.hash)).not.toEqual(evidence?.replacement.map((b) => b.hash));
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
  }, 600_000);
});
