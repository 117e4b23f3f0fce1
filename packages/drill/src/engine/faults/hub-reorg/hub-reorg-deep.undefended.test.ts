/**
 * The `hub-reorg-deep` built-in drill without the hub-finality watcher: the receivers that queued
 * the orphaned message run it at its activation time (they cannot tell its attestation from a
 * canonical one), the others never get it (the canonical hub never sent it). The fix shows on some
 * chains only and the attacker drains the rest: the attack priced. The report checker catches an
 * upgrade the canonical hub never dispatched.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

vi.mock('../../defenders/hub-finality-watch.js', () => ({ watchHubFinality: async () => [] }));

describe('hub-reorg-deep, without the hub-finality watcher', () => {
  it('the chains that queued the orphaned message switch alone, and the attacker drains the others', async () => {
    const { report } = await runDrill({ scenario: await loadScenario('hub-reorg-deep'), verify: true });
    const switched = report.chains.filter((c) => c.implementationAfter !== c.implementationBefore);
    expect(switched.map((c) => c.name).sort()).toEqual(['arbitrum', 'optimism']);
    const lost = report.chains.filter((c) => BigInt(c.fundsLost) > 0n).map((c) => c.name);
    expect(lost.length).toBeGreaterThan(0);
    for (const name of lost) expect(['ethereum', 'polygon']).toContain(name);
    expect(report.expectations.filter((e) => !e.passed).map((e) => e.description)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/keeps its implementation/),
        expect.stringMatching(/attacker takes at most 0 wei/),
      ]),
    );
    const foreign = report.verification?.checks.filter(
      (c) => c.check === 'hub reorg: no message the canonical hub never dispatched runs' && !c.passed,
    );
    expect(foreign?.map((c) => c.chain).sort()).toEqual(['arbitrum', 'optimism']);
  }, 600_000);
});
