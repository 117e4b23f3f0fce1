/**
 * A Safe council member whose owners are not all EOAs (Safe's own 1.4.1 contracts on anvil): one
 * owner is itself a Safe (a contract signature, v = 0, with a dynamic part) and one approved the
 * SafeMessage hash on the Safe (`approveHash`, v = 1). The import assembles them with EOA owners'
 * signatures in the Safe's order, the Safe accepts the result, and the council counts the approval.
 */
import { securityCouncilAbi } from '@lockstep/client';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  hashTypedData,
  http,
  keccak256,
  parseAbi,
  parseEther,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApprovals } from '../council/submit-approvals.js';
import { type CouncilFixture, DEPLOY_TIMEOUT, member, startCouncilFixture } from '../council/test-fixture.js';
import { type ProposalDocument, proposalApprovalTypedData } from '../proposal/document.js';
import { importSafeApproval } from './import-approval.js';
import { safeMessageData, safeMessageHash, safeMessageTypedData } from './message.js';
import { assembleSafeSignature } from './signatures.js';
import { OWNERS, type SafeFixture, startSafeFixture } from './test-fixture.js';

const TIMEOUT = 120_000;
const safeWriteAbi = parseAbi([
  'function addOwnerWithThreshold(address owner, uint256 threshold)',
  'function approveHash(bytes32 hashToApprove)',
]);

let fixture: CouncilFixture;
let safes: SafeFixture;
/** A 2-of-2 Safe of OWNERS[0] and OWNERS[1], made a fourth owner of the member Safe. */
let ownerSafe: Address;

const hub = () => createPublicClient({ transport: http(fixture.hubUrl) });
const digestOf = (document: ProposalDocument) => {
  if (!document.submission) throw new Error('the fixture proposes every file');
  return document.submission.digest;
};
const memberMessage = (document: ProposalDocument) => ({ safe: safes.safe, chainId: 1, digest: digestOf(document) });
const hasApproved = (document: ProposalDocument) =>
  hub().readContract({
    address: fixture.council,
    abi: securityCouncilAbi,
    functionName: 'hasApproved',
    args: [document.submission?.proposalId ?? '0x', safes.safe],
  });

/** The owner Safe's signature of the member Safe's message data: its two owners' SafeMessage signatures. */
async function ownerSafeSignature(document: ProposalDocument): Promise<Hex> {
  const typed = safeMessageTypedData({ safe: ownerSafe, chainId: 1, digest: safeMessageData(memberMessage(document)) });
  const { signature } = await assembleSafeSignature({
    hash: hashTypedData(typed),
    owners: [OWNERS[0].address, OWNERS[1].address],
    threshold: 2,
    signatures: await Promise.all([OWNERS[0].signTypedData(typed), OWNERS[1].signTypedData(typed)]),
    what: 'the owner Safe message',
  });
  return signature;
}

/** Relays the filed Safe signature with an EOA member's approval; whether the council counted the Safe's. */
async function relay(document: ProposalDocument): Promise<boolean> {
  const proposalId = document.submission?.proposalId ?? '0x';
  const eoa = member(2);
  await submitApprovals(fixture.clientOf(5), {
    council: fixture.council,
    proposalId,
    approvals: [
      ...document.signatures,
      {
        signer: eoa.address,
        signature: await eoa.signTypedData(proposalApprovalTypedData(document.council, proposalId)),
      },
    ],
  });
  return hasApproved(document);
}

beforeAll(async () => {
  fixture = await startCouncilFixture();
  safes = await startSafeFixture(fixture);
  ownerSafe = await safes.createSafe([OWNERS[0].address, OWNERS[1].address], 2);
  await safes.execute(
    {
      to: safes.safe,
      value: 0n,
      data: encodeFunctionData({ abi: safeWriteAbi, functionName: 'addOwnerWithThreshold', args: [ownerSafe, 2n] }),
    },
    [OWNERS[0], OWNERS[1]],
  );
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

describe('a Safe member whose owners include a Safe and an on-chain approval (Safe 1.4.1)', () => {
  it(
    'files an owner Safe’s contract signature with an EOA owner’s, and the Safe and council accept it',
    async () => {
      const document = await safes.proposeFile();
      const message = memberMessage(document);
      expect(keccak256(safeMessageData(message))).toBe(safeMessageHash(message));
      const imported = await importSafeApproval(hub(), {
        document,
        safe: safes.safe,
        signatures: [await OWNERS[2].signTypedData(safeMessageTypedData(message))],
        contractSignatures: [{ owner: ownerSafe, signature: await ownerSafeSignature(document) }],
      });
      expect(imported.signers).toEqual(
        [
          { owner: ownerSafe, kind: 'contract' },
          { owner: OWNERS[2].address, kind: 'ecdsa' },
        ].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1)),
      );
      expect(await relay(imported.document)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'counts an owner that approved the hash on the Safe (approvedHashes), and not before it did',
    async () => {
      const document = await safes.proposeFile();
      const hash = safeMessageHash(memberMessage(document));
      const signatures = [await OWNERS[0].signTypedData(safeMessageTypedData(memberMessage(document)))];
      const before = await importSafeApproval(hub(), { document, safe: safes.safe, signatures }).catch(
        (e: unknown) => e,
      );
      expect(before).toMatchObject({ name: 'SafeError', reason: 'below-threshold' });

      const transport = http(fixture.hubUrl);
      await createTestClient({ mode: 'anvil', transport }).setBalance({
        address: OWNERS[1].address,
        value: parseEther('1'),
      });
      const approve = await createWalletClient({ account: OWNERS[1], transport }).writeContract({
        address: safes.safe,
        abi: safeWriteAbi,
        functionName: 'approveHash',
        args: [hash],
        chain: null,
      });
      await hub().waitForTransactionReceipt({ hash: approve });

      const imported = await importSafeApproval(hub(), { document, safe: safes.safe, signatures });
      expect(imported.signers).toEqual(
        [
          { owner: OWNERS[0].address, kind: 'ecdsa' },
          { owner: OWNERS[1].address, kind: 'approved-hash' },
        ].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1)),
      );
      expect(await relay(imported.document)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'refuses an owner Safe’s signature of another proposal, naming the owner, before anything is filed',
    async () => {
      const [document, other] = [await safes.proposeFile(), await safes.proposeFile()];
      const error = await importSafeApproval(hub(), {
        document,
        safe: safes.safe,
        signatures: [await OWNERS[2].signTypedData(safeMessageTypedData(memberMessage(document)))],
        contractSignatures: [{ owner: ownerSafe, signature: await ownerSafeSignature(other) }],
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SafeError', reason: 'refused' });
      expect(String(error)).toContain(`the contract owner ${ownerSafe} refuses its signature`);
      expect(await hasApproved(document)).toBe(false);
    },
    TIMEOUT,
  );
});
