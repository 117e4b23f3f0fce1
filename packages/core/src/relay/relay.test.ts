import { upgradeReceiverAbi } from '@lockstep/client';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { QuorumNotMetError } from '../errors/relay.js';
import { readMessageState } from '../message/receiver-state.js';
import { createRelayer, type RelayerEvent } from './create-relayer.js';
import { localAttestationSource } from './guardian/attestation-source.js';
import { deliverMessage } from './guardian/deliver-message.js';
import { scanDispatched } from './scan-dispatched.js';
import { dispatchVaultUpgrade, type Fixture, NETWORKS, nonceOf, startFixture } from './test-fixture.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

function source(keys = fixture.guardianKeys) {
  const clients = Object.fromEntries(
    NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
  );
  return localAttestationSource({ keys, adapter: adapterAddress(fixture.addresses, 'guardian'), clients });
}

function hubClient() {
  return createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });
}

async function nonces(): Promise<number[]> {
  return Promise.all(NETWORKS.map((n) => nonceOf(fixture.rpcUrls[n.name], fixture.relayer.address)));
}

describe('relayer', () => {
  it('refuses attestations below quorum with a typed error naming got/need, and sends nothing', async () => {
    await dispatchVaultUpgrade(fixture, 'below-quorum');
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const { messages } = await scanDispatched({ client: hubClient(), hub });
    const message = messages.find((m) => m.chainId === 42161);
    if (!message) throw new Error('no message to arbitrum');
    const entry = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls).get(42161);
    if (!entry) throw new Error('no arbitrum client');
    const before = await nonces();
    const error = await deliverMessage({
      client: entry.client,
      adapter: adapterAddress(fixture.addresses, 'guardian'),
      receiver: fixture.addresses.receiver,
      message,
      attestations: await source(fixture.guardianKeys.slice(0, 7)).fetch(message.messageId, 42161),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuorumNotMetError);
    expect(error).toMatchObject({ name: 'QuorumNotMetError', got: 7, need: 8, chainId: 42161 });
    expect(await nonces()).toEqual(before);
    const state = await readMessageState(entry.client, fixture.addresses.receiver, message.messageId);
    expect(state.status).toBe('None');
  });

  it('delivers every dispatched message (receivers show Queued); a second round sends nothing', async () => {
    await dispatchVaultUpgrade(fixture, 'deliver-all');
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const events: RelayerEvent[] = [];
    const relayer = createRelayer({
      config: fixture.config,
      account: fixture.relayer,
      rpcUrls: fixture.rpcUrls,
      source: source(),
      addresses: { hub, receiver: fixture.addresses.receiver, adapters: fixture.addresses.adapters },
      onEvent: (event) => events.push(event),
    });
    const before = await nonces();
    const first = await relayer.runOnce();
    const { messages } = await scanDispatched({ client: hubClient(), hub });
    // Two dispatches (this test and the one before) to three chains.
    expect(messages).toHaveLength(6);
    expect(first.failed).toEqual([]);
    expect(first.delivered).toHaveLength(6);
    const afterFirst = await nonces();
    expect(afterFirst.map((n, i) => n - (before[i] ?? 0))).toEqual([2, 2, 2]);
    for (const message of messages) {
      const network = NETWORKS.find((n) => n.chainId === message.chainId);
      const client = createPublicClient({ transport: http(fixture.rpcUrls[network?.name ?? '']) });
      const [status] = await client.readContract({
        address: fixture.addresses.receiver,
        abi: upgradeReceiverAbi,
        functionName: 'messageState',
        args: [message.messageId],
      });
      expect(status).toBe(2); // Queued
    }
    expect(events.filter((e) => e.type === 'delivered')).toHaveLength(6);

    const second = await relayer.runOnce();
    expect(second.delivered).toEqual([]);
    expect(await nonces()).toEqual(afterFirst);

    // A fresh relayer (a restart) derives everything from the chains: all skipped, nothing sent.
    const restarted = createRelayer({
      config: fixture.config,
      account: fixture.relayer,
      rpcUrls: fixture.rpcUrls,
      source: source(),
      addresses: { hub, receiver: fixture.addresses.receiver, adapters: fixture.addresses.adapters },
    });
    const third = await restarted.runOnce();
    expect(third.delivered).toEqual([]);
    expect(third.skipped.map((s) => s.receiverStatus)).toEqual(Array(6).fill('Queued'));
    expect(await nonces()).toEqual(afterFirst);
  });
});
