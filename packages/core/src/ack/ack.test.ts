import { governanceHubAbi } from '@lockstep/client';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  type LocalAccount,
  parseEther,
  toHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients, withNonceManager } from '../chain/clients.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { resolveKey } from '../config/resolve-key.js';
import { advanceTime } from '../devnet/advance-time.js';
import { ReporterNotAllowedError } from '../errors/ack.js';
import { executeUntilDone } from '../executor/execute-until-done.js';
import { readMessageState } from '../message/receiver-state.js';
import type { RelayerEvent } from '../relay/create-relayer.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import {
  dispatchVaultUpgrade,
  FAR_DEADLINE,
  type Fixture,
  NETWORKS,
  nonceOf,
  startFixture,
} from '../relay/test-fixture.js';
import { fixtureReaders, fixtureRelayer } from '../relay/test-relayer.js';
import { getDeliveryStatus } from './get-delivery-status.js';
import { readHubMessageState } from './hub-state.js';
import { reportDeliveries } from './report-deliveries.js';

let fixture: Fixture;
let reporter: LocalAccount;
let hub: Address;

beforeAll(async () => {
  fixture = await startFixture();
  const source = fixture.config.keys.reporter;
  if (!source || !fixture.addresses.hub) throw new Error('the default config names a reporter key and a hub');
  hub = fixture.addresses.hub;
  reporter = await resolveKey(source, {}, { allowTestMnemonic: true });
  await fund(reporter.address);
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
});

/** anvil funds only the first 10 mnemonic accounts; the reporter is index 26. */
async function fund(address: Address): Promise<void> {
  const test = createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls.ethereum) });
  await test.setBalance({ address, value: parseEther('10') });
}

const hubReader = () => createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });

const readers = () => fixtureReaders(fixture);

/** A signing client on the hub for `account`, with its own nonce manager. */
function hubSigner(account: LocalAccount) {
  const entry = createNetworkClients(fixture.config, withNonceManager(account), fixture.rpcUrls).get(1);
  if (!entry) throw new Error('no hub client');
  return entry.client;
}

const relayer = (options: { reporter?: LocalAccount; fromBlock?: bigint; onEvent?: (e: RelayerEvent) => void }) =>
  fixtureRelayer(fixture, options);

/** Dispatches a vault upgrade to every chain; returns its proposal id, message ids and dispatch block. */
async function dispatch(label: string): Promise<{ proposalId: Hex; messageIds: Hex[]; fromBlock: bigint }> {
  const fromBlock = (await hubReader().getBlockNumber()) + 1n;
  const proposalId = await dispatchVaultUpgrade(fixture, label);
  const { messages } = await scanDispatched({ client: hubReader(), hub, fromBlock });
  return { proposalId, messageIds: messages.map((m) => m.messageId), fromBlock };
}

describe('reportDeliveries', () => {
  it('moves the hub to Queued only after the receivers queue; a second call sends nothing', async () => {
    const { proposalId, messageIds, fromBlock } = await dispatch('ack-queued');
    const client = hubSigner(reporter);

    // Not delivered yet: nothing to acknowledge, nothing sent.
    const early = await reportDeliveries(client, {
      hub,
      receiver: fixture.addresses.receiver,
      clients: readers(),
      messageIds,
    });
    expect(early.map((r) => [r.outcome, r.receiverStatus, r.hubState])).toEqual(
      Array(3).fill(['not-reached', 'None', 'Dispatched']),
    );
    const stuck = await getDeliveryStatus({ hubClient: hubReader(), hub, id: proposalId });
    expect(stuck.messages.map((m) => [m.chainId, m.hubState])).toEqual(NETWORKS.map((n) => [n.chainId, 'Dispatched']));
    expect(stuck.allChainsReached.queued).toEqual({ ready: false, reached: 0, total: 3 });

    // Delivered by a relayer without a reporter: the receivers are Queued, the hub still says Dispatched.
    expect((await relayer({ fromBlock }).runOnce()).acknowledged).toEqual([]);
    expect(
      (await getDeliveryStatus({ hubClient: hubReader(), hub, id: proposalId })).allChainsReached.queued.ready,
    ).toBe(false);

    const reports = await reportDeliveries(client, {
      hub,
      receiver: fixture.addresses.receiver,
      clients: readers(),
      messageIds,
    });
    expect(reports.map((r) => [r.outcome, r.before, r.hubState, r.receiverStatus])).toEqual(
      Array(3).fill(['marked', 'Dispatched', 'Queued', 'Queued']),
    );
    const status = await getDeliveryStatus({ hubClient: hubReader(), hub, id: proposalId });
    expect(status.messages.map((m) => m.hubState)).toEqual(['Queued', 'Queued', 'Queued']);
    expect(status.allChainsReached).toEqual({
      queued: { ready: true, reached: 3, total: 3 },
      executed: { ready: false, reached: 0, total: 3 },
    });

    const nonce = await nonceOf(fixture.rpcUrls.ethereum, reporter.address);
    const again = await reportDeliveries(client, {
      hub,
      receiver: fixture.addresses.receiver,
      clients: readers(),
      messageIds,
    });
    expect(again.map((r) => r.outcome)).toEqual(['up-to-date', 'up-to-date', 'up-to-date']);
    expect(await nonceOf(fixture.rpcUrls.ethereum, reporter.address)).toBe(nonce);
  });

  it('two reporters at once: each message is marked exactly once, the loser sees a race, not an error', async () => {
    const { messageIds, fromBlock } = await dispatch('ack-race');
    await relayer({ fromBlock }).runOnce();
    // A second reporter, allowed by the timelock (impersonated: test scaffolding only).
    const second = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 27 });
    await fund(second.address);
    await allowReporter(second.address);

    const parameters = { hub, receiver: fixture.addresses.receiver, clients: readers(), messageIds };
    const [a, b] = await Promise.all([
      reportDeliveries(hubSigner(reporter), parameters),
      reportDeliveries(hubSigner(second), parameters),
    ]);
    for (const messageId of messageIds) {
      const outcomes = [a, b].map((reports) => reports.find((r) => r.messageId === messageId)?.outcome);
      expect(outcomes.filter((o) => o === 'marked')).toHaveLength(1);
      const failed = [a, b].flatMap((reports) => reports.filter((r) => r.outcome === 'failed'));
      expect(failed.map((r) => ('error' in r ? r.error.message : ''))).toEqual([]);
      expect(outcomes.every((o) => o === 'marked' || o === 'raced' || o === 'up-to-date')).toBe(true);
      expect((await readHubMessageState(hubReader(), hub, messageId)).state).toBe('Queued');
    }
  });

  it('refuses an account that is not a reporter, before sending anything', async () => {
    const { messageIds } = await dispatch('ack-not-reporter');
    const nonce = await nonceOf(fixture.rpcUrls.ethereum, fixture.relayer.address);
    const error = await reportDeliveries(hubSigner(fixture.relayer), {
      hub,
      receiver: fixture.addresses.receiver,
      clients: readers(),
      messageIds,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReporterNotAllowedError);
    expect(error).toMatchObject({ reporter: fixture.relayer.address, hub });
    expect(await nonceOf(fixture.rpcUrls.ethereum, fixture.relayer.address)).toBe(nonce);
  });

  it('the relayer acknowledges what it delivers; executeUntilDone acknowledges Executed', async () => {
    const { proposalId, messageIds, fromBlock } = await dispatch('ack-relayer');
    const events: RelayerEvent[] = [];
    const round = await relayer({ reporter, fromBlock, onEvent: (e) => events.push(e) }).runOnce();
    expect(round.delivered).toHaveLength(3);
    expect(round.acknowledged.map((r) => [r.outcome, r.hubState])).toEqual(Array(3).fill(['marked', 'Queued']));
    expect(events.filter((e) => e.type === 'acknowledged')).toHaveLength(3);
    expect(
      (await getDeliveryStatus({ hubClient: hubReader(), hub, id: proposalId })).allChainsReached.queued.ready,
    ).toBe(true);

    // A restarted relayer finds everything delivered and acknowledged: reads only.
    const nonce = await nonceOf(fixture.rpcUrls.ethereum, reporter.address);
    const restarted = await relayer({ reporter, fromBlock }).runOnce();
    expect(restarted.acknowledged.map((r) => r.outcome)).toEqual(['up-to-date', 'up-to-date', 'up-to-date']);
    expect(await nonceOf(fixture.rpcUrls.ethereum, reporter.address)).toBe(nonce);

    await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', 5400 + 60)));
    const clients = Object.fromEntries(
      [...createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls)].map(([id, e]) => [id, e.client]),
    );
    const { messages } = await scanDispatched({ client: hubReader(), hub, fromBlock });
    const acknowledged: string[] = [];
    const reports = await executeUntilDone({
      clients,
      receiver: fixture.addresses.receiver,
      messages,
      pollIntervalMs: 100,
      reporter: { client: hubSigner(reporter), hub },
      onAcknowledged: (round) => acknowledged.push(...round.map((r) => `${r.outcome}:${r.hubState}`)),
    });
    expect(reports.map((r) => r.status)).toEqual(['executed', 'executed', 'executed']);
    expect(acknowledged).toEqual(Array(3).fill('marked:Executed'));
    const status = await getDeliveryStatus({ hubClient: hubReader(), hub, id: proposalId });
    expect(status.allChainsReached.executed).toEqual({ ready: true, reached: 3, total: 3 });
    for (const messageId of messageIds) {
      const { chainId } = await readHubMessageState(hubReader(), hub, messageId);
      const network = NETWORKS.find((n) => n.chainId === chainId);
      const destination = createPublicClient({ transport: http(fixture.rpcUrls[network?.name ?? '']) });
      expect((await readMessageState(destination, fixture.addresses.receiver, messageId)).status).toBe('Executed');
    }
  });

  it('skips Queued when the acknowledgement was missed: Dispatched → Executed in one step', async () => {
    const { proposalId, messageIds, fromBlock } = await dispatch('ack-skip-queued');
    await relayer({ fromBlock }).runOnce();
    await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', 5400 + 60)));
    const clients = Object.fromEntries(
      [...createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls)].map(([id, e]) => [id, e.client]),
    );
    const { messages } = await scanDispatched({ client: hubReader(), hub, fromBlock });
    await executeUntilDone({ clients, receiver: fixture.addresses.receiver, messages, pollIntervalMs: 100 });
    expect(
      (await getDeliveryStatus({ hubClient: hubReader(), hub, id: proposalId })).allChainsReached.queued.reached,
    ).toBe(0);
    const reports = await reportDeliveries(hubSigner(reporter), {
      hub,
      receiver: fixture.addresses.receiver,
      clients: readers(),
      messageIds: [...messageIds, `0x${'ab'.repeat(32)}`],
    });
    expect(reports.map((r) => [r.outcome, r.before, r.hubState])).toEqual([
      ...Array(3).fill(['marked', 'Dispatched', 'Executed']),
      ['unknown-message', 'None', 'None'],
    ]);
  });
});

/** `hub.configure` allowing `reporter`, as the timelock (impersonated: a council Config proposal's effect). */
async function allowReporter(reporter: Address): Promise<void> {
  const rpcUrl = fixture.rpcUrls.ethereum;
  const timelock = fixture.addresses.timelock;
  if (!timelock) throw new Error('no timelock');
  const test = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
  await test.impersonateAccount({ address: timelock });
  await test.setBalance({ address: timelock, value: parseEther('1') });
  try {
    const wallet = createWalletClient({ account: timelock, transport: http(rpcUrl) });
    const hash = await wallet.writeContract({
      chain: null,
      address: hub,
      abi: governanceHubAbi,
      functionName: 'configure',
      args: [keccak256(toHex('allow-reporter')), FAR_DEADLINE, [], [], [{ reporter, allowed: true }]],
    });
    await hubReader().waitForTransactionReceipt({ hash });
  } finally {
    await test.stopImpersonatingAccount({ address: timelock });
  }
}
