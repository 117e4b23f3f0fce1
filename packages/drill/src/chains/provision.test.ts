import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRpcCalls } from '../bench/rpc-count.js';
import { loadScenario, withChainCount } from '../scenario/index.js';
import { drillConfig } from '../setup/drill-config.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import { cachedStartStates, provisionChains } from './provision.js';
import { type DrillChain, fundActors, type StartChainsReturnType, startChains } from './start-chains.js';

describe('provisionChains', () => {
  let started: StartChainsReturnType | undefined;
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'lockstep-provision-'));
  });
  afterAll(async () => {
    await started?.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('deploys the hub and one satellite, and copies that satellite into the others, each on its own chain id', async () => {
    const scenario = withChainCount(await loadScenario('happy-path'), 4);
    started = await startChains(scenario.chains);
    const { chains } = started;
    const funded: string[] = [];
    const fund = async (chain: DrillChain) => {
      funded.push(chain.name);
      await fundActors(chain);
    };
    const { addresses, sources } = await provisionChains({ config: drillConfig(scenario), chains, cacheDir, fund });
    const [hub, template, ...copies] = chains;
    if (!hub || !template) throw new Error('expected a hub and satellites');
    expect(sources).toEqual({
      [hub.name]: 'deployed',
      [template.name]: 'deployed',
      ...Object.fromEntries(copies.map((chain) => [chain.name, 'copied'])),
    });
    const receiver = addresses.receiver;
    const templateCode = await template.client.getCode({ address: receiver });
    expect(templateCode?.length).toBeGreaterThan(2);
    // Funded where deployed, before the state was taken: the copies carry the balances with no call of their own.
    expect(funded.sort()).toEqual([hub.name, template.name].sort());
    const relayer = testAccount(KEY_INDEX.relayer).address;
    for (const chain of copies) {
      expect(await chain.client.getCode({ address: receiver })).toBe(templateCode);
      expect(await chain.client.getChainId()).toBe(chain.chainId);
      expect(await chain.client.getBalance({ address: relayer })).toBe(parseEther('1000'));
    }
    // The hub stack is on the hub only.
    expect(addresses.hub).toBeDefined();
    expect((await template.client.getCode({ address: addresses.hub ?? '0x' }))?.length ?? 0).toBeLessThanOrEqual(2);
  }, 600_000);

  it("starts a warm drill's chains from the cached states: the same contracts and balances, nothing loaded over RPC", async () => {
    const scenario = withChainCount(await loadScenario('happy-path'), 4);
    const config = drillConfig(scenario);
    // The first test filled the cache: every chain has a state to start from.
    const preloaded = await cachedStartStates({ config, chains: scenario.chains, cacheDir });
    expect([...preloaded.keys()].sort()).toEqual(scenario.chains.map((chain) => chain.name).sort());
    await started?.stop();
    started = await startChains(scenario.chains, {
      stateFiles: new Map([...preloaded].map(([name, state]) => [name, state.stateFile])),
    });
    const counter = countRpcCalls('provision');
    let result: Awaited<ReturnType<typeof provisionChains>>;
    try {
      result = await provisionChains({ config, chains: started.chains, cacheDir, fund: fundActors, preloaded });
    } finally {
      counter.restore();
    }
    expect(Object.values(result.sources)).toEqual(Array(4).fill('cache'));
    expect(counter.total('anvil_loadState')).toBe(0);
    expect(counter.total('anvil_setBalance')).toBe(0);
    const relayer = testAccount(KEY_INDEX.relayer).address;
    const [hub, ...satellites] = started.chains;
    if (!hub) throw new Error('expected a hub');
    expect((await hub.client.getCode({ address: result.addresses.hub ?? '0x' }))?.length).toBeGreaterThan(2);
    for (const chain of satellites) {
      expect((await chain.client.getCode({ address: result.addresses.receiver }))?.length).toBeGreaterThan(2);
      expect(await chain.client.getBalance({ address: relayer })).toBe(parseEther('1000'));
      expect(await chain.client.getChainId()).toBe(chain.chainId);
    }
  }, 600_000);

  it('leaves out a cached state whose file is torn: that chain deploys afresh', async () => {
    const scenario = withChainCount(await loadScenario('happy-path'), 4);
    const config = drillConfig(scenario);
    const before = await cachedStartStates({ config, chains: scenario.chains, cacheDir });
    const hubState = before.get(scenario.chains[0]?.name ?? '');
    if (!hubState) throw new Error('expected the hub cached');
    await writeFile(hubState.stateFile, '{"accounts": {');
    const after = await cachedStartStates({ config, chains: scenario.chains, cacheDir });
    expect(after.has(scenario.chains[0]?.name ?? '')).toBe(false);
    expect(after.size).toBe(before.size - 1);
  });
});
