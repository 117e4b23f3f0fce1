import { createPublicClient, getAddress, http, keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TIMEOUT } from '../council/test-fixture.js';
import { RehearsalError } from './errors.js';
import { rehearseProposal } from './rehearse.js';
import { EIP1967_IMPLEMENTATION_SLOT, OWNABLE_NAMESPACE } from './slots.js';
import {
  draftDocument,
  type RehearsalDevnet,
  startRehearsalDevnet,
  submittedDocument,
  transferOwnershipData,
  vaultActions,
} from './test-fixture.js';

let devnet: RehearsalDevnet;
const REHEARSAL_TIMEOUT = 180_000;
const ATTACKER = getAddress('0x000000000000000000000000000000000000a77a');

beforeAll(async () => {
  devnet = await startRehearsalDevnet();
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await devnet?.stop();
});

const rehearse = (document: Parameters<typeof rehearseProposal>[0]['document'], impersonateMissing = false) =>
  rehearseProposal({ document, networks: devnet.networks, rpcUrls: devnet.rpcUrls, impersonateMissing });

describe('rehearseProposal', () => {
  it.each([
    [2, [1, 42161]],
    [4, [1, 42161, 10, 137]],
  ])(
    'runs a signed V2 upgrade on forks of %i chains and finds only the changes it implies',
    async (_, chainIds) => {
      const document = await submittedDocument(devnet, await vaultActions(devnet, chainIds), [1, 2, 3, 4, 5, 6]);
      const report = await rehearse(document);
      process.stderr.write(`rehearsal of ${chainIds.length} chains: ${report.durationMs} ms\n`);

      expect(report.unexpected).toEqual([]);
      expect(report.failedChecks).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report).toMatchObject({ origin: 'existing', proposalId: document.submission?.proposalId });
      expect(report.approvals).toMatchObject({ quorum: 6, realSignatures: true, impersonated: [] });
      expect(report.approvals.fromSignatures).toHaveLength(6);
      expect(report.chains.map((c) => c.chainId).sort()).toEqual([...chainIds].sort());
      for (const chain of report.chains) {
        const kinds = chain.changes.map((c) => c.kind);
        expect(kinds).toContain('eip1967-implementation');
        expect(kinds.filter((k) => k === 'registry-entry')).toHaveLength(2);
        expect(kinds).toContain('receiver-message');
        const implementation = chain.changes.find((c) => c.slot === EIP1967_IMPLEMENTATION_SLOT);
        expect(implementation).toMatchObject({ address: devnet.vault, expected: true });
        expect(implementation?.label).toContain(`→ ${devnet.vaultV2}`);
        expect(chain.postChecks.map((c) => [c.check, c.ok])).toEqual([
          ['implementation', true],
          ['codehash', true],
        ]);
        // The first block at or after the shared activation time (the warp mines one at it).
        expect(Number(chain.executedAt) - report.activationTime).toBeGreaterThanOrEqual(0);
        expect(Number(chain.executedAt) - report.activationTime).toBeLessThanOrEqual(2);
      }
      const hub = report.chains.find((c) => c.chainId === 1);
      expect(hub?.changes.some((c) => c.kind === 'hub-record')).toBe(true);
      expect(hub?.transactions.map((t) => t.step)).toEqual([
        'approveBySig (6 signature(s) from the file)',
        'schedule',
        'execute (dispatch)',
        'deliver (guardian adapter, 8 signatures)',
        'execute (receiver, at the activation time)',
      ]);
      expect(report.substitutions).toHaveLength(chainIds.length);
      // The real chains are untouched: the vault still runs V1 there.
      const real = createPublicClient({ transport: http(devnet.rpcUrls.arbitrum) });
      const slot = await real.getStorageAt({ address: devnet.vault, slot: EIP1967_IMPLEMENTATION_SLOT });
      expect(slot?.toLowerCase()).not.toContain(devnet.vaultV2.slice(2).toLowerCase());
    },
    REHEARSAL_TIMEOUT,
  );

  it(
    'fails a draft whose data hands the vault to another owner, naming the owner slot on each chain',
    async () => {
      const actions = await vaultActions(devnet, [1, 42161], transferOwnershipData(ATTACKER));
      const report = await rehearse(draftDocument(devnet, actions), true);

      expect(report.ok).toBe(false);
      expect(report.origin).toBe('created-on-fork');
      expect(report.approvals).toMatchObject({ realSignatures: false, fromSignatures: [] });
      expect(report.approvals.impersonated).toHaveLength(6);
      expect(report.unexpected.map((c) => [c.chainId, c.address, c.slot, c.kind])).toEqual([
        [1, devnet.vault, OWNABLE_NAMESPACE, 'owner'],
        [42161, devnet.vault, OWNABLE_NAMESPACE, 'owner'],
      ]);
      expect(report.unexpected[0]?.label).toContain(`→ ${ATTACKER}`);
      // Proposed on the fork: the council kept the timelock call as new code on the hub, which is expected.
      const created = report.chains.find((c) => c.chainId === 1)?.changes.filter((c) => c.slot === 'code');
      expect(created?.length).toBeGreaterThan(0);
      for (const change of created ?? []) expect(change).toMatchObject({ kind: 'hub-record', expected: true });
      // The upgrade itself went through: the post-checks pass, the extra change is what fails.
      expect(report.failedChecks).toEqual([]);
    },
    REHEARSAL_TIMEOUT,
  );

  it(
    'accepts the same change once the proposal file declares it',
    async () => {
      const actions = await vaultActions(devnet, [42161], transferOwnershipData(ATTACKER));
      const document = {
        ...draftDocument(devnet, actions),
        rehearsal: {
          expectedChanges: [
            {
              chainId: 42161,
              address: devnet.vault,
              slot: OWNABLE_NAMESPACE,
              reason: 'ownership moves to the new multisig',
            },
          ],
        },
      };
      const report = await rehearse(document, true);
      expect(report.unexpected).toEqual([]);
      expect(report.ok).toBe(true);
      const owner = report.chains.find((c) => c.chainId === 42161)?.changes.find((c) => c.slot === OWNABLE_NAMESPACE);
      // Marked as declared: the reviewer is told this change passes only because the (unsigned) file says so.
      expect(owner).toMatchObject({ kind: 'owner', expected: true, declared: true });
      expect(owner?.reason).toContain('ownership moves to the new multisig');
    },
    REHEARSAL_TIMEOUT,
  );

  it(
    'stops when the file’s signatures fall short of the quorum, saying how many are missing',
    async () => {
      const document = await submittedDocument(devnet, await vaultActions(devnet, [42161]), [1, 2, 3]);
      const error = await rehearse(document).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RehearsalError);
      expect(error).toMatchObject({ reason: 'short-of-quorum' });
      expect((error as RehearsalError).shortMessage).toBe(
        "the proposal has 3 of the 6 approvals it needs with the file's 3 signature(s): 3 more needed",
      );
      expect((error as RehearsalError).message).toContain('--impersonate-missing');
    },
    REHEARSAL_TIMEOUT,
  );

  it(
    'refuses a proposal the hub does not know, before sending anything',
    async () => {
      const document = await submittedDocument(devnet, await vaultActions(devnet, [42161]), []);
      const foreign = {
        ...document,
        submission: document.submission && { ...document.submission, proposalId: keccak256(toHex('x')) },
      };
      const error = await rehearse(foreign).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'proposal-not-on-fork' });
    },
    REHEARSAL_TIMEOUT,
  );
});
