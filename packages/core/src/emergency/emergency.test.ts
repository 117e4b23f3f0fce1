/**
 * The emergency path end to end on real anvils (ethereum hub, arbitrum, optimism) with the default
 * deployment: council (4 of 9 for emergencies) → hub → guardian relayer → each receiver pauses or
 * unpauses the example vault (a UUPS proxy it owns and registered) on confirmation, with no delay.
 */
import { securityCouncilAbi, upgradeReceiverAbi, vaultV1Abi } from '@lockstep/client';
import { type Address, createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { describeApproval } from '../council/describe-approval.js';
import { getProposalStatus } from '../council/get-proposal-status.js';
import { signApproval } from '../council/sign-approval.js';
import { submitApprovals } from '../council/submit-approvals.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { CouncilError, CouncilRevertError } from '../errors/council.js';
import { ratifyWithFallback } from '../fallback/ratify-with-fallback.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { deliverMessage } from '../relay/guardian/deliver-message.js';
import { type Fixture, NETWORKS, startFixture } from '../relay/test-fixture.js';
import { fixtureRelayer } from '../relay/test-relayer.js';
import { executeEmergency } from './execute-emergency.js';
import { getPausedStates } from './get-paused-states.js';
import { proposeEmergency } from './propose-emergency.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;
const ARBITRUM = 42161;
const OPTIMISM = 10;

let fixture: Fixture;
let council: Address;
let vault: Address;

const member = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
const urlOf = (chainId: number) => fixture.rpcUrls[NETWORKS.find((n) => n.chainId === chainId)?.name ?? ''] ?? '';
const reader = (chainId: number) => createPublicClient({ transport: http(urlOf(chainId)) });
const hubClient = (i: number) => createWalletClient({ account: member(i), transport: http(urlOf(1)) });
const everyVault = () => NETWORKS.map((n) => ({ chainId: n.chainId, target: vault }));

beforeAll(async () => {
  fixture = await startFixture();
  if (!fixture.addresses.council || !fixture.addresses.vault) throw new Error('hub deployment incomplete');
  council = fixture.addresses.council;
  vault = fixture.addresses.vault;
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

/** Members `who` approve offline; member 9 submits their signatures in one transaction. */
async function approve(actionId: Hex, who: readonly number[]): Promise<number> {
  const described = await describeApproval(hubClient(9), { council, proposalId: actionId });
  const signed = await Promise.all(who.map((i) => signApproval(member(i), described)));
  return (await submitApprovals(hubClient(9), { council, proposalId: actionId, approvals: signed })).approvals;
}

/**
 * Proposes, approves with its quorum (a pause: the emergency threshold, 4; an unpause: the full
 * threshold, 6) and executes; returns the hub's messages.
 */
async function emergency(
  pause: boolean,
  targets: { chainId: number; target: Address }[] = everyVault(),
): Promise<{ actionId: Hex; messages: Omit<DispatchedMessage, HubLogFields>[]; block: bigint }> {
  const { actionId } = await proposeEmergency(hubClient(1), { council, pause, targets });
  const quorum = pause ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6];
  expect(await approve(actionId, quorum)).toBe(quorum.length);
  const executed = await executeEmergency(hubClient(9), { council, actionId });
  return { actionId, messages: executed.messages, block: executed.blockNumber };
}

const relay = (fromBlock: bigint) => fixtureRelayer(fixture, { fromBlock }).runOnce();

const readers = () => Object.fromEntries(NETWORKS.map((n) => [n.chainId, reader(n.chainId)]));
const pausedEverywhere = async () =>
  (await getPausedStates({ clients: readers(), targets: everyVault() })).map((s) => s.paused);

const timestamps = () => Promise.all(NETWORKS.map(async (n) => (await reader(n.chainId).getBlock()).timestamp));

describe('emergency pause and unpause', () => {
  it('the vault on every chain belongs to the receiver, which registered it', async () => {
    for (const n of NETWORKS) {
      const [owner, registered] = await Promise.all([
        reader(n.chainId).readContract({ address: vault, abi: vaultV1Abi, functionName: 'owner' }),
        reader(n.chainId).readContract({
          address: fixture.addresses.receiver,
          abi: upgradeReceiverAbi,
          functionName: 'isRegistered',
          args: [vault],
        }),
      ]);
      expect([owner, registered]).toEqual([fixture.addresses.receiver, true]);
    }
    expect(await pausedEverywhere()).toEqual([false, false, false]);
    // Not a pausable target, or no client for its chain: unreadable, not an error.
    const odd = await getPausedStates({
      clients: readers(),
      targets: [
        { chainId: ARBITRUM, target: fixture.addresses.receiver },
        { chainId: 137, target: vault },
      ],
    });
    expect(odd.map((s) => s.paused)).toEqual([undefined, undefined]);
  });

  it('pauses with 4 approvals and no timelock: refused at 3 with the quorum error decoded', async () => {
    const { actionId, expiresAt } = await proposeEmergency(hubClient(1), {
      council,
      pause: true,
      targets: everyVault(),
    });
    const created = (await reader(1).getBlock()).timestamp;
    expect(BigInt(expiresAt)).toBe(created + 3n * 24n * 3600n);

    // The council's approval actions serve emergencies as they are: kind 3, the emergency quorum.
    const described = await describeApproval(hubClient(2), { council, proposalId: actionId });
    expect([described.kind, described.status, described.typedData.message.kind]).toEqual(['emergency', 'pending', 3]);
    expect(described.digest).toBe(
      await reader(1).readContract({
        address: council,
        abi: securityCouncilAbi,
        functionName: 'approvalDigest',
        args: [actionId],
      }),
    );
    expect(described.call.target).toBe(fixture.addresses.hub);
    expect(described.actions).toEqual([]);
    expect(await approve(actionId, [1, 2, 3])).toBe(3);
    const status = await getProposalStatus(hubClient(1), { council, proposalId: actionId });
    expect(status).toMatchObject({ kind: 'emergency', approvals: 3, quorum: 4, operation: undefined });

    const refused = await executeEmergency(hubClient(9), { council, actionId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CouncilRevertError);
    expect(refused).toMatchObject({ errorName: 'CouncilQuorumNotMet', args: [actionId, 3n, 4n] });
    expect((refused as CouncilRevertError).shortMessage).toMatch(/3 of 4 approvals/);

    expect(await approve(actionId, [4])).toBe(4);
    const before = await timestamps();
    const executed = await executeEmergency(hubClient(9), { council, actionId });
    expect(executed.pause).toBe(true);
    expect(executed.messages.map((m) => [m.chainId, m.kind, m.actionId, m.targets])).toEqual(
      NETWORKS.map((n) => [n.chainId, 'pause', actionId, [vault]]),
    );

    const round = await relay(executed.blockNumber);
    expect(round.failed).toEqual([]);
    expect(round.delivered).toHaveLength(3);
    // Each delivery reports what it did to every target: here, paused.
    for (const delivered of round.delivered) {
      expect(delivered.emergency).toEqual({
        pause: true,
        targets: [{ target: vault, pause: true, outcome: 'applied' }],
        problems: [],
      });
    }
    expect(await pausedEverywhere()).toEqual([true, true, true]);
    for (const m of executed.messages) {
      expect((await readMessageState(reader(m.chainId), fixture.addresses.receiver, m.messageId)).status).toBe(
        'Executed',
      );
    }
    // No time was advanced: well inside the receiver's one-hour minimum delay for upgrades.
    const after = await timestamps();
    after.forEach((t, i) => {
      expect(t - (before[i] ?? 0n)).toBeLessThan(BigInt(fixture.config.receiver.minDelay));
    });

    const twice = await executeEmergency(hubClient(9), { council, actionId }).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(CouncilError);
    expect((twice as CouncilError).reason).toBe('not-ready');
  });

  it('unpauses only with the full threshold (6): the emergency threshold (4) is refused', async () => {
    const { actionId } = await proposeEmergency(hubClient(1), { council, pause: false, targets: everyVault() });
    expect(await approve(actionId, [1, 2, 3, 4])).toBe(4);
    expect(await getProposalStatus(hubClient(1), { council, proposalId: actionId })).toMatchObject({
      kind: 'emergency',
      approvals: 4,
      quorum: 6,
    });
    const refused = await executeEmergency(hubClient(9), { council, actionId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ errorName: 'CouncilQuorumNotMet', args: [actionId, 4n, 6n] });
    expect(await approve(actionId, [5, 6])).toBe(6);
    const executed = await executeEmergency(hubClient(9), { council, actionId });
    expect(executed.messages.map((m) => m.kind)).toEqual(['unpause', 'unpause', 'unpause']);
    // The hub stamps its time on the payload: receivers order an unpause against each target's pauses.
    const hubTime = Number((await reader(1).getBlock({ blockNumber: executed.blockNumber })).timestamp);
    expect(executed.messages.map((m) => m.issuedAt)).toEqual([hubTime, hubTime, hubTime]);
    const round = await relay(executed.blockNumber);
    expect(round.failed).toEqual([]);
    expect(round.delivered.map((d) => d.emergency?.targets)).toEqual(
      NETWORKS.map(() => [{ target: vault, pause: false, outcome: 'applied' }]),
    );
    expect(await pausedEverywhere()).toEqual([false, false, false]);
  });

  it('reports every target: a target that is not a registered proxy is named, the others still paused', async () => {
    const unregistered = fixture.addresses.vaultV2;
    if (!unregistered) throw new Error('no vaultV2');
    const { messages, block } = await emergency(true, [
      { chainId: ARBITRUM, target: vault },
      { chainId: ARBITRUM, target: unregistered },
    ]);
    expect(messages).toHaveLength(1);
    const round = await relay(block);
    expect(round.failed).toEqual([]);
    const [delivered] = round.delivered;
    expect(delivered?.emergency).toEqual({
      pause: true,
      targets: [
        { target: vault, pause: true, outcome: 'applied' },
        { target: unregistered, pause: true, outcome: 'not-registered' },
      ],
      problems: [{ target: unregistered, pause: true, outcome: 'not-registered' }],
    });
    // Pausing an already paused target again: unchanged, not a problem.
    const again = await emergency(true, [{ chainId: ARBITRUM, target: vault }]);
    const [second] = (await relay(again.block)).delivered;
    expect(second?.emergency?.targets).toEqual([{ target: vault, pause: true, outcome: 'unchanged' }]);
    expect(second?.emergency?.problems).toEqual([]);
    const back = await emergency(false, [{ chainId: ARBITRUM, target: vault }]);
    await relay(back.block);
    expect(await pausedEverywhere()).toEqual([false, false, false]);
  });

  it('an unpause older than a pause applied to the target is stale: consumed, the target stays paused', async () => {
    const unpause = await emergency(false);
    const pause = await emergency(true);
    const entries = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls);
    const source = localAttestationSource({
      keys: fixture.guardianKeys,
      adapter: adapterAddress(fixture.addresses, 'guardian'),
      clients: { [ARBITRUM]: reader(ARBITRUM), [OPTIMISM]: reader(OPTIMISM) },
    });
    const deliver = async (message: Omit<DispatchedMessage, HubLogFields>) => {
      const client = entries.get(message.chainId)?.client;
      if (!client) throw new Error(`no client for ${message.chainId}`);
      return deliverMessage({
        client,
        adapter: adapterAddress(fixture.addresses, 'guardian'),
        receiver: fixture.addresses.receiver,
        message: { messageId: message.messageId, chainId: message.chainId, encoded: message.encoded },
        attestations: await source.fetch(message.messageId, message.chainId),
      });
    };
    const on = (messages: Omit<DispatchedMessage, HubLogFields>[], chainId: number) => {
      const found = messages.find((m) => m.chainId === chainId);
      if (!found) throw new Error(`no message to ${chainId}`);
      return found;
    };
    // The hub's outbox nonce grows with every message, one per chain.
    expect(on(unpause.messages, ARBITRUM).nonce).toBeLessThan(on(pause.messages, ARBITRUM).nonce);
    // The newer pause lands first on arbitrum and optimism...
    for (const chainId of [ARBITRUM, OPTIMISM]) {
      expect(await deliver(on(pause.messages, chainId))).toMatchObject({
        status: 'delivered',
        emergency: { targets: [{ target: vault, pause: true, outcome: 'applied' }], problems: [] },
      });
    }
    // ...then the older unpause is consumed but leaves the target paused: through the guardians,
    const stale = await deliver(on(unpause.messages, ARBITRUM));
    expect(stale).toMatchObject({ status: 'delivered', receiverStatus: 'Executed' });
    expect(stale.status === 'delivered' ? stale.emergency : undefined).toEqual({
      pause: false,
      targets: [{ target: vault, pause: false, outcome: 'stale' }],
      problems: [{ target: vault, pause: false, outcome: 'stale' }],
    });
    // and through the council fallback.
    const ratified = await ratifyWithFallback({
      clients: { [OPTIMISM]: createWalletClient({ account: member(8), transport: http(urlOf(OPTIMISM)) }) },
      adapter: adapterAddress(fixture.addresses, 'fallback'),
      receiver: fixture.addresses.receiver,
      messages: [on(unpause.messages, OPTIMISM)],
      accounts: [1, 2, 3, 4, 5, 6].map(member),
    });
    expect(ratified.failed).toEqual([]);
    expect(ratified.ratified.map((r) => r.emergency?.problems)).toEqual([
      [{ target: vault, pause: false, outcome: 'stale' }],
    ]);
    const [, arbitrumPaused, optimismPaused] = await pausedEverywhere();
    expect([arbitrumPaused, optimismPaused]).toEqual([true, true]);
    for (const chainId of [ARBITRUM, OPTIMISM]) {
      const [issuedAt, nonce] = await reader(chainId).readContract({
        address: fixture.addresses.receiver,
        abi: upgradeReceiverAbi,
        functionName: 'lastPause',
        args: [vault],
      });
      expect([issuedAt, nonce]).toEqual([on(pause.messages, chainId).issuedAt, on(pause.messages, chainId).nonce]);
    }
  });
});
