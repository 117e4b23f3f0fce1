/**
 * A receiver that needs k = 2 confirmations (guardian adapter and council fallback adapter): a
 * message the fallback confirmed first is Pending, and the guardian relayer must still add its own
 * confirmation — once. The default deployment's receiver (k = 1) behaves as before.
 */
import { councilFallbackAdapterAbi, guardianAdapterAbi } from '@lockstep/client';
import { type Address, createPublicClient, createWalletClient, type Hex, http, isAddressEqual, toHex } from 'viem';
import { mnemonicToAccount, sign } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import type { RelayerAddresses } from './create-relayer.js';
import { localAttestationSource } from './guardian/attestation-source.js';
import { deliverMessage } from './guardian/deliver-message.js';
import {
  dispatchVaultUpgradeToArbitrum,
  type Fixture,
  type K2Receiver,
  nonceOf,
  setArbitrumReceiver,
  startFixture,
} from './test-fixture.js';
import { fixtureRelayer } from './test-relayer.js';

const ARBITRUM = 42161;

let fixture: Fixture;
let hub: Address;
/** The k = 2 receiver and its two adapters on arbitrum. */
let strict: K2Receiver;

const arbitrum = () => createPublicClient({ transport: http(fixture.rpcUrls.arbitrum) });

beforeAll(async () => {
  const started = await startFixture({ withK2Receiver: true });
  fixture = started;
  if (!fixture.addresses.hub) throw new Error('no hub');
  hub = fixture.addresses.hub;
  strict = started.k2Receiver;
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
});

/** The council fallback confirms `message`: 5 of the 9 members sign `Ratification(messageId)`. */
async function ratify(adapter: Address, message: DispatchedMessage): Promise<void> {
  const digest = await arbitrum().readContract({
    address: adapter,
    abi: councilFallbackAdapterAbi,
    functionName: 'ratificationDigest',
    args: [message.messageId],
  });
  const members = Array.from({ length: 9 }, (_, i) => {
    const account = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 1 + i });
    const key = account.getHdKey().privateKey;
    if (!key) throw new Error('no HD key');
    return { address: account.address, privateKey: toHex(key) };
  })
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
    .slice(0, fixture.config.fallback.threshold);
  const signatures = await Promise.all(members.map((m) => sign({ hash: digest, privateKey: m.privateKey, to: 'hex' })));
  const ratifier = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 5 });
  const wallet = createWalletClient({ account: ratifier, transport: http(fixture.rpcUrls.arbitrum) });
  const hash = await wallet.writeContract({
    chain: null,
    address: adapter,
    abi: councilFallbackAdapterAbi,
    functionName: 'ratify',
    args: [message.encoded, members.map((m) => m.address), signatures],
  });
  expect((await arbitrum().waitForTransactionReceipt({ hash })).status).toBe('success');
}

const relayer = (addresses: RelayerAddresses, fromBlock: bigint) => fixtureRelayer(fixture, { addresses, fromBlock });

const strictAddresses = (): RelayerAddresses => ({
  hub,
  receiver: strict.receiver,
  adapters: { guardian: strict.guardianAdapter },
});

const relayerNonce = () => nonceOf(fixture.rpcUrls.arbitrum, fixture.relayer.address);

async function forwardedBy(adapter: Address, messageId: Hex): Promise<number> {
  const logs = await arbitrum().getContractEvents({
    address: adapter,
    abi: guardianAdapterAbi,
    eventName: 'MessageForwarded',
    args: { messageId },
    fromBlock: 0n,
  });
  return logs.length;
}

describe('relayer with a receiver needing k = 2 confirmations', () => {
  it('adds the guardian confirmation to a message the fallback confirmed first (Pending → Queued)', async () => {
    const message = await dispatchVaultUpgradeToArbitrum(fixture, 'k2-fallback-first');
    await ratify(strict.fallbackAdapter, message);
    const pending = await readMessageState(arbitrum(), strict.receiver, message.messageId);
    expect(pending).toMatchObject({ status: 'Pending', confirmations: 1n });

    const round = await relayer(strictAddresses(), message.blockNumber).runOnce();
    expect(round.failed).toEqual([]);
    expect(round.delivered.map((d) => d.messageId)).toEqual([message.messageId]);
    const queued = await readMessageState(arbitrum(), strict.receiver, message.messageId);
    expect(queued).toMatchObject({ status: 'Queued', confirmations: 2n });
    expect(await forwardedBy(strict.guardianAdapter, message.messageId)).toBe(1);
  });

  it('never delivers twice: its own Pending confirmation is detected, across rounds and restarts', async () => {
    const message = await dispatchVaultUpgradeToArbitrum(fixture, 'k2-guardian-first');
    const relay = relayer(strictAddresses(), message.blockNumber);
    const first = await relay.runOnce();
    expect(first.delivered.map((d) => d.messageId)).toEqual([message.messageId]);
    expect(await readMessageState(arbitrum(), strict.receiver, message.messageId)).toMatchObject({
      status: 'Pending',
      confirmations: 1n,
    });
    const nonce = await relayerNonce();

    // Same process: the message is done for this relayer, nothing is even tried.
    const second = await relay.runOnce();
    expect(second).toMatchObject({ delivered: [], skipped: [], failed: [] });
    // A restart knows nothing: the receiver's answer to the simulation says it is confirmed.
    const restarted = await relayer(strictAddresses(), message.blockNumber).runOnce();
    expect(restarted.failed).toEqual([]);
    expect(restarted.skipped).toEqual([
      { chainId: ARBITRUM, messageId: message.messageId, receiverStatus: 'Pending', reason: 'confirmed-by-adapter' },
    ]);
    // So does deliverMessage on its own.
    const entry = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls).get(ARBITRUM);
    if (!entry) throw new Error('no arbitrum client');
    const source = localAttestationSource({
      keys: fixture.guardianKeys,
      adapter: strict.guardianAdapter,
      clients: { [ARBITRUM]: arbitrum() },
    });
    const direct = await deliverMessage({
      client: entry.client,
      adapter: strict.guardianAdapter,
      receiver: strict.receiver,
      message,
      attestations: await source.fetch(message.messageId, ARBITRUM),
    });
    expect(direct).toEqual({ status: 'skipped', receiverStatus: 'Pending', reason: 'confirmed-by-adapter' });
    expect(await relayerNonce()).toBe(nonce);
    expect(await forwardedBy(strict.guardianAdapter, message.messageId)).toBe(1);

    // The fallback's confirmation completes it; relayers then see it consumed.
    await ratify(strict.fallbackAdapter, message);
    expect((await readMessageState(arbitrum(), strict.receiver, message.messageId)).status).toBe('Queued');
    const after = await relayer(strictAddresses(), message.blockNumber).runOnce();
    expect(after.skipped.map((s) => [s.receiverStatus, s.reason])).toEqual([['Queued', 'consumed']]);
    expect(await relayerNonce()).toBe(nonce);
  });
});

describe('relayer with the default receiver (k = 1)', () => {
  it('skips a message the fallback alone already queued, sending nothing', async () => {
    // Point arbitrum back at the deployment's own receiver for this dispatch.
    await setArbitrumReceiver(fixture, fixture.addresses.receiver);
    const message = await dispatchVaultUpgradeToArbitrum(fixture, 'k1-fallback-first');
    await ratify(adapterAddress(fixture.addresses, 'fallback'), message);
    expect((await readMessageState(arbitrum(), fixture.addresses.receiver, message.messageId)).status).toBe('Queued');
    const nonce = await relayerNonce();
    const round = await relayer(
      { hub, receiver: fixture.addresses.receiver, adapters: fixture.addresses.adapters },
      message.blockNumber,
    ).runOnce();
    expect(round.delivered).toEqual([]);
    expect(round.skipped).toEqual([
      { chainId: ARBITRUM, messageId: message.messageId, receiverStatus: 'Queued', reason: 'consumed' },
    ]);
    expect(await relayerNonce()).toBe(nonce);
    expect(isAddressEqual(strict.receiver, fixture.addresses.receiver)).toBe(false);
  });
});
