/**
 * The `hub-reorg` fault on real anvils: within the hub's finality depth no guardian has signed what
 * the reorg orphans, and the re-included dispatch upgrades every chain. With the dispatch dropped,
 * the guardians never sign and the fallback council must refuse what the final hub does not hold:
 * the relay stops there (`message-not-on-hub`) and no chain runs an upgrade the canonical hub never
 * sent.
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

  it('with the dispatch dropped, the fallback council ratifies nothing, the relay stops, and no chain upgrades', async () => {
    const base = await loadScenario('hub-reorg');
    const scenario = {
      ...base,
      faults: base.faults.map((f) => (f.kind === 'hub-reorg' ? { ...f, reinclude: false } : f)),
      expect: { unchanged: 'all' as const, alerts: ['message-not-on-hub'] },
    };
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.faults.find((f) => f.kind === 'hub-reorg')?.hubReorg?.orphanedMessages).toHaveLength(4);
    expect(report.alerts.filter((a) => a.kind === 'fallback-ratified')).toEqual([]);
    expect(report.alerts.filter((a) => a.kind === 'message-not-on-hub').map((a) => a.chain)).toHaveLength(4);
    for (const chain of report.chains) {
      expect(chain.implementationAfter).toBe(chain.implementationBefore);
      expect(chain.deliveries).toBe(0);
      expect(chain.notUpgradedReason).toMatch(/hub reorg took its dispatch off the canonical hub/);
    }
    // The relay stopped on the refusal, long before its 4-day horizon.
    const delivered = report.timeline.find((e) => e.kind === 'phase' && e.label === 'delivered');
    expect(delivered?.at).toBeLessThan((report.rounds[0]?.dispatchedAt ?? 0) + 3600);
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
  }, 600_000);
});
