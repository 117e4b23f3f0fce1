import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCouncilAbi } from '@lockstep/client';
import { type Hex, keccak256, parseEventLogs, toHex } from 'viem';
import { getTransactionReceipt, readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeUpgrade } from '../council/propose-upgrade.js';
import { type CouncilFixture, DEPLOY_TIMEOUT, member, startCouncilFixture } from '../council/test-fixture.js';
import { ProposalError } from '../errors/proposal.js';
import {
  type ProposalDocument,
  proposalApprovalTypedData,
  proposalContentHash,
  readProposalFile,
  upgradeProposalId,
  writeProposalFile,
} from './document.js';

let fixture: CouncilFixture;
let dir: string;
let proposed: { document: ProposalDocument; onChainDigest: Hex };

beforeAll(async () => {
  fixture = await startCouncilFixture();
  dir = await mkdtemp(join(tmpdir(), 'lockstep-proposal-'));
  const client = fixture.clientOf(1);
  const audit = { hash: keccak256(toHex('audit')), uri: 'ipfs://audit' };
  const result = await proposeUpgrade(client, {
    council: fixture.council,
    actions: fixture.upgradeActions(),
    auditReportHash: audit.hash,
    auditReportUri: audit.uri,
    rpcUrls: { 42161: fixture.arbitrumUrl },
  });
  // The council's first proposal: nonce 0.
  const receipt = await getTransactionReceipt(client, { hash: result.hash });
  const [created] = parseEventLogs({
    abi: securityCouncilAbi,
    eventName: 'ProposalCreated',
    logs: receipt.logs,
  });
  const onChainDigest = await readContract(client, {
    address: fixture.council,
    abi: securityCouncilAbi,
    functionName: 'approvalDigest',
    args: [result.proposalId],
  });
  const contentHash = proposalContentHash(result.actions, audit.hash);
  const document: ProposalDocument = {
    format: 'lockstep-proposal',
    version: 1,
    title: 'Vault V2',
    description: '',
    createdAt: new Date().toISOString(),
    council: { chainId: 1, address: fixture.council },
    audit,
    actions: result.actions,
    contentHash,
    gates: [],
    submission: {
      nonce: '0',
      proposalId: result.proposalId,
      digest: onChainDigest,
      txHash: result.hash,
      blockNumber: Number(receipt.blockNumber),
      proposedAt: 1,
      expiresAt: result.expiresAt,
    },
    signatures: [],
  };
  expect(created?.args.proposalId).toBe(result.proposalId);
  proposed = { document, onChainDigest };
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the proposal file', () => {
  it("recomputes the council's proposal id and approval digest from the file alone", async () => {
    const { document, onChainDigest } = proposed;
    const id = upgradeProposalId({
      council: fixture.council,
      chainId: 1,
      nonce: 0n,
      contentHash: document.contentHash,
    });
    expect(id).toBe(document.submission?.proposalId);
    const { hashTypedData } = await import('viem');
    expect(hashTypedData(proposalApprovalTypedData(document.council, id))).toBe(onChainDigest);
  });

  it('round-trips a signed file and refuses one changed after it was written', async () => {
    const { document } = proposed;
    const submission = document.submission;
    if (!submission) throw new Error('submitted above');
    const signature = await member(2).signTypedData(proposalApprovalTypedData(document.council, submission.proposalId));
    const path = join(dir, 'proposal.json');
    await writeProposalFile(path, { ...document, signatures: [{ signer: member(2).address, signature }] });
    expect((await readProposalFile(path)).signatures).toHaveLength(1);

    const text = await readFile(path, 'utf8');
    const changedCode = text.replace(document.actions[0]?.codehash ?? '', keccak256(toHex('other code')));
    await writeFile(path, changedCode);
    await expect(readProposalFile(path)).rejects.toMatchObject({ reason: 'tampered' });

    const wrongSigner = JSON.parse(text);
    wrongSigner.signatures[0].signer = member(3).address;
    await writeFile(path, JSON.stringify(wrongSigner));
    await expect(readProposalFile(path)).rejects.toMatchObject({ reason: 'invalid-signature' });

    const otherNonce = JSON.parse(text);
    otherNonce.submission.nonce = '1';
    await writeFile(path, JSON.stringify(otherNonce));
    const error = await readProposalFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProposalError);
    expect((error as ProposalError).shortMessage).toMatch(/submission\.proposalId/);
  });
});
