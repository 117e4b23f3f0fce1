import { describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { minimumChainCount, withChainCount } from './with-chain-count.js';

describe('withChainCount', () => {
  it('keeps a scenario at its own size', async () => {
    const scenario = await loadScenario('happy-path');
    expect(withChainCount(scenario, 4)).toBe(scenario);
  });

  it('grows 4 → 8 with generated satellites', async () => {
    const scenario = withChainCount(await loadScenario('happy-path'), 8);
    expect(scenario.chains.slice(4)).toEqual([
      { name: 'chain_5', chainId: 100005, blockTime: 2, role: 'satellite', finalityDepth: 0 },
      { name: 'chain_6', chainId: 100006, blockTime: 0.25, role: 'satellite', finalityDepth: 0 },
      { name: 'chain_7', chainId: 100007, blockTime: 2, role: 'satellite', finalityDepth: 0 },
      { name: 'chain_8', chainId: 100008, blockTime: 1, role: 'satellite', finalityDepth: 0 },
    ]);
    expect(scenario.chains.slice(0, 4).map((c) => c.name)).toEqual(['ethereum', 'arbitrum', 'optimism', 'polygon']);
  });

  it('grows 8 → 32 on top of an already grown scenario', async () => {
    const eight = withChainCount(await loadScenario('happy-path'), 8);
    const scenario = withChainCount(eight, 32);
    expect(scenario.chains).toHaveLength(32);
    expect(scenario.chains.slice(0, 8)).toEqual(eight.chains);
    expect(scenario.chains.at(-1)).toEqual({
      name: 'chain_32',
      chainId: 100032,
      blockTime: 1,
      role: 'satellite',
      finalityDepth: 0,
    });
    expect(new Set(scenario.chains.map((c) => c.chainId)).size).toBe(32);
    expect(scenario.chains.filter((c) => c.role === 'hub')).toHaveLength(1);
  });

  it('shrinks to the hub and the first satellites', async () => {
    const scenario = withChainCount(await loadScenario('happy-path'), 2);
    expect(scenario.chains.map((c) => c.name)).toEqual(['ethereum', 'arbitrum']);
    expect(withChainCount(scenario, 1).chains.map((c) => c.name)).toEqual(['ethereum']);
  });

  it('refuses to drop a chain the scenario names', async () => {
    const scenario = await loadScenario('halted-chain');
    expect(minimumChainCount(scenario)).toBe(4);
    expect(() => withChainCount(scenario, 3)).toThrow(ScenarioError);
    expect(() => withChainCount(scenario, 3)).toThrow(
      'chains: scenario "halted-chain" needs polygon, which 3 chains would drop — run it on at least 4 chains',
    );
    const malicious = await loadScenario('malicious-proposal');
    expect(() => withChainCount(malicious, 2)).toThrow(/needs optimism, polygon/);
  });

  it('refuses a count outside 1 to 128', async () => {
    const scenario = await loadScenario('happy-path');
    expect(() => withChainCount(scenario, 0)).toThrow('choose a whole number of chains from 1 to 128');
    expect(() => withChainCount(scenario, 129)).toThrow(ScenarioError);
    expect(() => withChainCount(scenario, 2.5)).toThrow(ScenarioError);
  });
});
