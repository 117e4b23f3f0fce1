/**
 * The built-in `gas-spike` drill: the keeper's capped fee policy against base fees that spike at
 * activation. Where the spike is within the cap, the refused offer is bumped and executes one block
 * late; where it is above the cap, the keeper never offers more than its cap and executes at the
 * first block whose base fee the cap covers. Every figure is checked against the chains.
 */
import { parseGwei } from 'viem';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runDrill } from './run-drill.js';

const CAP = parseGwei('200');

describe('gas spike at activation', () => {
  it('the keeper bumps within its cap, waits where the cap stops it, and the report checks out', async () => {
    const scenario = await loadScenario('gas-spike');
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    const fees = new Map(report.executionFees?.map((f) => [f.chain, f]));

    // Optimism (80 gwei, within the cap): refused once, bumped, executed the next block (2 s).
    const optimism = fees.get('optimism');
    expect(optimism?.attempts.map((a) => a.outcome)).toEqual(['refused', 'sent']);
    expect(BigInt(optimism?.attempts[1]?.offerWei ?? 0)).toBeGreaterThan(parseGwei('80'));
    expect(optimism?.delaySeconds).toBe(2);

    // Polygon (500 gwei for 120 s, above the cap): never sent above the cap; executed once the base fee fell under it.
    const polygon = fees.get('polygon');
    expect(polygon?.stoppedByCap).toBe(true);
    expect(polygon?.attempts.map((a) => a.outcome)).toEqual(['capped', 'sent']);
    const sent = polygon?.attempts[1];
    expect(BigInt(sent?.offerWei ?? 0)).toBeLessThanOrEqual(CAP);
    expect(BigInt(sent?.baseFeeWei ?? CAP + 1n)).toBeLessThanOrEqual(CAP);
    expect(polygon?.delaySeconds).toBeGreaterThanOrEqual(120);
    expect(report.vulnerabilityWindowSeconds).toBe(polygon?.delaySeconds);
    expect(report.alerts.map((a) => `${a.kind} ${a.chain}`)).toEqual(
      expect.arrayContaining(['execution-underpriced optimism', 'fee-cap-reached polygon']),
    );
  }, 900_000);
});
