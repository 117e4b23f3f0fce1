import { createTestClient, http, parseEther } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { resolveKey } from '../config/resolve-key.js';
import { ReporterNotAllowedError } from '../errors/ack.js';
import { CanaryNotDeliveredError, CanaryTooSoonError } from '../errors/canary.js';
import { readMessageState } from '../message/receiver-state.js';
import { type Fixture, NETWORKS, startFixture } from '../relay/test-fixture.js';
import { advanceFixtureChains, fixtureReaders, fixtureRelayer } from '../relay/test-relayer.js';
import { readCanaryDeliveries, waitForCanary } from './canary-deliveries.js';
import { sendCanary } from './send-canary.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

async function reporterClient() {
  const source = fixture.config.keys.reporter;
  if (!source) throw new Error('the default config names a reporter key');
  const reporter = await resolveKey(source, {}, { allowTestMnemonic: true });
  // Mnemonic index 26: anvil funds only the first 10 accounts.
  await createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls.ethereum) }).setBalance({
    address: reporter.address,
    value: parseEther('10'),
  });
  const entry = createNetworkClients(fixture.config, reporter, fixture.rpcUrls).get(1);
  if (!entry) throw new Error('no hub client');
  return entry.client;
}

const readers = () => fixtureReaders(fixture);
const relayer = () => fixtureRelayer(fixture);
const advance = (seconds: number) => advanceFixtureChains(fixture, seconds);

describe('canary', () => {
  it('refuses an account that is no hub reporter, and sends nothing', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const stranger = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 41 });
    const client = createNetworkClients(fixture.config, stranger, fixture.rpcUrls).get(1)?.client;
    if (!client) throw new Error('no hub client');
    const error = await sendCanary(client, { hub }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReporterNotAllowedError);
    expect(error).toMatchObject({ reporter: stranger.address, hub });
    expect(await readers()[1]?.getTransactionCount({ address: stranger.address })).toBe(0);
  });

  it('is delivered through guardians and the relayer to every chain, with each chain’s latency', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const canary = await sendCanary(await reporterClient(), { hub });
    expect(canary.messages.map((m) => m.chainId).sort()).toEqual(NETWORKS.map((n) => n.chainId).sort());

    const receiver = fixture.addresses.receiver;
    const before = await readCanaryDeliveries({ canary, receiver, clients: readers() });
    expect(before.every((d) => !d.delivered)).toBe(true);

    // Delivery happens a little later than the dispatch on every chain.
    await advance(7);
    const round = await relayer().runOnce();
    expect(round.failed).toEqual([]);
    const progress: number[] = [];
    const deliveries = await waitForCanary({
      canary,
      receiver,
      clients: readers(),
      timeoutMs: 10_000,
      pollMs: 100,
      onProgress: (seen) => progress.push(seen.filter((d) => d.delivered).length),
    });
    expect(progress.at(-1)).toBe(NETWORKS.length);
    expect(deliveries).toHaveLength(NETWORKS.length);
    for (const delivery of deliveries) {
      if (!delivery.delivered) throw new Error(`chain ${delivery.chainId} not delivered`);
      expect(delivery.latencySeconds).toBeGreaterThanOrEqual(7);
      expect(delivery.latencySeconds).toBeLessThan(60);
      const client = readers()[delivery.chainId];
      if (!client) throw new Error('no client');
      const state = await readMessageState(client, receiver, delivery.messageId);
      expect(state.status).toBe('Executed');
    }
  });

  it('refuses a second canary inside the hub’s interval with the time it is allowed, then sends it', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const client = await reporterClient();
    const error = await sendCanary(client, { hub }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanaryTooSoonError);
    const { nextAllowedAt, lastCanaryAt } = error as CanaryTooSoonError;
    expect(nextAllowedAt - lastCanaryAt).toBe(300);

    await advance(300);
    const canary = await sendCanary(client, { hub });
    // No relayer runs: the wait ends with the chains still without it.
    const waited = await waitForCanary({
      canary,
      receiver: fixture.addresses.receiver,
      clients: readers(),
      timeoutMs: 300,
      pollMs: 100,
    }).catch((e: unknown) => e);
    expect(waited).toBeInstanceOf(CanaryNotDeliveredError);
    expect((waited as CanaryNotDeliveredError).pending.slice().sort()).toEqual(NETWORKS.map((n) => n.chainId).sort());
  });
});
