/**
 * The approval a member signs for a proposal file, recomputed from the file alone: the content hash,
 * the proposal id (from the council, its chain, the nonce and the content), the EIP-712 domain and
 * message, the domain separator and message hash (what a hardware wallet shows when it cannot parse
 * the typed data) and the digest. Also the typed data as the JSON document external signers take.
 */
import { domainSeparator, type Hex, hashStruct, hashTypedData } from 'viem';
import type { ApprovalTypedData } from '../council/describe-approval.js';
import { ProposalError } from '../errors/proposal.js';
import { type TypedDataDocument, typedDataDocument } from '../signing/typed-data-document.js';
import {
  type ProposalDocument,
  proposalApprovalTypedData,
  proposalContentHash,
  upgradeProposalId,
} from './document.js';

export type ProposalDigest = {
  council: ProposalDocument['council'];
  nonce: string;
  contentHash: Hex;
  proposalId: Hex;
  typedData: ApprovalTypedData;
  /** The EIP-712 domain separator (`hashStruct(EIP712Domain)`). */
  domainSeparator: Hex;
  /** `hashStruct(Approval)`: the message hash. */
  messageHash: Hex;
  /** `keccak256(0x1901 ‖ domainSeparator ‖ messageHash)`: what is signed. */
  digest: Hex;
};

/**
 * Recomputes everything a member's signature covers from `document` (never reading the file's own
 * `proposalId` or `digest`). Throws `ProposalError` (`not-submitted`) for a draft: without the
 * council's nonce there is no proposal id to sign.
 */
export function recomputeProposalDigest(document: ProposalDocument, source = 'the proposal file'): ProposalDigest {
  const { submission, council } = document;
  if (!submission) {
    throw new ProposalError(
      `${source} is a draft: it has no proposal id to sign yet — propose it first (\`lockstep propose --file\`)`,
      { reason: 'not-submitted' },
    );
  }
  const contentHash = proposalContentHash(document.actions, document.audit.hash);
  const proposalId = upgradeProposalId({
    council: council.address,
    chainId: council.chainId,
    nonce: BigInt(submission.nonce),
    contentHash,
  });
  const typedData = proposalApprovalTypedData(council, proposalId);
  return {
    council,
    nonce: submission.nonce,
    contentHash,
    proposalId,
    typedData,
    domainSeparator: domainSeparator({ domain: typedData.domain }),
    messageHash: hashStruct({ data: typedData.message, primaryType: 'Approval', types: typedData.types }),
    digest: hashTypedData(typedData),
  };
}

/** The typed data of the file's approval as the JSON document `cast wallet sign --data`, a hardware wallet or any EIP-712 library signs. */
export function proposalTypedDataDocument(
  document: ProposalDocument,
  source?: string,
): TypedDataDocument<ApprovalTypedData> {
  return typedDataDocument(recomputeProposalDigest(document, source).typedData);
}
