/**
 * The `hub-reorg` fault on real anvils: within the hub's finality depth no guardian has signed what
 * the reorg orphans; a reorg that drops the dispatch leaves nothing to deliver, and the fallback
 * council (which ratifies what the relay could not deliver) refuses a message the final hub does not
 * hold, so no chain executes what the canonical hub never sent.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import type { Scenario } from '../../../types.js';
import { runDrill } from '../../run-drill.js';

type HubReorg = Extract<Scenario['faults'][number], { kind: 'hub-reorg' }>;

async function variant(change: (fault: HubReorg, scenario: Scenario) => void): Promise<Scenario> {
  const scenario = await loadScenario('hub-reorg');
  const fault = scenario.faults.find((f): f is HubReorg => f.kind === 'hub-reorg');
  if (!fault) throw new Error('the hub-reorg drill has no hub-reorg fault');
  change(fault, scenario);
  return scenario;
}

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

  it('a reorg that drops the dispatch: nothing from the orphaned block is delivered, not even by the fallback council', async () => {
    const scenario = await variant((fault, s) => {
      fault.reinclude = false;
      s.expect = { unchanged: 'all' };
    });
    const { report } = await runDrill({ scenario, verify: true });
    for (const chain of report.chains) expect(chain.implementationAfter).toBe(chain.implementationBefore);
    expect(report.alerts.filter((a) => a.kind === 'message-not-on-hub').map((a) => a.chain)).toHaveLength(4);
    expect(report.alerts.some((a) => a.kind === 'fallback-ratified')).toBe(false);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
  }, 600_000);
});
