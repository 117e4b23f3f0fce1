/**
 * The `hub-reorg-deep` built-in drill: a reorg deeper than the hub's finality depth drops a
 * dispatch the guardians signed and two receivers queued. The hub-finality watcher has the chain
 * guardian cancel it there before its activation: no chain switches alone, nothing is lost, and
 * the report checks out against the chains.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

describe('hub-reorg-deep', () => {
  it('the watcher cancels the orphaned message on every receiver that queued it before its activation', async () => {
    const { report } = await runDrill({ scenario: await loadScenario('hub-reorg-deep'), verify: true });
    const evidence = report.faults.find((f) => f.kind === 'hub-reorg')?.hubReorg;
    expect(evidence).toMatchObject({ depth: 7, finalityDepth: 2, reinclude: false });
    expect(evidence?.orphanedMessages).toHaveLength(4);
    expect(evidence?.attestedBeforeReorg).toBeGreaterThan(0);
    const cancelled = report.chains.filter((c) =>
      /chain guardian cancelled .*message-not-on-hub/.test(c.notUpgradedReason ?? ''),
    );
    expect(cancelled.map((c) => c.name).sort()).toEqual(['arbitrum', 'optimism']);
    for (const chain of report.chains) {
      expect(chain.executions).toBe(0);
      expect(chain.fundsLost).toBe('0');
    }
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
  }, 600_000);
});
