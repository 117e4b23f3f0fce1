/**
 * The built-in `clock-skew` drill: optimism's clock lags the hub's by 90 s, polygon's leads by
 * 60 s. Before the first switch the keeper compares every chain's head with the hub's and raises
 * `clock-skew` for both, with the seconds; polygon's receiver accepts the execution early and
 * optimism's late, so the window (on the hub's clock) grows by both and the attacker prices it.
 * Every figure is checked against the chains.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runDrill } from './run-drill.js';

describe('clock skew before activation', () => {
  it('the keeper names each skewed chain and its seconds, and the report prices the grown window', async () => {
    const scenario = await loadScenario('clock-skew');
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    const alerts = report.alerts.filter((a) => a.kind === 'clock-skew');
    expect(alerts.map((a) => a.chain)).toEqual(['optimism', 'polygon']);
    expect(alerts[0]?.message).toMatch(/optimism's clock lags the hub's by \d+ s/);
    expect(alerts[1]?.message).toMatch(/polygon's clock leads the hub's by \d+ s/);
    // No alert for the chains whose clocks agree with the hub's.
    const skew = new Map(report.clockSkew?.map((entry) => [entry.chain, entry]));
    expect([...skew.keys()]).toEqual(['optimism', 'polygon']);
    const optimism = skew.get('optimism');
    const polygon = skew.get('polygon');
    expect(Math.abs((optimism?.measuredSeconds ?? 0) + 90)).toBeLessThanOrEqual(optimism?.toleranceSeconds ?? 0);
    expect(Math.abs((polygon?.measuredSeconds ?? 0) - 60)).toBeLessThanOrEqual(polygon?.toleranceSeconds ?? 0);
    // On the hub's clock: optimism switches about 90 s late, polygon 60 s early.
    expect(optimism?.switchOffsetSeconds).toBeGreaterThanOrEqual(90);
    expect(polygon?.switchOffsetSeconds).toBeLessThanOrEqual(-60);
    expect(report.vulnerabilityWindowSeconds).toBeGreaterThanOrEqual(150);
    // The window is priced: the attacker drained what the early switch exposed.
    expect(BigInt(report.rpo ?? '0')).toBeGreaterThan(0n);
  }, 900_000);
});
