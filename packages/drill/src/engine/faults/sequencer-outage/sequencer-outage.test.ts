/**
 * The `sequencer-outage` built-in drill with the keeper's watch as shipped: optimism's sequencer
 * goes down at delivery for 24 h, forced inclusion takes 12 h. The keeper alerts `sequencer-down`
 * from the stale head and forces its execute through L1 ten minutes in; it lands before the
 * attacker's exploit, forced in once the fix went public elsewhere, which then reverts. The checker
 * re-reads the outage from the chains and refuses a report that misstates it.
 */
import { describe, expect, it } from 'vitest';
import { checkSequencerOutages } from '../../../checker/check-sequencer-outage.js';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

describe('sequencer-outage drill, defended', () => {
  it('the keeper detects the outage and forces its execute through L1 ahead of the forced exploit; the checker holds the report to the chains', async () => {
    const scenario = await loadScenario('sequencer-outage');
    const run = await runDrill({ scenario, keep: true, verify: true });
    try {
      const { report } = run;
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
      const [outage] = report.sequencerOutage ?? [];
      if (!outage) throw new Error('no sequencerOutage section');
      const activation = report.originTimestamp + (report.rounds[0]?.activationAt ?? Number.NaN);
      // Detected at the keeper's first poll past the tolerance, forced once 600 s stale.
      expect(report.alerts.find((a) => a.kind === 'sequencer-down')?.chain).toBe('optimism');
      expect(outage.detection?.staleSeconds).toBeGreaterThan(outage.detection?.toleranceSeconds ?? 0);
      expect(outage.keeperForcedAt).not.toBeNull();
      // The keeper's execute lands its delay after it was sent, before the attacker's exploit, which reverts.
      expect(outage.forced.map((f) => [f.by, f.succeeded])).toEqual([
        ['keeper', true],
        ['attacker', false],
      ]);
      const [keeper, attacker] = outage.forced as [(typeof outage.forced)[0], (typeof outage.forced)[0]];
      expect(keeper.includedAt - keeper.sentAt).toBe(43_200);
      expect(attacker.sentAt).toBeGreaterThanOrEqual(activation - report.originTimestamp);
      const optimism = report.chains.find((c) => c.name === 'optimism');
      expect(optimism?.executedAtTimestamp).toBe(keeper.timestamp);
      expect(report.vulnerabilityWindowSeconds).toBe(keeper.timestamp - activation);
      expect(report.chains.map((c) => c.fundsLost)).toEqual(['0', '0', '0', '0']);
      // The sequencer came back within the drill: its first block jumps over the outage, nothing was queued.
      expect(outage.resumed?.jumpSeconds).toBeGreaterThan(30_000);
      expect(outage.queued).toEqual([]);

      // A report that moves the keeper's forced execute to another block is refused.
      const moved = {
        ...report,
        sequencerOutage: [{ ...outage, forced: [{ ...keeper, block: keeper.block + 1 }, attacker] }],
      };
      const refused = (await checkSequencerOutages(moved)).filter((c) => !c.passed).map((c) => c.check);
      expect(refused).toContain('forced keeper execute');
      // One that calls the reverted exploit a success (a theft the chain never saw) is refused.
      const stolen = {
        ...report,
        sequencerOutage: [{ ...outage, forced: [keeper, { ...attacker, succeeded: true }] }],
      };
      expect((await checkSequencerOutages(stolen)).find((c) => c.check === 'forced attacker exploit')?.passed).toBe(
        false,
      );
      // One that hides a forced block (the sequencer "included nothing") is refused.
      const hidden = { ...report, sequencerOutage: [{ ...outage, forcedBlocks: outage.forcedBlocks.slice(1) }] };
      expect((await checkSequencerOutages(hidden)).find((c) => c.check === 'sequencer outage blocks')?.passed).toBe(
        false,
      );
    } finally {
      await run.stop();
    }
  }, 600_000);

  it('an outage from the activation time leaves the keeper no lead: the exploit forced first drains the vault', async () => {
    const shipped = await loadScenario('sequencer-outage');
    const [fault] = shipped.faults;
    if (fault?.kind !== 'sequencer-outage') throw new Error('the built-in drill has no sequencer-outage fault');
    const scenario = { ...shipped, faults: [{ ...fault, trigger: { after: 'activation' as const, delaySeconds: 0 } }] };
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    const [outage] = report.sequencerOutage ?? [];
    // The attacker sends seconds after the others switch; the keeper 600 s into the outage.
    expect(outage?.forced.map((f) => [f.by, f.succeeded])).toEqual([
      ['attacker', true],
      ['keeper', true],
    ]);
    expect(report.chains.find((c) => c.name === 'optimism')?.fundsLost).toBe('10000000000000000000');
    expect(report.vulnerabilityWindowSeconds).toBe(600 + 43_200);
  }, 600_000);
});
