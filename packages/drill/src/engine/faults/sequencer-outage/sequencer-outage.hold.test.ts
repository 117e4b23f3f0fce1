/**
 * The `sequencer-outage-hold` built-in drill: the outage of `sequencer-outage` under the `hold`
 * policy. No chain switches at the activation time; the keeper's execute forced through L1 lands
 * 12 h after it was sent, optimism switches in that forced block, and every other chain follows in
 * its next block. And the policy's limits: it cannot hold back switches made before anyone could
 * know (an outage from the activation time), and a hold longer than the message's grace period lets
 * the message expire on every chain.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

describe('sequencer-outage drill under the hold policy', () => {
  it('no chain switches before the down chain can; all switch within one hub block of its forced execute', async () => {
    const scenario = await loadScenario('sequencer-outage-hold');
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    const [outage] = report.sequencerOutage ?? [];
    if (!outage) throw new Error('no sequencerOutage section');
    const activation = report.originTimestamp + (report.rounds[0]?.activationAt ?? Number.NaN);
    expect(report.alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(['sequencer-down', 'upgrade-held']));
    // Only the keeper forced: the attacker never saw the fix before optimism had it.
    expect(outage.forced.map((f) => [f.by, f.what, f.succeeded])).toEqual([['keeper', 'execute', true]]);
    const [keeper] = outage.forced as [(typeof outage.forced)[0]];
    expect(keeper.includedAt - keeper.sentAt).toBe(43_200);
    expect(keeper.timestamp).toBeGreaterThan(activation + 36_000);
    const switches = report.chains.map((c) => c.executedAtTimestamp ?? Number.NaN);
    expect(report.chains.find((c) => c.name === 'optimism')?.executedAtTimestamp).toBe(keeper.timestamp);
    // Nobody before the forced block; everybody within one hub block (12 s) after it.
    for (const at of switches) expect(at - keeper.timestamp).toBeGreaterThanOrEqual(0);
    for (const at of switches) expect(at - keeper.timestamp).toBeLessThanOrEqual(12);
    expect(report.vulnerabilityWindowSeconds).toBeLessThanOrEqual(12);
    expect(report.chains.map((c) => c.fundsLost)).toEqual(['0', '0', '0', '0']);
    // The 10.7 h wait is crossed from event to event (the forced inclusion, the outage's end), not
    // polled: the hub mined about a hundred blocks by its switch, not one per attacker poll stretch (~1,600).
    expect(report.chains.find((c) => c.name === 'ethereum')?.executedAtBlock).toBeLessThan(300);
  }, 600_000);

  it('cannot hold back the switches made at the activation time when the sequencer stops at that moment', async () => {
    const shipped = await loadScenario('sequencer-outage-hold');
    const [fault] = shipped.faults;
    if (fault?.kind !== 'sequencer-outage') throw new Error('the built-in drill has no sequencer-outage fault');
    const scenario = { ...shipped, faults: [{ ...fault, trigger: { after: 'activation' as const, delaySeconds: 0 } }] };
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    // Nothing was stale when the others switched: no hold, and the exploit forced first drains optimism.
    expect(report.alerts.map((a) => a.kind)).not.toContain('upgrade-held');
    expect(report.chains.find((c) => c.name === 'optimism')?.fundsLost).toBe('10000000000000000000');
  }, 600_000);

  it('lets the message expire on every chain when the hold outlasts its grace period', async () => {
    const shipped = await loadScenario('sequencer-outage-hold');
    // A 2 h timelock and a 4 h grace period: the forced execute lands ~10.7 h after the activation time.
    const scenario = {
      ...shipped,
      timelockDelaySeconds: 7_200,
      deployment: { ...shipped.deployment, messageExpirySeconds: 14_400 },
    };
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.alerts.map((a) => a.kind)).toContain('upgrade-held');
    expect(report.chains.map((c) => c.executedAtTimestamp ?? null)).toEqual([null, null, null, null]);
    expect(report.chains.map((c) => c.fundsLost)).toEqual(['0', '0', '0', '0']);
    // The keeper forced its execute, but the forced block came after the expiry: its executor sent nothing.
    const [outage] = report.sequencerOutage ?? [];
    expect(outage?.keeperForcedAt).not.toBeNull();
    expect(outage?.forced).toEqual([]);
    for (const chain of report.chains)
      expect(chain.notUpgradedReason).toMatch(
        /^held on its old code by the hold policy .* until its message expired at \+07:31:00: re-propose/,
      );
  }, 600_000);
});
