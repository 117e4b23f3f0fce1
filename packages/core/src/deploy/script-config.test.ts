import { readFileSync } from 'node:fs';
import { repoRoot } from '@lockstep/toolchain';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { toScriptConfig } from './script-config.js';

describe('toScriptConfig', () => {
  it('maps the default config to exactly script/config/local.json (the two cannot drift)', () => {
    const { description: _, ...local } = JSON.parse(readFileSync(`${repoRoot}script/config/local.json`, 'utf8'));
    expect(toScriptConfig(defaultConfig())).toEqual({ ...local, lockBootstrap: true });
  });

  it('makes the hub network the hub chain and lists every network in config order', () => {
    const config = defaultConfig();
    config.networks = config.networks.map((n) => ({ ...n, role: n.name === 'optimism' ? 'hub' : 'satellite' }));
    const script = toScriptConfig(config);
    expect(script.hubChainId).toBe(10);
    expect(script.chains.map((c) => c.chainId)).toEqual([1, 42161, 10, 137]);
  });

  it('deploys the example vault only on local configs unless told', () => {
    const config = defaultConfig();
    expect(toScriptConfig(config).exampleVault).toBe(true);
    expect(toScriptConfig(config, { exampleVault: false }).exampleVault).toBe(false);
    config.networks = config.networks.map((n) => ({ ...n, rpc: 'https://rpc.example' }));
    expect(toScriptConfig(config).exampleVault).toBe(false);
  });

  it('passes the example vault implementation through only when given (the script defaults to VaultV1)', () => {
    const config = defaultConfig();
    expect(toScriptConfig(config)).not.toHaveProperty('exampleVaultImplementation');
    expect(toScriptConfig(config, { exampleVault: true }).exampleVaultImplementation).toBeUndefined();
    expect(toScriptConfig(config, { exampleVaultImplementation: 'VaultV2' }).exampleVaultImplementation).toBe(
      'VaultV2',
    );
    expect(toScriptConfig(config, { exampleVaultImplementation: 'VaultV1' }).exampleVaultImplementation).toBe(
      'VaultV1',
    );
    expect(toScriptConfig(config, { exampleVaultImplementation: 'VaultV2' })).toEqual({
      ...toScriptConfig(config),
      exampleVaultImplementation: 'VaultV2',
    });
  });

  it('locks the bootstrap unless told to leave it open (a drill adopting a forked proxy registers it first)', () => {
    const config = defaultConfig();
    expect(toScriptConfig(config).lockBootstrap).toBe(true);
    expect(toScriptConfig(config, { lockBootstrap: true }).lockBootstrap).toBe(true);
    expect(toScriptConfig(config, { lockBootstrap: false })).toEqual({
      ...toScriptConfig(config),
      lockBootstrap: false,
    });
  });

  it('passes the receiver adapters, confirmations and fallback delay (default: the timelock delay) through', () => {
    const config = defaultConfig();
    expect(toScriptConfig(config).receiver).toEqual({
      adapters: ['guardian', 'fallback'],
      requiredConfirmations: 1,
      fallbackDelay: 172_800,
    });
    config.timelock.delaySeconds = 86_400;
    expect(toScriptConfig(config).receiver.fallbackDelay).toBe(86_400);
    config.timelock.delaySeconds = 60; // below minDelay: the receivers would refuse less than 3600
    expect(toScriptConfig(config).receiver.fallbackDelay).toBe(3600);
    config.receiver = { ...config.receiver, adapters: ['guardian'], fallbackDelay: 200_000 };
    expect(toScriptConfig(config).receiver).toEqual({
      adapters: ['guardian'],
      requiredConfirmations: 1,
      fallbackDelay: 200_000,
    });
  });

  it('passes council.cohorts only when given (the script picks ceil(n / (n - threshold)))', () => {
    const config = defaultConfig();
    expect(toScriptConfig(config).council.cohorts).toBe(3);
    delete config.council.cohorts;
    expect(toScriptConfig(config).council).not.toHaveProperty('cohorts');
  });

  it('never carries key sources', () => {
    expect(JSON.stringify(toScriptConfig(defaultConfig()))).not.toMatch(/mnemonic|keystore|LOCKSTEP_MNEMONIC/);
  });
});
