/**
 * The `rpc-fault` built-in drill with the defenders as they are: the relayer and the keeper retry
 * transient RPC failures, so every chain switches at the one activation time and nothing is lost;
 * the checker re-reads each faulted chain's switch and refuses a report that misstates it.
 */
import { describe, expect, it } from 'vitest';
import { checkRpcFaults } from '../../../checker/check-rpc-fault.js';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

describe('rpc-fault drill, defended', () => {
  it('every chain switches at the activation time with flaky endpoints, and the checker holds the report to the chains', async () => {
    const scenario = await loadScenario('rpc-fault');
    const run = await runDrill({ scenario, keep: true, verify: true });
    try {
      const { report } = run;
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      const activation = report.originTimestamp + (report.rounds[0]?.activationAt ?? Number.NaN);
      for (const chain of report.chains) expect(chain.executedAtTimestamp).toBe(activation);
      expect(report.chains.map((c) => c.fundsLost)).toEqual(['0', '0', '0', '0']);
      expect(report.faults.map((f) => [f.kind, f.target])).toEqual([
        ['rpc-fault', 'optimism'],
        ['rpc-fault', 'polygon'],
        ['rpc-fault', 'ethereum'],
      ]);
      // The guardians started on the hub's proxy, so the hub fault reaches them.
      expect(report.faults[2]?.detail).toMatch(/150 ms late for guardians, relayer,/);
      const checks = await checkRpcFaults(report);
      expect(checks.map((c) => [c.chain, c.passed])).toEqual([
        ['ethereum', true],
        ['optimism', true],
        ['polygon', true],
      ]);
      // A report that says optimism switched late, with no reason, is refused.
      const doctored = {
        ...report,
        chains: report.chains.map((c) =>
          c.name === 'optimism' ? { ...c, executedAtTimestamp: (c.executedAtTimestamp ?? 0) + 2 } : c,
        ),
      };
      const refused = (await checkRpcFaults(doctored)).find((c) => c.chain === 'optimism');
      expect(refused?.passed).toBe(false);
      expect(refused?.detail).toMatch(/chain switched at activation, report late/);
    } finally {
      await run.stop();
    }
  }, 600_000);
});
