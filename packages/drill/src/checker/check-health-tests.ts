/**
 * The report checker's part for `system.healthTests`: on every chain whose last health check ran
 * the scenario's forge tests, the same tests run again against the chain as it is now (the proxy
 * and the implementation the report states), and each test must pass or fail as the report says.
 * A report that calls a chain healthy while one of its tests fails, or invents a failure, fails.
 */
import { resolve } from 'node:path';
import { runHealthTests } from '../engine/own-system/health-tests.js';
import type { DrillReport, HealthReport, VerificationCheck } from '../types.js';

/** One check per chain the health tests ran on (none without `healthTests`). */
export async function checkHealthTests(report: DrillReport): Promise<VerificationCheck[]> {
  const selector = report.healthTests;
  if (!selector) return [];
  const [source = '', contract = ''] = selector.test.split(':');
  const tests = { root: resolve(selector.project), id: selector.test, source, contract, tests: [], env: selector.env };
  const checks: VerificationCheck[] = [];
  for (const chain of report.chains) {
    const last = lastHealth(report, chain.name);
    if (!last?.tests) continue;
    const run = await runHealthTests(tests, {
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      proxy: chain.proxy,
      release: chain.implementationAfter,
    });
    const now = new Map(run.results.map((r) => [r.test, r.passed]));
    const differ = last.tests.filter((t) => now.get(t.test) !== t.passed).map((t) => t.test);
    const extra = run.results.filter((r) => !last.tests?.some((t) => t.test === r.test)).map((r) => r.test);
    const passedNow = run.results.filter((r) => r.passed).length;
    const passedReport = last.tests.filter((t) => t.passed).length;
    checks.push({
      chain: chain.name,
      check: 'forge health tests',
      passed: !run.error && differ.length === 0 && extra.length === 0,
      detail: run.error
        ? `forge could not re-run them: ${run.error}`
        : `report ${passedReport}/${last.tests.length} passed, forge now ${passedNow}/${run.results.length}${
            differ.length + extra.length ? `; differs: ${[...differ, ...extra].join(', ')}` : ''
          }`,
    });
  }
  return checks;
}

function lastHealth(report: DrillReport, chain: string): HealthReport | undefined {
  return report.rounds.flatMap((round) => round.health).findLast((h) => h.chain === chain);
}
