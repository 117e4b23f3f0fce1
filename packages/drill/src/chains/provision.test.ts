import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, withChainCount } from '../scenario/index.js';
import { drillConfig } from '../setup/drill-config.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import { provisionChains } from './provision.js';
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
});
