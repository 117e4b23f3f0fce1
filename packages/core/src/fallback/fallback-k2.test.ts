/**
 * A receiver that needs k = 2 confirmations (guardian adapter and council fallback adapter): the
 * fallback's ratification leaves a message Pending, a second ratification is skipped because the
 * receiver already counts this adapter, and the guardians' delivery completes it.
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
  http,
  parseEther,
  toHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { localAttestationSource } from '../relay/attestation-source.js';
import { createNetworkClients } from '../relay/clients.js';
import { deliverMessage } from '../relay/deliver-message.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import {
  codehashOf,
  dispatchAsTimelock,
  type Fixture,
  nonceOf,
  sendAsTimelock,
  startFixture,
} from '../relay/test-fixture.js';
import { ratifyWithFallback } from './ratify-with-fallback.js';

const ARBITRUM = 42161;

let fixture: Fixture;
let hub: Address;
let strict: { receiver: Address; guardianAdapter: Address; fallbackAdapter: Address };

const account = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
const arbitrum = () => createPublicClient({ transport: http(fixture.rpcUrls.arbitrum) });
const hubReader = () => createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });

beforeAll(async () => {
  fixture = await startFixture();
  if (!fixture.addresses.hub || !fixture.addresses.timelock) throw new Error('no hub');
  hub = fixture.addresses.hub;
  strict = await deployStrictReceiver();
  // The hub's arbitrum messages now name the k = 2 receiver.
  const current = await hubReader().readContract({
    address: hub,
    abi: governanceHubAbi,
    functionName: 'chainConfig',
    args: [BigInt(ARBITRUM)],
  });
  const receipt = await sendAsTimelock({
    rpcUrl: fixture.rpcUrls.ethereum ?? '',
    timelock: fixture.addresses.timelock,
    to: hub,
    data: encodeFunctionData({
      abi: governanceHubAbi,
      functionName: 'setChainConfig',
      args: [BigInt(ARBITRUM), { ...current, receiver: strict.receiver }],
    }),
  });
  expect(receipt.status).toBe('success');
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
});

/** UpgradeReceiver (k = 2) and both adapters on arbitrum, from a fresh account at CREATE nonces n, n+1, n+2. */
async function deployStrictReceiver() {
  const deployer = account(41);
  const rpc = http(fixture.rpcUrls.arbitrum);
  await createTestClient({ mode: 'anvil', transport: rpc }).setBalance({
    address: deployer.address,
    value: parseEther('10'),
  });
  const wallet = createWalletClient({ account: deployer, transport: rpc });
  const base = await arbitrum().getTransactionCount({ address: deployer.address });
  const at = (offset: number) => getContractAddress({ from: deployer.address, nonce: BigInt(base + offset) });
  const [guardianAdapter, fallbackAdapter, receiver] = [at(0), at(1), at(2)];
  const { config } = fixture;
  const hashes = [
    await wallet.deployContract({
      chain: null,
      abi: guardianAdapterAbi,
      bytecode: guardianAdapterBytecode,
      args: [receiver, 1n, hub, config.guardians.keys, config.guardians.quorum, config.guardians.setExpiryWindow],
    }),
    await wallet.deployContract({
      chain: null,
      abi: councilFallbackAdapterAbi,
      bytecode: councilFallbackAdapterBytecode,
      args: [receiver, 1n, hub, config.fallback.members, config.fallback.threshold],
    }),
    await wallet.deployContract({
      chain: null,
      abi: upgradeReceiverAbi,
      bytecode: upgradeReceiverBytecode,
      args: [
        {
          hubChainId: 1n,
          hub,
          minDelay: config.receiver.minDelay,
          gracePeriod: config.receiver.gracePeriod,
          requiredConfirmations: 2,
          adapters: [guardianAdapter, fallbackAdapter],
          guardian: config.chainGuardian,
          bootstrapper: deployer.address,
        },
      ],
    }),
  ];
  for (const hash of hashes) {
    expect((await arbitrum().waitForTransactionReceipt({ hash })).status).toBe('success');
  }
  return { receiver, guardianAdapter, fallbackAdapter };
}

describe('fallback with a receiver needing k = 2 confirmations', () => {
  it('leaves the message Pending, skips a second ratification, and the guardians complete it', async () => {
    const { timelock, vault, vaultV2 } = fixture.addresses;
    if (!timelock || !vault || !vaultV2) throw new Error('hub deployment incomplete');
    const fromBlock = (await hubReader().getBlockNumber()) + 1n;
    await dispatchAsTimelock({
      rpcUrl: fixture.rpcUrls.ethereum ?? '',
      hub,
      timelock,
      proposalId: toHex('k2-fallback', { size: 32 }),
      actions: [
        {
          chainId: BigInt(ARBITRUM),
          proxy: vault,
          implementation: vaultV2,
          codehash: await codehashOf(fixture.rpcUrls.arbitrum ?? '', vaultV2),
          data: '0x',
        },
      ],
    });
    const { messages } = await scanDispatched({ client: hubReader(), hub, fromBlock });
    const [message] = messages;
    if (!message) throw new Error('no message');
    const sender = createWalletClient({ account: account(8), transport: http(fixture.rpcUrls.arbitrum) });
    const ratify = () =>
      ratifyWithFallback({
        clients: { [ARBITRUM]: sender },
        adapter: strict.fallbackAdapter,
        receiver: strict.receiver,
        messages: [message],
        accounts: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(account),
      });

    const first = await ratify();
    expect(first.failed).toEqual([]);
    expect(first.ratified.map((r) => r.receiverStatus)).toEqual(['Pending']);

    const nonce = await nonceOf(fixture.rpcUrls.arbitrum, account(8).address);
    const second = await ratify();
    expect(second.skipped.map((s) => [s.receiverStatus, s.reason])).toEqual([['Pending', 'confirmed-by-adapter']]);
    expect(await nonceOf(fixture.rpcUrls.arbitrum, account(8).address)).toBe(nonce);

    const entry = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls).get(ARBITRUM);
    if (!entry) throw new Error('no arbitrum client');
    const source = localAttestationSource({
      keys: fixture.guardianKeys,
      adapter: strict.guardianAdapter,
      clients: { [ARBITRUM]: arbitrum() },
    });
    const delivered = await deliverMessage({
      client: entry.client,
      adapter: strict.guardianAdapter,
      receiver: strict.receiver,
      message,
      attestations: await source.fetch(message.messageId, ARBITRUM),
    });
    expect(delivered).toMatchObject({ status: 'delivered', receiverStatus: 'Queued' });
    const third = await ratify();
    expect(third.skipped.map((s) => [s.receiverStatus, s.reason])).toEqual([['Queued', 'consumed']]);
  });
});
