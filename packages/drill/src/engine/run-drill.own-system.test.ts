/**
 * Issue 18 part 1 end to end: a scenario names the team's own Foundry artifacts (the worked
 * example price feed); the drill deploys it behind a UUPS proxy on every local chain, hands it to
 * the receiver, carries PriceFeedV2 through council, timelock, guardians and relayer (with a
 * delayed message), runs the team's health calls and verifies the report against the chains. A
 * wrong expectation in a health call fails the drill's health check.
 */
import { priceFeedV2Abi } from '@lockstep/client';
import { createPublicClient, http } from 'viem';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import type { Scenario } from '../types.js';
import { runDrill } from './run-drill.js';

type OwnSystem = NonNullable<Scenario['system']>;

/** The worked example without its faults, with `expect` and the system changed as a test needs. */
async function ownPriceFeed(
  expectations: Scenario['expect'],
  system: (base: OwnSystem) => OwnSystem,
): Promise<Scenario> {
  const base = await loadScenario('own-price-feed');
  if (!base.system) throw new Error('own-price-feed has no system');
  return parseScenario({ ...base, faults: [], expect: expectations, system: system(base.system) });
}

describe('runDrill: the team’s own contracts on local chains', () => {
  it('own-price-feed: every chain runs PriceFeedV2, its health calls pass and the report verifies', {
    timeout: 600_000,
  }, async () => {
    const scenario = await loadScenario('own-price-feed');
    const { report, stop } = await runDrill({ scenario, keep: true, verify: true });
    try {
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
      const health = report.rounds.flatMap((round) => round.health);
      expect(health.map((h) => [h.chain, h.healthy, h.problems])).toEqual([
        ['ethereum', true, []],
        ['arbitrum', true, []],
        ['optimism', true, []],
        ['polygon', true, []],
      ]);
      // No exploit is named: no funds figure, only the window.
      expect(report.chains.map((c) => c.fundsAtRisk)).toEqual(['0', '0', '0', '0']);
      const arbitrum = report.chains.find((c) => c.name === 'arbitrum');
      const client = createPublicClient({ transport: http(arbitrum?.rpcUrl) });
      const abi = priceFeedV2Abi;
      const proxy = arbitrum?.proxy as `0x${string}`;
      expect(await client.readContract({ address: proxy, abi, functionName: 'version' })).toBe(2n);
      expect(await client.readContract({ address: proxy, abi, functionName: 'price' })).toBe(200_000_000_000n);
    } finally {
      await stop();
    }
  });

  it('a health call whose expectation is wrong fails the health check on every upgraded chain', {
    timeout: 600_000,
  }, async () => {
    const scenario = await ownPriceFeed({}, (system) => ({
      ...system,
      health: { calls: [{ signature: 'version()', args: [], returns: ['3'] }] },
    }));
    const { report } = await runDrill({ scenario });
    const health = report.rounds.flatMap((round) => round.health);
    expect(health.map((h) => [h.chain, h.healthy, h.problems])).toEqual(
      ['ethereum', 'arbitrum', 'optimism', 'polygon'].map((chain) => [
        chain,
        false,
        ['version() returned [2], expected [3]'],
      ]),
    );
    expect(report.alerts.map((a) => a.kind)).toContain('health-check-failed');
  });

  it('a transparent proxy: its ProxyAdmin goes to the receiver and every chain runs the release', {
    timeout: 600_000,
  }, async () => {
    const scenario = await ownPriceFeed({ upgraded: 'all', exactlyOnce: true }, (system) => ({
      ...system,
      proxy: { ...system.proxy, kind: 'transparent' },
    }));
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.rounds.flatMap((round) => round.health).every((h) => h.healthy)).toBe(true);
  });
});
