import { rm } from 'node:fs/promises';
import { deploymentRegistryAbi, upgradeReceiverAbi, vaultV2Abi } from '@lockstep/client';
import { repoRoot, startAnvils, stopAnvils } from '@lockstep/toolchain';
import { type Address, createPublicClient, getAddress, http } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import type { LockstepConfig } from '../config/schema.js';
import { DeployError } from '../errors/deploy.js';
import { ChainIdMismatchError, RpcError } from '../errors/rpc.js';
import { deployAll } from './deploy-all.js';
import { type DeployerKey, type DeployProgress, deployLockstep } from './deploy-lockstep.js';
import { deploymentPath } from './deployment.js';
import { readDeployment } from './read-deployment.js';
import { resolveDeployerKey } from './resolve-deployer-key.js';

// forge compiles the script on its first run in a clean tree: minutes on a loaded 2-core machine.
const FORGE_TIMEOUT = 300_000;

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

let anvils: Anvil[] = [];
let config: LockstepConfig;
let account: DeployerKey;

function anvil(name: string): Anvil {
  const found = anvils.find((a) => a.name === name);
  if (!found) throw new Error(`no anvil ${name}`);
  return found;
}

function rpcUrls(): { ethereum: string; arbitrum: string } {
  return { ethereum: anvil('ethereum').rpcUrl, arbitrum: anvil('arbitrum').rpcUrl };
}

async function nonceOf(rpcUrl: string, address: Address): Promise<number> {
  return createPublicClient({ transport: http(rpcUrl) }).getTransactionCount({ address });
}

async function codeAt(rpcUrl: string, address: Address | undefined): Promise<string | undefined> {
  if (!address) return undefined;
  return createPublicClient({ transport: http(rpcUrl) }).getCode({ address });
}

beforeAll(async () => {
  anvils = await startAnvils([
    { name: 'ethereum', chainId: 1 },
    { name: 'arbitrum', chainId: 42161 },
    { name: 'optimism', chainId: 10 },
  ]);
  config = defaultConfig();
  config.networks = config.networks.filter((n) => n.name === 'ethereum' || n.name === 'arbitrum');
  const source = config.keys.deployer;
  if (!source) throw new Error('the default config has a deployer key source');
  account = await resolveDeployerKey(source, {}, { allowTestMnemonic: true });
});

afterAll(async () => {
  await stopAnvils(anvils);
});

describe('deployAll', () => {
  it(
    'deploys on every network, hub first, at the same addresses, and writes deployments/<network>.json',
    async () => {
      const progress: DeployProgress[] = [];
      const results = await deployAll({ config, account, rpcUrls: rpcUrls(), onProgress: (p) => progress.push(p) });
      expect(results.map((r) => [r.network, r.chainId, r.created])).toEqual([
        ['ethereum', 1, true],
        ['arbitrum', 42161, true],
      ]);
      const [hub, satellite] = results;
      if (!hub || !satellite) throw new Error('two results');
      expect(satellite.addresses.receiver).toBe(hub.addresses.receiver);
      expect(satellite.addresses.factory).toBe(hub.addresses.factory);
      expect(satellite.addresses.vault).toBe(hub.addresses.vault);
      expect(hub.addresses.hub).toBeDefined();
      expect(hub.addresses.council).toBeDefined();
      expect(satellite.addresses.hub).toBeUndefined();
      expect(satellite.addresses.timelock).toBeUndefined();

      const { ethereum, arbitrum } = rpcUrls();
      expect(await codeAt(ethereum, hub.addresses.hub)).toMatch(/^0x[0-9a-f]{2,}/);
      expect(await codeAt(arbitrum, hub.addresses.hub)).toBeUndefined();
      expect(await codeAt(arbitrum, satellite.addresses.receiver)).toMatch(/^0x[0-9a-f]{2,}/);
      expect(await codeAt(arbitrum, satellite.addresses.vault)).toMatch(/^0x[0-9a-f]{2,}/);

      const written = await readDeployment({ network: 'arbitrum' });
      expect(written).toEqual({
        network: 'arbitrum',
        chainId: 42161,
        rpcUrl: arbitrum,
        deployer: account.address,
        addresses: JSON.parse(JSON.stringify(satellite.addresses)),
      });
      expect(satellite.file).toBe(`${repoRoot}deployments/arbitrum.json`);
      expect(progress.map((p) => `${p.step}:${p.network}`)).toEqual([
        'checking:ethereum',
        'deploying:ethereum',
        'deployed:ethereum',
        'checking:arbitrum',
        'deploying:arbitrum',
        'deployed:arbitrum',
      ]);
    },
    FORGE_TIMEOUT,
  );

  it(
    'is idempotent: a re-run finds everything, sends nothing and returns the same addresses',
    async () => {
      const before = await readDeployment({ network: 'ethereum' });
      const nonce = await nonceOf(anvil('ethereum').rpcUrl, account.address);
      const results = await deployAll({ config, account, rpcUrls: rpcUrls() });
      expect(results.map((r) => r.created)).toEqual([false, false]);
      expect(results[0]?.addresses).toEqual(before.addresses);
      expect(await nonceOf(anvil('ethereum').rpcUrl, account.address)).toBe(nonce);
    },
    FORGE_TIMEOUT,
  );

  it('checks every RPC before the first transaction', async () => {
    const urls = { ...rpcUrls(), arbitrum: 'http://127.0.0.1:1' };
    const error = await deployAll({ config, account, rpcUrls: urls, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ network: 'arbitrum' });
  });
});

describe('deployLockstep', () => {
  it('throws ChainIdMismatchError before any transaction when the RPC serves another chain', async () => {
    const wrong = anvil('optimism').rpcUrl; // chain 10, the config says 42161
    const error = await deployLockstep({ config, network: 'arbitrum', account, rpcUrl: wrong }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChainIdMismatchError);
    expect(error).toMatchObject({ network: 'arbitrum', expected: 42161, actual: 10 });
    expect(await nonceOf(wrong, account.address)).toBe(0);
  });

  it('throws RpcError for a closed port', async () => {
    const error = await deployLockstep({
      config,
      network: 'ethereum',
      account,
      rpcUrl: 'http://127.0.0.1:1',
      timeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).shortMessage).toMatch(/^networks\.ethereum: RPC http:\/\/127\.0\.0\.1:1 did not answer/);
  });

  it('needs an rpcUrl for a local network, and a known network name', async () => {
    const local = await deployLockstep({ config, network: 'ethereum', account }).catch((e: unknown) => e);
    expect(local).toBeInstanceOf(DeployError);
    expect(local).toMatchObject({ reason: 'missing-rpc-url', network: 'ethereum' });
    const unknown = await deployLockstep({ config, network: 'base', account }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ reason: 'unknown-network' });
    expect((unknown as DeployError).shortMessage).toContain('use one of: ethereum, arbitrum');
  });

  it('refuses an account whose key belongs to another address', async () => {
    const privateKey = generatePrivateKey();
    const error = await deployLockstep({
      config,
      network: 'ethereum',
      account: { address: account.address, privateKey },
      rpcUrl: anvil('ethereum').rpcUrl,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DeployError', reason: 'account-mismatch' });
    expect(String(error)).not.toContain(privateKey.slice(2));
  });

  it(
    'throws DeployError with the end of forge output, key redacted, when the script fails',
    async () => {
      // A fresh key on a fresh chain: no funds, so broadcasting fails.
      const privateKey = generatePrivateKey();
      const broke = { address: privateKeyToAddress(privateKey), privateKey };
      const error = await deployLockstep({
        config,
        network: 'arbitrum',
        account: broke,
        rpcUrl: anvil('arbitrum').rpcUrl,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployError);
      const deployError = error as DeployError;
      expect(deployError.reason).toBe('script-failed');
      expect(deployError.shortMessage).toMatch(new RegExp(`fund the deployer ${broke.address} on arbitrum$`));
      expect(deployError.output).toMatch(/insufficient funds/i);
      expect(deployError.output?.length).toBeGreaterThan(0);
      for (const text of [deployError.message, deployError.output ?? '']) {
        expect(text).not.toContain(privateKey.slice(2));
        expect(text).not.toContain(BigInt(privateKey).toString());
      }
    },
    FORGE_TIMEOUT,
  );
});

describe('deployLockstep exampleVaultImplementation', () => {
  // Its own chain and network name, so the deployment file it writes is its own.
  const network = 'vault_start_v2';
  let vaultAnvils: Anvil[] = [];

  beforeAll(async () => {
    vaultAnvils = await startAnvils([{ name: network, chainId: 1 }]);
  });

  afterAll(async () => {
    await stopAnvils(vaultAnvils);
    await rm(deploymentPath(repoRoot, network), { force: true });
  });

  it(
    'starts the example vault on VaultV2 and registers it there as version 1 (what a rollback restores)',
    async () => {
      const rpcUrl = vaultAnvils[0]?.rpcUrl;
      if (!rpcUrl) throw new Error('no anvil for the vault test');
      const hub = config.networks.find((n) => n.role === 'hub');
      if (!hub) throw new Error('the config has a hub');
      const { addresses } = await deployLockstep({
        config: { ...config, networks: [{ ...hub, name: network }] },
        network,
        account,
        rpcUrl,
        exampleVaultImplementation: 'VaultV2',
      });
      const { vault, vaultV2, receiver } = addresses;
      if (!vault || !vaultV2) throw new Error('the example vault was deployed');
      const client = createPublicClient({ transport: http(rpcUrl) });
      const slot = await client.getStorageAt({ address: vault, slot: ERC1967_IMPLEMENTATION_SLOT });
      expect(slot && getAddress(`0x${slot.slice(-40)}`)).toBe(getAddress(vaultV2));
      expect(await client.readContract({ address: vault, abi: vaultV2Abi, functionName: 'version' })).toBe(2n);
      const registry = await client.readContract({
        address: receiver,
        abi: upgradeReceiverAbi,
        functionName: 'registry',
      });
      const entry = await client.readContract({
        address: registry,
        abi: deploymentRegistryAbi,
        functionName: 'entry',
        args: [vault],
      });
      expect(entry).toMatchObject({ implementation: getAddress(vaultV2), version: 1n });
    },
    FORGE_TIMEOUT,
  );
});

/** ERC-1967: keccak256('eip1967.proxy.implementation') - 1. */
const ERC1967_IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

describe('resolveDeployerKey', () => {
  it('gives the address and key of an env source', async () => {
    const privateKey = generatePrivateKey();
    const key = await resolveDeployerKey({ env: 'DEPLOYER' }, { DEPLOYER: privateKey.slice(2) });
    expect(key).toEqual({ address: privateKeyToAddress(privateKey), privateKey });
  });

  it("gives anvil's first account for the default deployer source", () => {
    expect(account.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(privateKeyToAddress(account.privateKey)).toBe(account.address);
  });
});
