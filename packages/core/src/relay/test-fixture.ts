/**
 * Test scaffolding (not exported): real anvils with Lockstep deployed by `deployAll`, and a hub
 * dispatch made by impersonating the timelock, which only anvil allows.
 */
import { governanceHubAbi } from '@lockstep/client';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type LocalAccount,
  parseEther,
  type TransactionReceipt,
  toHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { defaultConfig, TEST_MNEMONIC } from '../config/defaults.js';
import { resolveKey } from '../config/resolve-key.js';
import type { LockstepConfig } from '../config/schema.js';
import { deployAll } from '../deploy/deploy-all.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import { resolveDeployerKey } from '../deploy/resolve-deployer-key.js';

export const NETWORKS = [
  { name: 'ethereum', chainId: 1 },
  { name: 'arbitrum', chainId: 42161 },
  { name: 'optimism', chainId: 10 },
] as const;

export type Fixture = {
  config: LockstepConfig;
  rpcUrls: Record<string, string>;
  addresses: DeploymentAddresses;
  relayer: LocalAccount;
  /** Guardian private keys, mnemonic indices 10-24. */
  guardianKeys: Hex[];
  stop(): Promise<void>;
};

/** `configure` may change the default config (e.g. `guardians.setExpiryWindow`) before the deployment. */
export async function startFixture(options: { configure?: (config: LockstepConfig) => void } = {}): Promise<Fixture> {
  const anvils = await startAnvils(NETWORKS.map((n) => ({ ...n })));
  try {
    const config = defaultConfig();
    config.networks = config.networks.filter((n) => NETWORKS.some((m) => m.name === n.name));
    options.configure?.(config);
    const rpcUrls = Object.fromEntries(anvils.map((a) => [a.name, a.rpcUrl]));
    const deployerSource = config.keys.deployer;
    const relayerSource = config.keys.relayer;
    if (!deployerSource || !relayerSource) throw new Error('the default config names deployer and relayer keys');
    const account = await resolveDeployerKey(deployerSource, {}, { allowTestMnemonic: true });
    const [hub] = await deployAll({ config, account, rpcUrls });
    if (!hub) throw new Error('deployAll returned nothing');
    const relayer = await resolveKey(relayerSource, {}, { allowTestMnemonic: true });
    const guardianKeys = Array.from({ length: 15 }, (_, i) => {
      const key = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 10 + i }).getHdKey().privateKey;
      if (!key) throw new Error('no HD private key');
      return toHex(key);
    });
    return { config, rpcUrls, addresses: hub.addresses, relayer, guardianKeys, stop: () => stopAnvils(anvils) };
  } catch (error) {
    await stopAnvils(anvils);
    throw error;
  }
}

/** An upgrade action as `GovernanceHub.dispatchUpgrade` takes it. */
export type HubAction = { chainId: bigint; proxy: Address; implementation: Address; codehash: Hex; data: Hex };

/**
 * Sends `data` to `to` as the timelock, by impersonating it (anvil only; test scaffolding, never the
 * real path, which is council → timelock). Returns the transaction receipt.
 */
export async function sendAsTimelock(parameters: {
  rpcUrl: string;
  timelock: Address;
  to: Address;
  data: Hex;
}): Promise<TransactionReceipt> {
  const { rpcUrl, timelock } = parameters;
  const test = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
  await test.impersonateAccount({ address: timelock });
  await test.setBalance({ address: timelock, value: parseEther('10') });
  try {
    const wallet = createWalletClient({ account: timelock, transport: http(rpcUrl) });
    const hash = await wallet.sendTransaction({ chain: null, to: parameters.to, data: parameters.data });
    return await createPublicClient({ transport: http(rpcUrl) }).waitForTransactionReceipt({ hash });
  } finally {
    await test.stopImpersonatingAccount({ address: timelock });
  }
}

/** Makes the hub dispatch `actions` as the timelock (see `sendAsTimelock`). Returns the receipt. */
export async function dispatchAsTimelock(parameters: {
  rpcUrl: string;
  hub: Address;
  timelock: Address;
  proposalId: Hex;
  actions: readonly HubAction[];
}): Promise<TransactionReceipt> {
  return sendAsTimelock({
    rpcUrl: parameters.rpcUrl,
    timelock: parameters.timelock,
    to: parameters.hub,
    data: encodeFunctionData({
      abi: governanceHubAbi,
      functionName: 'dispatchUpgrade',
      args: [parameters.proposalId, [...parameters.actions]],
    }),
  });
}

/** Dispatches an upgrade of the example vault to V2 on every network, as the timelock. */
export async function dispatchVaultUpgrade(fixture: Fixture, label: string): Promise<Hex> {
  const rpcUrl = fixture.rpcUrls.ethereum;
  const { hub, timelock, vault, vaultV2 } = fixture.addresses;
  if (!rpcUrl || !hub || !timelock || !vault || !vaultV2) throw new Error('hub deployment incomplete');
  const codehash = await codehashOf(fixture.rpcUrls.arbitrum ?? '', vaultV2);
  const proposalId = keccak256(toHex(label));
  await dispatchAsTimelock({
    rpcUrl,
    hub,
    timelock,
    proposalId,
    actions: NETWORKS.map((n) => ({
      chainId: BigInt(n.chainId),
      proxy: vault,
      implementation: vaultV2,
      codehash,
      data: '0x' as Hex,
    })),
  });
  return proposalId;
}

export async function codehashOf(rpcUrl: string, address: Address): Promise<Hex> {
  const code = await createPublicClient({ transport: http(rpcUrl) }).getCode({ address });
  if (!code) throw new Error(`no code at ${address}`);
  return keccak256(code);
}

export async function nonceOf(rpcUrl: string | undefined, address: Address): Promise<number> {
  return createPublicClient({ transport: http(rpcUrl) }).getTransactionCount({ address });
}
