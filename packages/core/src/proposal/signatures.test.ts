import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCouncilAbi } from '@lockstep/client';
import { TypedDataEncoder } from 'ethers';
import { type Hex, keccak256, toHex } from 'viem';
import { readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CouncilFixture, DEPLOY_TIMEOUT, member, startCouncilFixture } from '../council/test-fixture.js';
import { type ProposalDocument, proposalApprovalTypedData } from './document.js';
import { addProposalSignatures } from './signatures.js';
import { castSignTypedData, proposeFile } from './signatures-fixture.js';
import { proposalTypedDataDocument, recomputeProposalDigest } from './typed-data.js';

let fixture: CouncilFixture;
let dir: string;
let document: ProposalDocument;

beforeAll(async () => {
  fixture = await startCouncilFixture();
  dir = await mkdtemp(join(tmpdir(), 'lockstep-signing-'));
  document = await proposeFile(fixture.clientOf(1), {
    council: fixture.council,
    actions: fixture.upgradeActions(),
    rpcUrls: { 42161: fixture.arbitrumUrl },
  });
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const isMember = async (address: `0x${string}`) =>
  readContract(fixture.clientOf(1), {
    address: fixture.council,
    abi: securityCouncilAbi,
    functionName: 'isMember',
    args: [address],
  });

/** Foundry's cast signs the exported JSON of `document`'s approval as member `i`. */
async function castSign(i: number, typedData: unknown): Promise<Hex> {
  const path = join(dir, `typed-data-${i}.json`);
  await writeFile(path, JSON.stringify(typedData));
  return castSignTypedData(member(i), path);
}

describe('the digest a member signs', () => {
  it("recomputed from the file alone, equals the council's approvalDigest and ethers' EIP-712 hash", async () => {
    const computed = recomputeProposalDigest({
      ...document,
      submission: document.submission && { ...document.submission, digest: keccak256('0x') },
    });
    const onChain = await readContract(fixture.clientOf(1), {
      address: fixture.council,
      abi: securityCouncilAbi,
      functionName: 'approvalDigest',
      args: [computed.proposalId],
    });
    expect(computed.proposalId).toBe(document.submission?.proposalId);
    expect(computed.digest).toBe(onChain);
    // An independent EIP-712 implementation, over the exported JSON (without its EIP712Domain type, as ethers wants).
    const exported = JSON.parse(JSON.stringify(proposalTypedDataDocument(document)));
    const { EIP712Domain, ...types } = exported.types;
    expect(EIP712Domain).toHaveLength(4);
    expect(TypedDataEncoder.hash(exported.domain, types, exported.message)).toBe(onChain);
    expect(TypedDataEncoder.hashDomain(exported.domain)).toBe(computed.domainSeparator);
  });
});

describe('addProposalSignatures', () => {
  it('accepts a signature cast made over the exported typed data, under its signer or found among the members', async () => {
    const typedData = proposalTypedDataDocument(document);
    const signature = await castSign(3, typedData);
    const named = await addProposalSignatures(document, [{ signer: member(3).address, signature }]);
    expect(named.document.signatures).toEqual([{ signer: member(3).address, signature }]);
    const found = await addProposalSignatures(document, [{ signature }], { isMember });
    expect(found.added.map((s) => s.signer)).toEqual([member(3).address]);
    // Importing it again changes nothing.
    expect((await addProposalSignatures(named.document, [{ signature }], { isMember })).unchanged).toEqual([
      member(3).address,
    ]);
  });

  it('refuses a signature filed under another member, or made over another proposal, naming what it recovers to', async () => {
    const signature = await castSign(4, proposalTypedDataDocument(document));
    await expect(
      addProposalSignatures(document, [{ signer: member(5).address, signature }], { source: 'p.json' }),
    ).rejects.toThrow(`recovers to ${member(4).address} over p.json's digest`);
    const other = proposalApprovalTypedData(document.council, keccak256(toHex('another proposal')));
    const foreign = await member(4).signTypedData(other);
    await expect(addProposalSignatures(document, [{ signature: foreign }], { isMember })).rejects.toMatchObject({
      reason: 'invalid-signature',
      shortMessage: expect.stringMatching(/which is not a council member: it was made over other data/),
    });
    await expect(addProposalSignatures(document, [{ signature: '0x1234' }])).rejects.toThrow(/not 65 bytes/);
    const { submission: _, ...draft } = document;
    await expect(addProposalSignatures(draft, [{ signature }])).rejects.toMatchObject({ reason: 'not-submitted' });
  });
});
