import { readFile } from 'node:fs/promises';
import { mnemonicToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { defaultConfig, isLocalConfig, TEST_MNEMONIC } from './defaults.js';
import { effectiveFallbackDelay } from './schema.js';

type LocalJson = {
  hubChainId: number;
  timelockDelay: number;
  minDelay: number;
  gracePeriod: number;
  council: { members: string[]; termDays: number; cohorts: number; threshold: number; emergencyThreshold: number };
  guardians: { keys: string[]; quorum: number; setExpiryWindow: number };
  receiver: { adapters: string[]; requiredConfirmations: number; fallbackDelay: number };
  fallback: { members: string[]; threshold: number };
  chains: { chainId: number; deliveryMargin: number }[];
  chainGuardian: string;
  reporters: string[];
};

const sorted = (list: readonly string[]) => [...list].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
const at = (index: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index }).address;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('defaultConfig', () => {
  const config = defaultConfig();

  it('has four local chains shaped like Ethereum (hub), Arbitrum, Optimism and Polygon', () => {
    expect(config.networks.map((n) => [n.name, n.chainId, n.role, n.rpc])).toEqual([
      ['ethereum', 1, 'hub', { local: true, blockTime: 12 }],
      ['arbitrum', 42161, 'satellite', { local: true, blockTime: 0.25 }],
      ['optimism', 10, 'satellite', { local: true, blockTime: 2 }],
      ['polygon', 137, 'satellite', { local: true, blockTime: 2 }],
    ]);
    expect(isLocalConfig(config)).toBe(true);
  });

  it('derives every role from the test mnemonic: 1-9 council, 10-24 guardians, 25 chain guardian, 26 reporter', () => {
    expect(config.council.members).toEqual(sorted(range(1, 9).map(at)));
    expect(config.guardians.keys).toEqual(sorted(range(10, 24).map(at)));
    expect(config.fallback.members).toEqual(config.council.members);
    expect(config.chainGuardian).toBe(at(25));
    expect(config.reporters).toEqual([at(26)]);
    expect(config.keys.council?.map((k) => ('index' in k ? k.index : -1))).toEqual(range(1, 9));
    expect(config.keys.guardians?.map((k) => ('index' in k ? k.index : -1))).toEqual(range(10, 24));
  });

  it('matches script/config/local.json, which the deploy script reads', async () => {
    const json = JSON.parse(
      await readFile(new URL('../../../../script/config/local.json', import.meta.url), 'utf8'),
    ) as LocalJson;
    const hub = config.networks.find((n) => n.role === 'hub');
    expect(hub?.chainId).toBe(json.hubChainId);
    expect(config.timelock.delaySeconds).toBe(json.timelockDelay);
    const { fallbackDelay, ...receiver } = json.receiver;
    expect(config.receiver).toEqual({ minDelay: json.minDelay, gracePeriod: json.gracePeriod, ...receiver });
    // Left out of the default config: it follows the timelock's delay.
    expect(effectiveFallbackDelay(config)).toBe(fallbackDelay);
    expect(config.fallback.threshold).toBeGreaterThanOrEqual(config.council.threshold);
    expect(config.council).toEqual({ ...json.council, members: sorted(json.council.members) });
    expect(config.guardians).toEqual({ ...json.guardians, keys: sorted(json.guardians.keys) });
    expect(config.fallback).toEqual({ ...json.fallback, members: sorted(json.fallback.members) });
    expect(config.networks.map((n) => ({ chainId: n.chainId, deliveryMargin: n.deliveryMargin }))).toEqual(json.chains);
    expect(config.chainGuardian).toBe(json.chainGuardian);
    expect(config.reporters).toEqual(json.reporters);
  });

  it('returns a fresh copy each time', () => {
    const a = defaultConfig();
    a.networks.pop();
    expect(defaultConfig().networks).toHaveLength(4);
  });
});
