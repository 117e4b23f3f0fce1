/**
 * A council member that is a Safe, with Safe's own 1.4.1 contracts (singleton, SafeProxyFactory,
 * CompatibilityFallbackHandler) on anvil: a 2-of-3 Safe approves (a) by executing the Transaction
 * Builder batch as a Safe transaction, (b) by ERC-1271: its owners sign the SafeMessage of the
 * approval digest, the import assembles and checks the Safe's signature, and `submitApprovals`
 * relays it with an EOA member's; (c) anything short of that is refused before anything is sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCouncilAbi } from '@lockstep/client';
import { type Address, createPublicClient, encodeFunctionData, type Hex, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApprovals } from '../council/submit-approvals.js';
import { type CouncilFixture, DEPLOY_TIMEOUT, member, startCouncilFixture } from '../council/test-fixture.js';
import {
  type ProposalDocument,
  proposalApprovalTypedData,
  readProposalFile,
  writeProposalFile,
} from '../proposal/document.js';
import { approvalBatch, batchChecksum } from './batch.js';
import { importSafeApproval } from './import-approval.js';
import { safeMessageHash, safeMessageTypedData } from './message.js';
import { OWNERS, type SafeFixture, STRANGER, startSafeFixture } from './test-fixture.js';

let fixture: CouncilFixture;
let safes: SafeFixture;
let dir: string;

const hub = () => createPublicClient({ transport: http(fixture.hubUrl) });
const approvalsOf = (proposalId: Hex) =>
  hub().readContract({
    address: fixture.council,
    abi: securityCouncilAbi,
    functionName: 'approvals',
    args: [proposalId],
  });
const hasApproved = (proposalId: Hex, who: Address) =>
  hub().readContract({
    address: fixture.council,
    abi: securityCouncilAbi,
    functionName: 'hasApproved',
    args: [proposalId, who],
  });
const submitted = (document: ProposalDocument) => {
  if (!document.submission) throw new Error('the fixture proposes every file');
  return document.submission;
};
/** Owners' EIP-712 signatures of the SafeMessage of `document`'s approval digest. */
const ownerSignatures = (document: ProposalDocument, owners: readonly (typeof OWNERS)[number][]) =>
  Promise.all(
    owners.map((o) =>
      o.signTypedData(safeMessageTypedData({ safe: safes.safe, chainId: 1, digest: submitted(document).digest })),
    ),
  );

beforeAll(async () => {
  fixture = await startCouncilFixture();
  safes = await startSafeFixture(fixture);
  dir = await mkdtemp(join(tmpdir(), 'lockstep-safe-'));
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a Safe council member (Safe 1.4.1)', () => {
  it('is a member, 2 of 3, running the compatibility fallback handler', async () => {
    const isMember = await hub().readContract({
      address: fixture.council,
      abi: securityCouncilAbi,
      functionName: 'isMember',
      args: [safes.safe],
    });
    expect(isMember).toBe(true);
    const threshold = await hub().readContract({
      address: safes.safe,
      abi: safes.safeAbi,
      functionName: 'getThreshold',
    });
    expect(threshold).toBe(2n);
  });

  it('approves by executing the Transaction Builder batch as a Safe transaction', async () => {
    const document = await safes.proposeFile();
    const { proposalId } = submitted(document);
    const batch = JSON.parse(
      JSON.stringify(
        approvalBatch({
          chainId: 1,
          council: fixture.council,
          proposalId,
          safe: safes.safe,
          name: 'Approve Vault V2',
          description: '',
          createdAt: Date.now(),
        }),
      ),
    ) as ReturnType<typeof approvalBatch>;
    // What the Transaction Builder checks on import, and what it encodes from the method and values.
    expect(batchChecksum(batch)).toBe(batch.meta.checksum);
    const [tx] = batch.transactions;
    if (!tx?.contractMethod || !tx.contractInputsValues) throw new Error('the batch names its method');
    const method = { type: 'function', outputs: [], stateMutability: 'nonpayable', ...tx.contractMethod } as const;
    const data = encodeFunctionData({
      abi: [method],
      functionName: method.name,
      args: method.inputs.map((input) => tx.contractInputsValues?.[input.name]),
    });
    expect(data).toBe(tx.data);

    await safes.execute({ to: tx.to, value: BigInt(tx.value), data }, [OWNERS[0], OWNERS[1]]);
    expect(await hasApproved(proposalId, safes.safe)).toBe(true);
    expect(await approvalsOf(proposalId)).toBe(1n);
  });

  it('approves by ERC-1271: owners sign the SafeMessage, the import files it, submitApprovals relays it', async () => {
    const document = await safes.proposeFile();
    const { proposalId, digest } = submitted(document);
    // One owner signs the typed data (Safe{Wallet}'s sign message), the other eth_signs its hash.
    const hash = safeMessageHash({ safe: safes.safe, chainId: 1, digest });
    const [typed] = await ownerSignatures(document, [OWNERS[2]]);
    const ethSigned = await OWNERS[0].signMessage({ message: { raw: hash } });
    const imported = await importSafeApproval(hub(), {
      document,
      safe: safes.safe,
      signatures: [typed ?? '0x', ethSigned],
    });
    expect(imported.signature).toMatchObject({ signer: safes.safe, scheme: 'erc1271' });
    expect(imported.owners).toEqual(
      [OWNERS[0].address, OWNERS[2].address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
    );
    expect(imported.safeMessageHash).toBe(hash);

    const path = join(dir, 'erc1271.json');
    await writeProposalFile(path, imported.document);
    const read = await readProposalFile(path);
    expect(read.signatures).toEqual([imported.signature]);

    const eoa = member(2);
    const eoaSignature = await eoa.signTypedData(proposalApprovalTypedData(read.council, proposalId));
    const result = await submitApprovals(fixture.clientOf(5), {
      council: fixture.council,
      proposalId,
      approvals: [...read.signatures, { signer: eoa.address, signature: eoaSignature }],
    });
    expect(result.approvals).toBe(2);
    expect(await hasApproved(proposalId, safes.safe)).toBe(true);
    expect(await hasApproved(proposalId, eoa.address)).toBe(true);
  });

  describe('refuses, before anything is written or sent', () => {
    let document: ProposalDocument;
    beforeAll(async () => {
      document = await safes.proposeFile();
    });

    it('one owner short of the threshold, naming the owners still to sign', async () => {
      const error = await importSafeApproval(hub(), {
        document,
        safe: safes.safe,
        signatures: await ownerSignatures(document, [OWNERS[1]]),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SafeError', reason: 'below-threshold' });
      expect(String(error)).toContain('its threshold is 2 of 3 — 1 more owner signature(s) needed');
      expect(String(error)).toContain(OWNERS[0].address);
    });

    it('a signature of a key that is not an owner', async () => {
      const [owner] = await ownerSignatures(document, [OWNERS[0]]);
      const [stranger] = await ownerSignatures(document, [STRANGER]);
      const error = await importSafeApproval(hub(), {
        document,
        safe: safes.safe,
        signatures: [owner ?? '0x', stranger ?? '0x'],
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SafeError', reason: 'not-owner' });
      expect(String(error)).toContain(`recovers to ${STRANGER.address}, not to one of the Safe's owners`);
    });

    it('owners’ signatures of another proposal', async () => {
      const other = await safes.proposeFile();
      const error = await importSafeApproval(hub(), {
        document,
        safe: safes.safe,
        signatures: await ownerSignatures(other, [OWNERS[0], OWNERS[1]]),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SafeError', reason: 'not-owner' });
      expect(String(error)).toContain(`the approval of ${submitted(document).proposalId}`);
      expect(String(error)).toContain("another proposal's");
    });

    it('at submission: the Safe’s signature filed for another proposal (CouncilError, nothing sent)', async () => {
      const other = await safes.proposeFile();
      const { signature } = await importSafeApproval(hub(), {
        document: other,
        safe: safes.safe,
        signatures: await ownerSignatures(other, [OWNERS[0], OWNERS[1]]),
      });
      const { proposalId } = submitted(document);
      const before = await hub().getBlockNumber();
      const error = await submitApprovals(fixture.clientOf(5), {
        council: fixture.council,
        proposalId,
        approvals: [signature],
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'CouncilError', reason: 'invalid-signature' });
      expect(String(error)).toContain(`the contract member ${safes.safe} refuses the signature`);
      expect(await hub().getBlockNumber()).toBe(before);
      expect(await approvalsOf(proposalId)).toBe(0n);
    });
  });
});
