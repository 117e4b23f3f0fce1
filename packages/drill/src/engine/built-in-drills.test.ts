/**
 * Every built-in drill passes, and passes the report checker: each figure of its report (switch
 * times, window, losses with their blocks and timestamps, deliveries, executions, block times) is
 * what the chains show.
 */
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario } from '../scenario/load-scenario.js';
import { runDrill } from './run-drill.js';

const names = await listScenarios();

describe('built-in drills, checked against the chains', () => {
  it.each(names)('%s passes, and its report checks out', async (name) => {
    const { report } = await runDrill({ scenario: await loadScenario(name), verify: true });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
  });
});
