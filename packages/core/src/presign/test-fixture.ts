/**
 * Test scaffolding for the presign tests (not exported): two real anvils shaped like ethereum and
 * arbitrum, each with the example vault behind a proxy the team administers directly — a UUPS
 * proxy on ethereum, a transparent proxy and its ProxyAdmin on arbitrum — owned by a fresh key
 * that is also written to a keystore by the real `cast wallet import`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { nativeBinary, startAnvils, stopAnvils } from '@lockstep/toolchain';
import {
  type Address,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  numberToHex,
  type PublicClient,
  parseEther,
} from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { defaultConfig, TEST_MNEMONIC } from '../config/defaults.js';
import type { NetworkConfig } from '../config/schema.js';
import { deployTeamVault, type TeamVaultKind } from '../deploy/test-team-vault.js';
import type { PresignPlanInput } from './plan.js';

export const KEYSTORE_PASSPHRASE = 'keystore passphrase for tests';
export const BUNDLE_PASSPHRASE = 'bundle passphrase for tests';
/** The proxy's ERC-1967 implementation slot. */
export const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

export type ChainSetup = {
  url: string;
  client: PublicClient;
  proxy: Address;
  proxyAdmin: Address | undefined;
  v2: Address;
};

export type PresignFixture = {
  dir: string;
  key: Hex;
  owner: Address;
  keystore: string;
  networks: NetworkConfig[];
  rpcUrls: Record<string, string>;
  ethereum: ChainSetup;
  arbitrum: ChainSetup;
  /** The plan upgrading both vaults to V2, valid from `notBefore` for a day. */
  plan(notBefore?: number): PresignPlanInput;
  implementationOf(chain: ChainSetup): Promise<Address>;
  /** Uses up the owner's next nonce on a chain (`anvil_setNonce`). */
  spendNonce(chain: ChainSetup): Promise<void>;
  stop(): Promise<void>;
};

export async function startPresignFixture(): Promise<PresignFixture> {
  const anvils = await startAnvils([
    { name: 'ethereum', chainId: 1 },
    { name: 'arbitrum', chainId: 42161 },
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-presign-'));
  const stop = async () => {
    await stopAnvils(anvils);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const key = generatePrivateKey();
    const owner = privateKeyToAccount(key);
    await promisify(execFile)(nativeBinary('cast'), [
      ...['wallet', 'import', 'owner', '--keystore-dir', dir, '--private-key', key],
      ...['--unsafe-password', KEYSTORE_PASSPHRASE],
    ]);
    const [ethUrl = '', arbUrl = ''] = anvils.map((a) => a.rpcUrl);
    const ethereum = await deployVault(ethUrl, owner.address, 'uups');
    const arbitrum = await deployVault(arbUrl, owner.address, 'transparent');
    const rpcUrls = { ethereum: ethUrl, arbitrum: arbUrl };
    const networks = defaultConfig()
      .networks.filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
      .map((n) => ({ ...n, rpc: rpcUrls[n.name as keyof typeof rpcUrls] }));
    await writeFile(join(dir, 'passphrase'), `${BUNDLE_PASSPHRASE}\n`);
    await writeFile(join(dir, 'keystore-passphrase'), KEYSTORE_PASSPHRASE);
    return {
      dir,
      key,
      owner: owner.address,
      keystore: join(dir, 'owner'),
      networks,
      rpcUrls,
      ethereum,
      arbitrum,
      plan: (notBefore = Math.floor(Date.now() / 1000)) => ({
        proposal: 'vault-v2',
        notBefore,
        expiresAt: notBefore + 24 * 3600,
        transactions: [
          { network: 'ethereum', kind: 'uups-upgrade', proxy: ethereum.proxy, implementation: ethereum.v2 },
          {
            network: 'arbitrum',
            kind: 'proxy-admin-upgrade',
            proxyAdmin: arbitrum.proxyAdmin ?? '0x',
            proxy: arbitrum.proxy,
            implementation: arbitrum.v2,
          },
        ],
      }),
      implementationOf: async (chain) =>
        getAddress(
          `0x${((await chain.client.getStorageAt({ address: chain.proxy, slot: IMPLEMENTATION_SLOT })) ?? '').slice(-40)}`,
        ),
      spendNonce: async (chain) => {
        // As if the owner had sent another transaction: its next nonce moves on.
        const nonce = await chain.client.getTransactionCount({ address: owner.address });
        await chain.client.request({
          method: 'anvil_setNonce' as never,
          params: [owner.address, numberToHex(nonce + 1)] as never,
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function deployVault(url: string, owner: Address, kind: TeamVaultKind): Promise<ChainSetup> {
  const deployer = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 0 });
  const { client, proxy, proxyAdmin, v2 } = await deployTeamVault({ rpcUrl: url, deployer, owner, kind });
  const wallet = createWalletClient({ account: deployer, transport: http(url) });
  const hash = await wallet.sendTransaction({ chain: null, to: owner, value: parseEther('1') });
  await client.waitForTransactionReceipt({ hash });
  return { url, client, proxy, proxyAdmin, v2 };
}
