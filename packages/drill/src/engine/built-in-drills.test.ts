/**
 * Every built-in drill passes, and passes the report checker: each figure of its report (switch
 * times, window, losses with their blocks and timestamps, deliveries, executions, block times) is
 * what the chains show. The same scenario and seed give the same report.json (apart from run id,
 * wall-clock stamps and RPC URLs).
 */
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario } from '../scenario/load-scenario.js';
import { comparable } from '../testing/comparable.js';
import { runDrill } from './run-drill.js';

const names = await listScenarios();

describe('built-in drills, checked against the chains', () => {
  it.each(names)(
    '%s passes, its report checks out, and a second run gives the same report',
    async (name) => {
      const scenario = await loadScenario(name);
      const { report } = await runDrill({ scenario, verify: true });
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
      const again = await runDrill({ scenario });
      expect(comparable(again.report)).toEqual(comparable(report));
      // Two full drills (the first may deploy cold; gas-spike and own-price-feed run minutes of chain time;
      // own-price-feed also runs its forge health test on each of 4 chains in both drills, and again for --verify).
    },
    600_000,
  );
});
