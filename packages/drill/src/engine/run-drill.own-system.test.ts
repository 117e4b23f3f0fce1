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
    timeout: 1_200_000,
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
      // The forge health test ran against every chain after the upgrade, and the checker re-ran it.
      const healthTests = [
        'PriceFeedHealthTest.test_OwnerStillPublishes()',
        'PriceFeedHealthTest.test_ProxyRunsTheRelease()',
        'PriceFeedHealthTest.test_PublishedPriceSurvived()',
        'PriceFeedHealthTest.test_RevertWhen_AStrangerSetsThePrice()',
      ];
      for (const h of health)
        expect([...(h.tests ?? [])].sort((x, y) => x.test.localeCompare(y.test))).toEqual(
          healthTests.map((test) => ({ test, passed: true, reason: '' })),
        );
      expect(
        report.verification?.checks.filter((c) => c.check === 'forge health tests').map((c) => [c.chain, c.passed]),
      ).toEqual([
        ['ethereum', true],
        ['arbitrum', true],
        ['optimism', true],
        ['polygon', true],
      ]);
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
    timeout: 1_200_000,
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

  it('a broken forge health test fails the health check on every upgraded chain, and the checker agrees', {
    timeout: 1_200_000,
  }, async () => {
    // The health test expects a price nobody published: test_PublishedPriceSurvived fails everywhere.
    const scenario = await ownPriceFeed({}, (system) => ({
      ...system,
      health: { calls: [{ signature: 'version()', args: [], returns: ['2'] }] },
      healthTests: {
        test: 'test/health/PriceFeedHealth.t.sol:PriceFeedHealthTest',
        env: { LOCKSTEP_EXPECTED_PRICE: '1' },
      },
    }));
    const { report } = await runDrill({ scenario, verify: true });
    const health = report.rounds.flatMap((round) => round.health);
    expect(health.map((h) => [h.chain, h.healthy, h.problems])).toEqual(
      ['ethereum', 'arbitrum', 'optimism', 'polygon'].map((chain) => [
        chain,
        false,
        ['forge PriceFeedHealthTest.test_PublishedPriceSurvived() failed: price(): 200000000000 != 1'],
      ]),
    );
    for (const h of health)
      expect(h.tests?.filter((t) => !t.passed).map((t) => t.test)).toEqual([
        'PriceFeedHealthTest.test_PublishedPriceSurvived()',
      ]);
    expect(report.alerts.filter((a) => a.kind === 'health-check-failed').map((a) => a.chain)).toEqual(
      expect.arrayContaining(['ethereum', 'arbitrum', 'optimism', 'polygon']),
    );
    // The checker re-runs the test on each chain: it still fails there, as the report says.
    expect(report.verification?.checks.filter((c) => c.check === 'forge health tests').every((c) => c.passed)).toBe(
      true,
    );
  });

  it('a health test selector naming no test is refused before any chain starts, with the fix', async () => {
    const scenario = await ownPriceFeed({}, (system) => ({
      ...system,
      healthTests: { test: 'test/health/PriceFeedHealth.t.sol:PriceFeedHealth', env: {} },
    }));
    const phases: string[] = [];
    await expect(runDrill({ scenario, onProgress: (event) => phases.push(JSON.stringify(event)) })).rejects.toThrow(
      /system\.healthTests\.test: no artifact test\/health\/PriceFeedHealth\.t\.sol:PriceFeedHealth in .*out — did you mean "test\/health\/PriceFeedHealth\.t\.sol:PriceFeedHealthTest"/,
    );
    expect(phases).toEqual([]);
  });

  it('a transparent proxy: its ProxyAdmin goes to the receiver and every chain runs the release', {
    timeout: 1_200_000,
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
