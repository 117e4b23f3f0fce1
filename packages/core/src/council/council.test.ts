import { securityCouncilAbi } from '@lockstep/client';
import { type Address, createPublicClient, createTestClient, createWalletClient, http, keccak256, toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { defaultConfig, TEST_MNEMONIC } from '../config/defaults.js';
import { resolveKey } from '../config/resolve-key.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import { advanceTime } from '../devnet/advance-time.js';
import { CouncilError, CouncilRevertError, StaleUpgradeError } from '../errors/council.js';
import { executeReady } from '../executor/execute-ready.js';
import { createRelayer } from '../relay/create-relayer.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import { approveOnChain } from './approve-on-chain.js';
import { describeApproval } from './describe-approval.js';
import { executeProposal } from './execute-proposal.js';
import { getCouncilLiveness } from './get-council-liveness.js';
import { getProposalStatus } from './get-proposal-status.js';
import { proposeUpgrade } from './propose-upgrade.js';
import { scheduleProposal } from './schedule-proposal.js';
import { signApproval } from './sign-approval.js';
import { submitApprovals } from './submit-approvals.js';
import { type CouncilFixture, DEPLOY_TIMEOUT, member, startCouncilFixture, TWO_DAYS } from './test-fixture.js';

let fixture: CouncilFixture;
let hubUrl: string;
let arbitrumUrl: string;
let addresses: DeploymentAddresses;
let council: Address;

const clientOf = (i: number) => fixture.clientOf(i);
const upgradeActions = () => fixture.upgradeActions();
const propose = () => fixture.propose();

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

beforeAll(async () => {
  fixture = await startCouncilFixture();
  ({ hubUrl, arbitrumUrl, addresses, council } = fixture);
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

describe('council actions', () => {
  it('refuses a proposal from a non-member with the council error named', async () => {
    const outsider = createWalletClient({ account: member(0), transport: http(hubUrl) });
    const error = await proposeUpgrade(outsider, {
      council,
      actions: upgradeActions(),
      auditReportHash: keccak256(toHex('audit')),
      rpcUrls: { 42161: arbitrumUrl },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CouncilRevertError);
    expect((error as CouncilRevertError).errorName).toBe('CouncilNotMember');
    expect((error as CouncilRevertError).shortMessage).toMatch(
      new RegExp(`is not a member of the council.*${member(0).address}|${member(0).address}.*not a member`),
    );
  });

  it('describes what a member signs: domain, digest equal to the council, decoded actions per chain', async () => {
    const proposalId = await propose();
    const described = await describeApproval(clientOf(2), { council, proposalId, rpcUrls: { 42161: arbitrumUrl } });
    const onChain = await readContract(clientOf(2), {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'approvalDigest',
      args: [proposalId],
    });
    expect(described.digest).toBe(onChain);
    expect(described.typedData.domain).toEqual({
      name: 'Lockstep Security Council',
      version: '1',
      chainId: 1,
      verifyingContract: council,
    });
    expect(described.typedData.message).toEqual({ proposalId, kind: 1 });
    expect([described.kind, described.status]).toEqual(['upgrade', 'pending']);
    expect(described.chains.map((c) => c.chainId)).toEqual([1, 42161]);
    for (const action of described.actions) {
      expect(action).toMatchObject({
        proxy: addresses.vault,
        // Left out of the proposal: filled from each chain's registry (the vault starts on V1).
        previousImplementation: addresses.vaultV1,
        implementation: addresses.vaultV2,
        data: '0x',
      });
      expect(action.codehashCheck).toEqual({ status: 'match' });
      expect(action.previousImplementationCheck).toEqual({ status: 'current' });
    }
    // Without an RPC for arbitrum, its action is reported unchecked rather than guessed.
    const hubOnly = await describeApproval(clientOf(2), { council, proposalId });
    expect(hubOnly.actions.map((a) => a.codehashCheck.status)).toEqual(['match', 'unchecked']);
    expect(hubOnly.actions.map((a) => a.previousImplementationCheck.status)).toEqual(['current', 'unchecked']);
  });

  it('5 approvals: schedule fails with CouncilQuorumNotMet decoded', async () => {
    const proposalId = await propose();
    for (const i of [1, 2, 3, 4, 5]) await approveOnChain(clientOf(i), { council, proposalId });
    const status = await getProposalStatus(clientOf(1), { council, proposalId });
    expect([status.approvals, status.quorum, status.approvedBy.length]).toEqual([5, 6, 5]);
    const error = await scheduleProposal(clientOf(1), { council, proposalId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CouncilRevertError);
    expect((error as CouncilRevertError).errorName).toBe('CouncilQuorumNotMet');
    expect((error as CouncilRevertError).args).toEqual([proposalId, 5n, 6n]);
    expect((error as CouncilRevertError).shortMessage).toMatch(
      /^schedule reverted with CouncilQuorumNotMet\(.*5 of 6 approvals/,
    );
    const again = await approveOnChain(clientOf(5), { council, proposalId }).catch((e: unknown) => e);
    expect((again as CouncilRevertError).errorName).toBe('CouncilAlreadyApproved');
  });

  it(
    '6 offline signatures in one transaction (any order), schedule, wait 2 days, execute: one message per chain',
    async () => {
      const proposalId = await propose();
      const status0 = await getProposalStatus(clientOf(1), { council, proposalId });
      expect(status0).toMatchObject({ kind: 'upgrade', status: 'pending', approvals: 0, quorum: 6, messages: [] });
      expect(status0.operation?.state).toBe('unset');

      const described = await describeApproval(clientOf(1), { council, proposalId });
      const signed = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => signApproval(member(i), described)));
      expect(signed.every((s) => s.digest === described.digest && s.council === council)).toBe(true);

      // A signature filed under someone else is caught before any transaction.
      const [first, second] = signed;
      if (!first || !second) throw new Error('signatures');
      const misfiled = await submitApprovals(clientOf(9), {
        council,
        proposalId,
        approvals: [{ signer: second.signer, signature: first.signature }],
      }).catch((e: unknown) => e);
      expect((misfiled as CouncilError).reason).toBe('invalid-signature');

      const early = await executeProposal(clientOf(9), { council, proposalId }).catch((e: unknown) => e);
      expect(early).toBeInstanceOf(CouncilError);
      expect((early as CouncilError).shortMessage).toMatch(/not scheduled \(0 of 6 approvals\)/);

      const submitted = await submitApprovals(clientOf(9), { council, proposalId, approvals: shuffle(signed) });
      const ascending = [...submitted.signers].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      expect(submitted.signers).toEqual(ascending);
      expect(submitted.approvals).toBe(6);

      const scheduled = await scheduleProposal(clientOf(9), { council, proposalId });
      expect(scheduled.delay).toBe(BigInt(TWO_DAYS));
      const status1 = await getProposalStatus(clientOf(1), { council, proposalId });
      expect(status1.status).toBe('scheduled');
      expect(status1.operation).toMatchObject({
        id: scheduled.operationId,
        state: 'pending',
        readyAt: scheduled.readyAt,
      });

      const waiting = await executeProposal(clientOf(9), { council, proposalId }).catch((e: unknown) => e);
      expect((waiting as CouncilError).reason).toBe('not-ready');

      await advanceTime(hubUrl, TWO_DAYS);
      expect((await getProposalStatus(clientOf(1), { council, proposalId })).operation?.state).toBe('ready');

      const executed = await executeProposal(clientOf(9), { council, proposalId });
      expect(executed.messages.map((m) => [m.chainId, m.kind, m.proposalId])).toEqual([
        [1, 'upgrade', proposalId],
        [42161, 'upgrade', proposalId],
      ]);
      const [onHub, onArbitrum] = executed.messages;
      expect(onHub?.activationTime).toBe(onArbitrum?.activationTime);
      expect(onArbitrum?.actions).toEqual([
        {
          proxy: addresses.vault,
          previousImplementation: addresses.vaultV1,
          implementation: addresses.vaultV2,
          codehash: described.actions[1]?.codehash,
          data: '0x',
        },
      ]);
      expect(onArbitrum?.receiver).toBe(addresses.receiver);

      const status2 = await getProposalStatus(clientOf(1), { council, proposalId });
      expect(status2.operation?.state).toBe('done');
      // The timelock ran: the proposal shows executed although the council's record stays scheduled.
      expect([status2.status, status2.councilStatus]).toEqual(['executed', 'scheduled']);
      expect(status2.messages).toEqual(
        executed.messages.map((m) => ({
          messageId: m.messageId,
          chainId: m.chainId,
          state: 'dispatched',
          hubState: 'dispatched',
          receiverStatus: null,
        })),
      );
      expect(status2.allExecuted).toBe(false);

      // Delivered and executed on both chains, with no reporter acknowledging on the hub: the
      // receivers' own state is what the status shows.
      const readers = {
        1: createPublicClient({ transport: http(hubUrl) }),
        42161: createPublicClient({ transport: http(arbitrumUrl) }),
      };
      const withReceivers = () =>
        getProposalStatus(clientOf(1), {
          council,
          proposalId,
          receivers: { receiver: addresses.receiver, clients: readers },
        });
      const config = defaultConfig();
      config.networks = config.networks.filter((n) => n.name === 'ethereum' || n.name === 'arbitrum');
      const guardianKeys = Array.from({ length: 15 }, (_, i) =>
        toHex(mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 10 + i }).getHdKey().privateKey ?? new Uint8Array()),
      );
      const rpcUrls = { ethereum: hubUrl, arbitrum: arbitrumUrl };
      const relayerKey = await resolveKey(config.keys.relayer ?? { env: 'NONE' }, {}, { allowTestMnemonic: true });
      const relayer = createRelayer({
        config,
        account: relayerKey,
        rpcUrls,
        source: localAttestationSource({
          keys: guardianKeys,
          adapter: adapterAddress(addresses, 'guardian'),
          clients: readers,
        }),
        addresses: {
          hub: addresses.hub ?? council,
          receiver: addresses.receiver,
          adapters: addresses.adapters,
        },
      });
      // Snapshots: the later tests expect the vaults not upgraded.
      const testClients = [hubUrl, arbitrumUrl].map((url) => createTestClient({ mode: 'anvil', transport: http(url) }));
      const snapshots = await Promise.all(testClients.map((c) => c.snapshot()));
      expect((await relayer.runOnce()).delivered).toHaveLength(2);
      const queued = await withReceivers();
      expect(queued.messages.map((m) => [m.state, m.hubState, m.receiverStatus])).toEqual([
        ['queued', 'dispatched', 'Queued'],
        ['queued', 'dispatched', 'Queued'],
      ]);

      const activation = Number(onHub?.activationTime ?? 0);
      for (const url of [hubUrl, arbitrumUrl]) {
        const { timestamp } = await createPublicClient({ transport: http(url) }).getBlock();
        await advanceTime(url, Math.max(0, activation - Number(timestamp) + 60));
      }
      const networkClients = createNetworkClients(config, relayerKey, rpcUrls);
      const clients = Object.fromEntries([...networkClients].map(([chainId, entry]) => [chainId, entry.client]));
      const { messages } = await scanDispatched({ client: readers[1], hub: addresses.hub ?? council });
      const ran = await executeReady({ clients, receiver: addresses.receiver, messages });
      expect(ran.map((r) => r.status)).toEqual(['executed', 'executed']);
      const done = await withReceivers();
      expect(done.messages.map((m) => [m.state, m.hubState, m.receiverStatus])).toEqual([
        ['executed', 'dispatched', 'Executed'],
        ['executed', 'dispatched', 'Executed'],
      ]);
      expect(done.allExecuted).toBe(true);
      await Promise.all(testClients.map((c, i) => c.revert({ id: snapshots[i] ?? '0x' })));
    },
    DEPLOY_TIMEOUT,
  );

  it('fills previousImplementation from each chain’s registry, and refuses a stale or unregistered one', async () => {
    const { vault, vaultV1, vaultV2 } = addresses;
    if (!vault || !vaultV1 || !vaultV2) throw new Error('the local deployment has the example vault');
    const audit = { auditReportHash: keccak256(toHex('audit')), rpcUrls: { 42161: arbitrumUrl } };
    const given = await proposeUpgrade(clientOf(1), {
      council,
      actions: [{ chainId: 42161, proxy: vault, previousImplementation: vaultV1, implementation: vaultV2 }],
      ...audit,
    });
    expect(given.actions.map((a) => a.previousImplementation)).toEqual([vaultV1]);

    // A previous implementation the proxy does not run: the receiver would refuse it when it executes.
    const stale = await proposeUpgrade(clientOf(1), {
      council,
      actions: [
        { chainId: 1, proxy: vault, implementation: vaultV2 },
        { chainId: 42161, proxy: vault, previousImplementation: vaultV2, implementation: vaultV2 },
      ],
      ...audit,
    }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleUpgradeError);
    expect(stale).toMatchObject({
      reason: 'previous-mismatch',
      chainId: 42161,
      proxy: vault,
      given: vaultV2,
      current: vaultV1,
    });
    expect((stale as StaleUpgradeError).shortMessage).toMatch(
      new RegExp(`runs ${vaultV1} .*RegistryStaleUpgrade.*set previousImplementation to ${vaultV1}, or leave it out`),
    );

    // A proxy the chain's receiver never registered (here: the implementation itself).
    const unregistered = await proposeUpgrade(clientOf(1), {
      council,
      actions: [{ chainId: 42161, proxy: vaultV1, implementation: vaultV2 }],
      ...audit,
    }).catch((e: unknown) => e);
    expect(unregistered).toMatchObject({ name: 'StaleUpgradeError', reason: 'not-registered', current: undefined });
    expect((unregistered as StaleUpgradeError).shortMessage).toMatch(
      /is not registered on chain 42161.*register the proxy/,
    );

    // A chain the hub does not know: refused before anything is read there, even fully given
    // (it would pass approval and the timelock, then revert at dispatch).
    const unknown = await proposeUpgrade(clientOf(1), {
      council,
      actions: [
        {
          chainId: 8453,
          proxy: vault,
          previousImplementation: vaultV1,
          implementation: vaultV2,
          codehash: keccak256(toHex('x')),
        },
      ],
      auditReportHash: keccak256(toHex('audit')),
    }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ name: 'CouncilError', reason: 'invalid-input' });
    expect((unknown as CouncilError).shortMessage).toMatch(
      /chain 8453 is not configured on the hub .*check the chain id/,
    );

    // No RPC for a chain: only a fully given action (codehash and previous implementation) goes on.
    const blind = await proposeUpgrade(clientOf(1), {
      council,
      actions: [{ chainId: 42161, proxy: vault, implementation: vaultV2 }],
      auditReportHash: keccak256(toHex('audit')),
    }).catch((e: unknown) => e);
    expect(blind).toMatchObject({ name: 'CouncilError', reason: 'invalid-input' });
    expect((blind as CouncilError).shortMessage).toMatch(
      /no RPC for chain 42161 .*codehash and a previousImplementation/,
    );
  });

  it('the liveness horizon: the threshold-th latest term end of the current members', async () => {
    const liveness = await getCouncilLiveness(clientOf(1), { council });
    expect([liveness.threshold, liveness.membersVersion, liveness.seats.length]).toEqual([6, 1, 9]);
    // The default config: 365-day terms in 3 cohorts ending after 121, 243 and 365 days; at 6 of 9
    // the council can act until the middle cohort's seats end.
    const ends = [...new Set(liveness.seats.map((s) => s.termEnd))].sort((a, b) => a - b);
    expect(ends).toHaveLength(3);
    expect(liveness.horizon).toBe(ends[1]);
    expect(liveness.level).toBe('ok');
    await advanceTime(hubUrl, liveness.secondsLeft - 30 * 86_400);
    expect((await getCouncilLiveness(clientOf(1), { council })).level).toBe('warning');
  });

  it('names an unknown proposal', async () => {
    const error = await getProposalStatus(clientOf(1), { council, proposalId: keccak256(toHex('nope')) }).catch(
      (e: unknown) => e,
    );
    expect((error as CouncilError).reason).toBe('unknown-proposal');
  });
});
