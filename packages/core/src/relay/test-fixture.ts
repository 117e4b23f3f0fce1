/**
 * Test scaffolding (not exported): real anvils with Lockstep deployed by `deployAll`, and a hub
 * dispatch made by impersonating the timelock, which only anvil allows.
 */
import {
  councilFallbackAdapterAbi,
  councilFallbackAdapterBytecode,
  governanceHubAbi,
  guardianAdapterAbi,
  guardianAdapterBytecode,
  upgradeReceiverAbi,
  upgradeReceiverBytecode,
} from '@lockstep/client';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  http,
  keccak256,
  type LocalAccount,
  parseEther,
  type TransactionReceipt,
  toHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { resolveKey } from '../config/resolve-key.js';
import { effectiveFallbackDelay, type LockstepConfig } from '../config/schema.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { readRegistryEntry } from '../registry/read-registry-entry.js';
import { startLockstepDevnet } from '../testing/devnet-fixture.js';
import { scanDispatched } from './scan-dispatched.js';

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

/** A receiver on arbitrum needing k = 2 confirmations, and its two adapters. */
export type K2Receiver = { receiver: Address; guardianAdapter: Address; fallbackAdapter: Address };

export type StartFixtureOptions = {
  /** May change the default config (e.g. `guardians.setExpiryWindow`) before the deployment. */
  configure?: (config: LockstepConfig) => void;
  /** Also deploy a k = 2 receiver on arbitrum (see `K2Receiver`) and make the hub's arbitrum messages name it. */
  withK2Receiver?: boolean;
};

export async function startFixture(
  options: StartFixtureOptions & { withK2Receiver: true },
): Promise<Fixture & { k2Receiver: K2Receiver }>;
export async function startFixture(options?: StartFixtureOptions): Promise<Fixture>;
export async function startFixture(options: StartFixtureOptions = {}): Promise<Fixture & { k2Receiver?: K2Receiver }> {
  const devnet = await startLockstepDevnet({
    networks: NETWORKS,
    ...(options.configure ? { configure: options.configure } : {}),
  });
  try {
    const { config, rpcUrls } = devnet;
    const relayerSource = config.keys.relayer;
    if (!relayerSource) throw new Error('the default config names a relayer key');
    const relayer = await resolveKey(relayerSource, {}, { allowTestMnemonic: true });
    const guardianKeys = Array.from({ length: 15 }, (_, i) => {
      const key = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 10 + i }).getHdKey().privateKey;
      if (!key) throw new Error('no HD private key');
      return toHex(key);
    });
    const fixture = { config, rpcUrls, addresses: devnet.addresses, relayer, guardianKeys, stop: devnet.stop };
    if (!options.withK2Receiver) return fixture;
    const k2Receiver = await deployK2Receiver(fixture);
    // The hub's arbitrum messages now name the k = 2 receiver.
    await setArbitrumReceiver(fixture, k2Receiver.receiver);
    return { ...fixture, k2Receiver };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}

/** An upgrade action as `GovernanceHub.dispatchUpgrade` takes it. */
export type HubAction = {
  chainId: bigint;
  proxy: Address;
  previousImplementation: Address;
  implementation: Address;
  codehash: Hex;
  data: Hex;
};

/**
 * The deadline the impersonated timelock's calls carry (the hub refuses them from it on): the
 * largest uint40, so tests that advance time by days never run into it.
 */
export const FAR_DEADLINE = 2 ** 40 - 1;

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
      args: [parameters.proposalId, FAR_DEADLINE, [...parameters.actions]],
    }),
  });
}

/**
 * Dispatches an upgrade of the example vault to V2 on `chainIds` (default: every network), as the
 * timelock. Each action replaces what the vault runs on its chain now (its receiver registry's
 * entry), as a council proposal would.
 */
export async function dispatchVaultUpgrade(
  fixture: Fixture,
  label: string,
  chainIds: readonly number[] = NETWORKS.map((n) => n.chainId),
): Promise<Hex> {
  const rpcUrl = fixture.rpcUrls.ethereum;
  const { hub, timelock, vault, vaultV2, receiver } = fixture.addresses;
  if (!rpcUrl || !hub || !timelock || !vault || !vaultV2) throw new Error('hub deployment incomplete');
  const codehash = await codehashOf(fixture.rpcUrls.arbitrum ?? '', vaultV2);
  const previous = await Promise.all(
    chainIds.map(async (chainId) => {
      const name = NETWORKS.find((n) => n.chainId === chainId)?.name ?? '';
      const client = createPublicClient({ transport: http(fixture.rpcUrls[name]) });
      return (await readRegistryEntry(client, { receiver, proxy: vault })).implementation;
    }),
  );
  const proposalId = keccak256(toHex(label));
  await dispatchAsTimelock({
    rpcUrl,
    hub,
    timelock,
    proposalId,
    actions: chainIds.map((chainId, i) => ({
      chainId: BigInt(chainId),
      proxy: vault,
      previousImplementation: previous[i] as Address,
      implementation: vaultV2,
      codehash,
      data: '0x' as Hex,
    })),
  });
  return proposalId;
}

/** Dispatches an upgrade of the example vault on arbitrum only; returns its message, read back from the hub. */
export async function dispatchVaultUpgradeToArbitrum(fixture: Fixture, label: string): Promise<DispatchedMessage> {
  const hub = fixture.addresses.hub;
  if (!hub) throw new Error('hub deployment incomplete');
  const hubReader = createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });
  const fromBlock = (await hubReader.getBlockNumber()) + 1n;
  await dispatchVaultUpgrade(fixture, label, [42161]);
  const { messages } = await scanDispatched({ client: hubReader, hub, fromBlock });
  const [message] = messages;
  if (!message || messages.length !== 1) throw new Error('expected one message');
  return message;
}

export async function codehashOf(rpcUrl: string, address: Address): Promise<Hex> {
  const code = await createPublicClient({ transport: http(rpcUrl) }).getCode({ address });
  if (!code) throw new Error(`no code at ${address}`);
  return keccak256(code);
}

export async function nonceOf(rpcUrl: string | undefined, address: Address): Promise<number> {
  return createPublicClient({ transport: http(rpcUrl) }).getTransactionCount({ address });
}

/**
 * Deploys UpgradeReceiver (k = 2 of [guardian adapter, fallback adapter]) and both adapters on
 * arbitrum from a fresh account (mnemonic index 40): plain CREATE at nonces n, n+1, n+2, so each
 * constructor can name the others' predicted addresses.
 */
async function deployK2Receiver(fixture: Pick<Fixture, 'config' | 'rpcUrls' | 'addresses'>): Promise<K2Receiver> {
  const { config } = fixture;
  const hub = fixture.addresses.hub;
  if (!hub) throw new Error('no hub');
  const deployer = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 40 });
  const rpc = http(fixture.rpcUrls.arbitrum);
  const arbitrum = createPublicClient({ transport: rpc });
  await createTestClient({ mode: 'anvil', transport: rpc }).setBalance({
    address: deployer.address,
    value: parseEther('10'),
  });
  const wallet = createWalletClient({ account: deployer, transport: rpc });
  const base = await arbitrum.getTransactionCount({ address: deployer.address });
  const at = (offset: number) => getContractAddress({ from: deployer.address, nonce: BigInt(base + offset) });
  const [guardianAdapter, fallbackAdapter, receiver] = [at(0), at(1), at(2)];
  const hubChainId = 1n;
  const hashes = [
    await wallet.deployContract({
      chain: null,
      abi: guardianAdapterAbi,
      bytecode: guardianAdapterBytecode,
      args: [
        receiver,
        hubChainId,
        hub,
        config.guardians.keys,
        config.guardians.quorum,
        config.guardians.setExpiryWindow,
      ],
    }),
    await wallet.deployContract({
      chain: null,
      abi: councilFallbackAdapterAbi,
      bytecode: councilFallbackAdapterBytecode,
      args: [
        receiver,
        hubChainId,
        hub,
        config.fallback.members,
        config.fallback.threshold,
        config.council.threshold,
        config.council.emergencyThreshold,
      ],
    }),
    await wallet.deployContract({
      chain: null,
      abi: upgradeReceiverAbi,
      bytecode: upgradeReceiverBytecode,
      args: [
        {
          hubChainId,
          hub,
          minDelay: config.receiver.minDelay,
          gracePeriod: config.receiver.gracePeriod,
          requiredConfirmations: 2,
          adapters: [guardianAdapter, fallbackAdapter],
          fallbackAdapters: [fallbackAdapter],
          fallbackDelay: effectiveFallbackDelay(config),
          guardian: config.chainGuardian,
          bootstrapper: deployer.address,
        },
      ],
    }),
  ];
  for (const hash of hashes) {
    const { status } = await arbitrum.waitForTransactionReceipt({ hash });
    if (status !== 'success') throw new Error(`k = 2 receiver deployment ${hash} reverted`);
  }
  const [, required] = await arbitrum.readContract({
    address: receiver,
    abi: upgradeReceiverAbi,
    functionName: 'adapters',
  });
  if (required !== 2n) throw new Error(`the k = 2 receiver requires ${required} confirmations`);
  return { receiver, guardianAdapter, fallbackAdapter };
}

/** `GovernanceHub.configure` of arbitrum with `receiver`, as the timelock (impersonated). */
export async function setArbitrumReceiver(
  fixture: Pick<Fixture, 'rpcUrls' | 'addresses'>,
  receiver: Address,
): Promise<void> {
  const { hub, timelock } = fixture.addresses;
  if (!hub || !timelock) throw new Error('no hub or timelock');
  const rpcUrl = fixture.rpcUrls.ethereum ?? '';
  const chainId = BigInt(42161);
  const current = await createPublicClient({ transport: http(rpcUrl) }).readContract({
    address: hub,
    abi: governanceHubAbi,
    functionName: 'chainConfig',
    args: [chainId],
  });
  const receipt = await sendAsTimelock({
    rpcUrl,
    timelock,
    to: hub,
    data: encodeFunctionData({
      abi: governanceHubAbi,
      functionName: 'configure',
      args: [keccak256(toHex('k2-receiver')), FAR_DEADLINE, [chainId], [{ ...current, receiver }], []],
    }),
  });
  if (receipt.status !== 'success') throw new Error(`configure(arbitrum) reverted in ${receipt.transactionHash}`);
}
