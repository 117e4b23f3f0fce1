/**
 * The `sequencer-outage` built-in drill with the keeper's forced inclusion off (it still alerts):
 * its execute waits in the sequencer's queue, the attacker's exploit forced through L1 lands first
 * and drains optimism's vault, and the keeper's execute is in the first block after the outage,
 * whose timestamp jumps over it. The window is the rest of the outage; the report still checks out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { SEQUENCER_WATCH } from '../../defenders/sequencer-watch.js';
import { runDrill } from '../../run-drill.js';

const shipped = SEQUENCER_WATCH.forceAfterSeconds;
beforeEach(() => {
  SEQUENCER_WATCH.forceAfterSeconds = null;
});
afterEach(() => {
  SEQUENCER_WATCH.forceAfterSeconds = shipped;
});

describe('sequencer-outage drill, without the keeper forcing through L1', () => {
  it('the forced exploit lands first, funds are lost, and the execute waits for the sequencer', async () => {
    const scenario = await loadScenario('sequencer-outage');
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    const [outage] = report.sequencerOutage ?? [];
    if (!outage) throw new Error('no sequencerOutage section');
    expect(report.alerts.find((a) => a.kind === 'sequencer-down')?.chain).toBe('optimism');
    expect(outage.keeperForcedAt).toBeNull();
    expect(outage.forced.map((f) => [f.by, f.succeeded])).toEqual([['attacker', true]]);
    // The keeper's execute, queued by the sequencer at the activation time, is in its first block back.
    expect(outage.queued.map((q) => [q.by, q.what, q.succeeded, q.block])).toEqual([
      ['keeper', 'execute', true, outage.resumed?.block],
    ]);
    expect(outage.resumed?.timestamp).toBe(report.originTimestamp + (outage.endedAt ?? Number.NaN));
    const activation = report.originTimestamp + (report.rounds[0]?.activationAt ?? Number.NaN);
    expect(report.vulnerabilityWindowSeconds).toBe((outage.resumed?.timestamp ?? 0) - activation);
    expect(report.chains.find((c) => c.name === 'optimism')?.fundsLost).toBe('10000000000000000000');
    expect(report.expectations.filter((e) => !e.passed).map((e) => e.description)).toEqual([
      expect.stringMatching(/vulnerability window/),
      expect.stringMatching(/attacker takes at most 0 wei/),
    ]);
  }, 600_000);
});
