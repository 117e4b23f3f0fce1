import { rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { repoRoot, startAnvils, stopAnvils } from '@lockstep/toolchain';
import { type Address, createPublicClient, type Hex, hexToBytes, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import type { LockstepConfig } from '../config/schema.js';
import { DeployError } from '../errors/deploy.js';
import { ChainIdMismatchError } from '../errors/rpc.js';
import { deployLockstepDirect } from './deploy-direct.js';
import { type DeployerKey, deployLockstep } from './deploy-lockstep.js';
import { deploymentPath } from './deployment.js';
import { resolveDeployerKey } from './resolve-deployer-key.js';

// forge compiles the script on its first run in a clean tree: minutes on a loaded 2-core machine.
const FORGE_TIMEOUT = 300_000;
/** Every anvil starts at the same genesis time and steps 1 s a block: both paths see the same clock. */
const GENESIS = 1_767_225_600;

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];
type DumpedAccount = { nonce: number; balance: string; code: string; storage: Record<string, string> };

let anvils: Anvil[] = [];
let config: LockstepConfig;
let account: DeployerKey;

function urlOf(name: string): string {
  const found = anvils.find((a) => a.name === name);
  if (!found) throw new Error(`no anvil ${name}`);
  return found.rpcUrl;
}

/** Every account of the chain's state, from `anvil_dumpState` (gzipped JSON). */
async function accountsOf(url: string): Promise<Record<string, DumpedAccount>> {
  const client = createPublicClient({ transport: http(url) });
  const dump = (await client.request({ method: 'anvil_dumpState', params: [] } as never)) as Hex;
  const state = JSON.parse(gunzipSync(hexToBytes(dump)).toString('utf8')) as {
    accounts: Record<string, DumpedAccount>;
  };
  return Object.fromEntries(Object.entries(state.accounts).map(([address, a]) => [address.toLowerCase(), a]));
}

/**
 * The accounts with code that a fresh chain has not: every contract the deployment made. (anvil's
 * system contracts, the EIP-2935 block-hash history say, hold block hashes, which differ with any
 * transaction's gas price.)
 */
function deployedContracts(accounts: Record<string, DumpedAccount>) {
  return Object.fromEntries(
    Object.entries(accounts)
      .filter(([address, a]) => a.code !== '0x' && a.code !== '' && !(address in genesisAccounts))
      .map(([address, a]) => [address, { code: a.code, storage: a.storage, nonce: a.nonce }]),
  );
}

/** A fresh chain's accounts, before anything is deployed. */
let genesisAccounts: Record<string, DumpedAccount> = {};

beforeAll(async () => {
  const fresh = { extraArgs: ['--timestamp', String(GENESIS)] };
  anvils = await startAnvils([
    { name: 'hub-script', chainId: 1, ...fresh },
    { name: 'hub-direct', chainId: 1, ...fresh },
    { name: 'satellite-script', chainId: 42161, ...fresh },
    { name: 'satellite-direct', chainId: 42161, ...fresh },
    { name: 'spare', chainId: 42161, ...fresh },
  ]);
  await Promise.all(
    anvils.map((anvil) =>
      createPublicClient({ transport: http(anvil.rpcUrl) }).request({
        method: 'anvil_setBlockTimestampInterval',
        params: [1],
      } as never),
    ),
  );
  genesisAccounts = await accountsOf(urlOf('spare'));
  config = defaultConfig();
  config.networks = config.networks.filter((n) => n.name === 'ethereum' || n.name === 'arbitrum');
  const source = config.keys.deployer;
  if (!source) throw new Error('the default config has a deployer key source');
  account = await resolveDeployerKey(source, {}, { allowTestMnemonic: true });
});

afterAll(async () => {
  await stopAnvils(anvils);
  for (const network of ['ethereum', 'arbitrum']) await rm(deploymentPath(repoRoot, network), { force: true });
});

describe('deployLockstepDirect', () => {
  it(
    'leaves the same contracts as the Foundry script (code, nonce and every storage slot) at the same addresses: hub, and a satellite on VaultV2 with its bootstrap open',
    async () => {
      const cases = [
        { network: 'ethereum', script: 'hub-script', direct: 'hub-direct', options: {} },
        {
          network: 'arbitrum',
          script: 'satellite-script',
          direct: 'satellite-direct',
          options: { exampleVaultImplementation: 'VaultV2' as const, lockBootstrap: false },
        },
      ];
      for (const { network, script, direct, options } of cases) {
        const [scripted, directed] = await Promise.all([
          deployLockstep({ config, network, account, rpcUrl: urlOf(script), exampleVault: true, ...options }),
          deployLockstepDirect({ config, network, account, rpcUrl: urlOf(direct), ...options }),
        ]);
        expect(directed.addresses, network).toEqual(scripted.addresses);
        const [byScript, byDirect] = await Promise.all([accountsOf(urlOf(script)), accountsOf(urlOf(direct))]);
        const deployed = deployedContracts(byScript);
        // Every contract of the deployment is among them (and nothing else), then all of them compare.
        const listed = Object.values({ ...directed.addresses, ...directed.addresses.adapters })
          .filter((address): address is Address => typeof address === 'string')
          .map((address) => address.toLowerCase());
        const spawners = Object.keys(deployed).filter((address) => !listed.includes(address));
        expect(
          listed.every((address) => address in deployed),
          network,
        ).toBe(true);
        // The rest are the factory's one-shot spawners, one per contract it deployed.
        expect(spawners).toHaveLength(listed.length - 2);
        expect(deployedContracts(byDirect), network).toEqual(deployed);
        const deployer = account.address.toLowerCase();
        expect(byDirect[deployer]?.nonce, `${network} deployer nonce`).toBe(byScript[deployer]?.nonce);
        expect(directed.transactions).toBe(byScript[deployer]?.nonce);
        // One block per transaction on both paths: later blocks (and a drill's report) line up too.
        const [scriptBlock, directBlock] = await Promise.all(
          [script, direct].map((name) => createPublicClient({ transport: http(urlOf(name)) }).getBlockNumber()),
        );
        expect(directBlock, `${network} block number`).toBe(scriptBlock);
      }
    },
    FORGE_TIMEOUT,
  );

  it('refuses a chain that already has the factory, before sending anything', async () => {
    const client = createPublicClient({ transport: http(urlOf('hub-direct')) });
    const nonce = await client.getTransactionCount({ address: account.address });
    const error = await deployLockstepDirect({
      config,
      network: 'ethereum',
      account,
      rpcUrl: urlOf('hub-direct'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).reason).toBe('not-fresh');
    expect((error as DeployError).message).toMatch(/deployLockstep/);
    expect(await client.getTransactionCount({ address: account.address })).toBe(nonce);
  });

  it('refuses a config the script refuses (a fallback faster than the timelock), before sending anything', async () => {
    const weak = structuredClone(config);
    weak.receiver.fallbackDelay = weak.timelock.delaySeconds - 1;
    const error = await deployLockstepDirect({
      config: weak,
      network: 'arbitrum',
      account,
      rpcUrl: urlOf('spare'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).reason).toBe('invalid-config');
    expect((error as DeployError).message).toMatch(/fallbackDelay/);
    expect(
      await createPublicClient({ transport: http(urlOf('spare')) }).getTransactionCount({ address: account.address }),
    ).toBe(0);
  });

  it('refuses an RPC that serves another chain than the config says', async () => {
    const error = await deployLockstepDirect({ config, network: 'ethereum', account, rpcUrl: urlOf('spare') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChainIdMismatchError);
  });
});
