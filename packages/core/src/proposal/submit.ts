/**
 * Submits a draft proposal file on the council (`SecurityCouncil.proposeUpgrade`) and records the
 * submission in it, so the proposal id and the digest members sign recompute from the file alone.
 */
import { securityCouncilAbi } from '@lockstep/client';
import { hashTypedData } from 'viem';
import { getBlock, getChainId, getTransactionReceipt, readContract } from 'viem/actions';
import { type ChainRpcUrls, clientForChain, readCodehash } from '../council/codehash.js';
import { proposeUpgrade } from '../council/propose-upgrade.js';
import type { ChainAction, CouncilReadClient, CouncilWriteClient } from '../council/types.js';
import { CouncilError } from '../errors/council.js';
import { ProposalError } from '../errors/proposal.js';
import { PROPOSAL_GATES } from '../gates/registry.js';
import { assertGatesPassed } from '../gates/run-gates.js';
import {
  checkProposalDocument,
  type ProposalDocument,
  type ProposalSubmission,
  proposalApprovalTypedData,
  proposalContentHash,
  upgradeProposalId,
} from './document.js';

export type SubmitProposalParameters = {
  /** A draft (no `submission`), checked and with its gates already passed. */
  document: ProposalDocument;
  /** RPC URLs by chain id, to check each implementation's codehash on its chain. */
  rpcUrls?: ChainRpcUrls;
};

/**
 * Proposes `document`'s actions exactly as written and returns the document with `submission`.
 * Before sending it checks the file (`checkProposalDocument`), that no recorded gate failed (re-run
 * the gates first: `recordGates`; the records are what it trusts), that `client` is on the council's
 * chain and that every implementation still has the file's codehash on its chain (where an RPC is
 * known); `proposeUpgrade` checks each previous implementation against the chain's registry.
 * Afterwards the proposal id is matched to the council's nonce (read before sending; a proposal
 * another member created first in between took a lower one, so every nonce up to the council's
 * after the transaction is tried) and the digest is compared with the council's `approvalDigest`.
 *
 * Throws `ProposalError` (`invalid-file`: already submitted, wrong chain, a codehash changed;
 * `tampered`), what `proposeUpgrade` throws, or `CouncilError` (`unknown-proposal`,
 * `digest-mismatch`) when the created proposal does not recompute from the file.
 */
export async function submitProposal(
  client: CouncilWriteClient,
  { document, rpcUrls = {} }: SubmitProposalParameters,
): Promise<ProposalDocument> {
  await checkProposalDocument(document);
  assertGatesPassed(document.gates, PROPOSAL_GATES);
  if (document.submission) {
    throw new ProposalError(`the proposal was already submitted as ${document.submission.proposalId}`, {
      reason: 'invalid-file',
    });
  }
  const chainId = await getChainId(client);
  if (chainId !== document.council.chainId) {
    throw new ProposalError(
      `the RPC is chain ${chainId}, but the proposal's council is on chain ${document.council.chainId} — use the hub's RPC`,
      { reason: 'invalid-file' },
    );
  }
  await checkCodehashes(client, document.actions, rpcUrls);
  const council = document.council.address;
  const nonceBefore = await readContract(client, {
    address: council,
    abi: securityCouncilAbi,
    functionName: 'proposalNonce',
  });
  const actions: ChainAction[] = document.actions.map(
    ({ chainId, proxy, previousImplementation, implementation, codehash, data }) => ({
      chainId,
      proxy,
      previousImplementation,
      implementation,
      codehash,
      data,
    }),
  );
  const result = await proposeUpgrade(client, {
    council,
    actions,
    auditReportHash: document.audit.hash,
    auditReportUri: document.audit.uri,
    rpcUrls,
  });
  if (proposalContentHash(result.actions, document.audit.hash) !== document.contentHash) {
    throw new CouncilError(`proposed ${result.proposalId}, but not with the file's actions`, {
      reason: 'unknown-proposal',
    });
  }
  const receipt = await getTransactionReceipt(client, { hash: result.hash });
  const nonce = await matchNonce(client, document, result.proposalId, nonceBefore, receipt.blockNumber);
  const digest = hashTypedData(proposalApprovalTypedData(document.council, result.proposalId));
  const onChainDigest = await readContract(client, {
    address: council,
    abi: securityCouncilAbi,
    functionName: 'approvalDigest',
    args: [result.proposalId],
  });
  if (onChainDigest !== digest) {
    throw new CouncilError(`the council's approval digest ${onChainDigest} is not ${digest}, computed from the file`, {
      reason: 'digest-mismatch',
    });
  }
  const block = await getBlock(client, { blockNumber: receipt.blockNumber });
  const submission: ProposalSubmission = {
    nonce: nonce.toString(),
    proposalId: result.proposalId,
    digest,
    txHash: result.hash,
    blockNumber: Number(receipt.blockNumber),
    proposedAt: Number(block.timestamp),
    expiresAt: result.expiresAt,
  };
  return { ...document, submission };
}

async function matchNonce(
  client: CouncilReadClient,
  document: ProposalDocument,
  proposalId: `0x${string}`,
  from: bigint,
  blockNumber: bigint,
): Promise<bigint> {
  const to = await readContract(client, {
    address: document.council.address,
    abi: securityCouncilAbi,
    functionName: 'proposalNonce',
    blockNumber,
  });
  for (let nonce = from; nonce < to; nonce++) {
    const id = upgradeProposalId({
      council: document.council.address,
      chainId: document.council.chainId,
      nonce,
      contentHash: document.contentHash,
    });
    if (id === proposalId) return nonce;
  }
  throw new CouncilError(
    `proposed ${proposalId}, but no council nonce from ${from} to ${to - 1n} gives that id for the file's content`,
    { reason: 'unknown-proposal' },
  );
}

async function checkCodehashes(
  hubClient: CouncilReadClient,
  actions: ProposalDocument['actions'],
  rpcUrls: ChainRpcUrls,
): Promise<void> {
  for (const [i, action] of actions.entries()) {
    const client = await clientForChain(hubClient, action.chainId, rpcUrls);
    if (!client) continue;
    const codehash = await readCodehash(client, action.implementation);
    if (codehash !== action.codehash) {
      throw new ProposalError(
        `actions[${i}]: ${action.implementation} on chain ${action.chainId} has ${codehash ? `codehash ${codehash}` : 'no code'}, not the file's ${action.codehash} — deploy the audited implementation, or draft the proposal again`,
        { reason: 'invalid-file' },
      );
    }
  }
}
