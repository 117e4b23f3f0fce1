/**
 * Imports a Safe council member's approval of a proposal file: its owners' signatures of the
 * SafeMessage of the approval digest (EOA owners' ECDSA signatures, contract owners' signatures such
 * as an owner Safe's) and the owners that approved its hash on the Safe (`approveHash`, read on
 * chain) become the Safe's ERC-1271 signature, checked with the Safe's own `isValidSignature` on the
 * hub, and filed in the proposal as `{signer: safe, scheme: 'erc1271'}`.
 */
import { securityCouncilAbi } from '@lockstep/client';
import { type Address, getAddress, type Hex, isAddressEqual } from 'viem';
import { readContract } from 'viem/actions';
import { checkContractSignature } from '../chain/erc1271.js';
import type { ReadClient } from '../chain/types.js';
import { SafeError } from '../errors/safe.js';
import type { ProposalDocument, ProposalSignature } from '../proposal/document.js';
import type { SafeSignatureKind } from './encoding.js';
import { safeMessageData, safeMessageHash } from './message.js';
import { checkContractOwnerSignatures, readApprovedOwners, readSafe } from './safe-reads.js';
import { assembleSafeSignature, type SafeContractSignature } from './signatures.js';

export type ImportSafeApprovalParameters = {
  document: ProposalDocument;
  safe: Address;
  /** EOA owners' signatures of the SafeMessage (any order; a value may hold several, concatenated). */
  signatures: readonly Hex[];
  /** Contract owners' signatures (an owner Safe's: see `safeMessageData`). */
  contractSignatures?: readonly SafeContractSignature[];
};

export type ImportSafeApprovalReturnType = {
  /** `document` with the Safe's signature added (replacing an earlier one of the same Safe). */
  document: ProposalDocument;
  signature: ProposalSignature;
  /** The owners whose signatures it holds, ascending. */
  owners: Address[];
  /** How each signed (ECDSA, contract owner, hash approved on chain), ascending by owner. */
  signers: { owner: Address; kind: SafeSignatureKind }[];
  threshold: number;
  /** The SafeMessage hash the owners signed. */
  safeMessageHash: Hex;
};

/**
 * `client` reads the hub (the proposal's council chain). Throws `SafeError` (`invalid-input` for a
 * draft or another chain, `not-a-safe`, `not-owner`, `duplicate-owner`, `below-threshold`,
 * `refused`) before anything is written.
 */
export async function importSafeApproval(
  client: ReadClient,
  { document, safe, signatures, contractSignatures = [] }: ImportSafeApprovalParameters,
): Promise<ImportSafeApprovalReturnType> {
  const { submission, council } = document;
  if (!submission) {
    throw new SafeError('the proposal file is a draft: propose it on the council first, then collect signatures', {
      reason: 'invalid-input',
    });
  }
  const chainId = await client.request({ method: 'eth_chainId' }).then(Number);
  if (chainId !== council.chainId) {
    throw new SafeError(`the RPC is chain ${chainId}, not the council's hub (chain ${council.chainId})`, {
      reason: 'invalid-input',
    });
  }
  const member = getAddress(safe);
  const { owners, threshold } = await readSafe(client, member);
  const isMember = await readContract(client, {
    address: council.address,
    abi: securityCouncilAbi,
    functionName: 'isMember',
    args: [member],
  });
  if (!isMember) {
    throw new SafeError(`${member} is not a member of the council ${council.address}: its approval would not count`, {
      reason: 'invalid-input',
    });
  }
  const message = { safe: member, chainId, digest: submission.digest };
  const hash = safeMessageHash(message);
  const assembled = await assembleSafeSignature({
    hash,
    owners,
    threshold,
    signatures,
    contractSignatures,
    approvedOwners: await readApprovedOwners(client, { safe: member, owners, hash }),
    what: `the approval of ${submission.proposalId} (SafeMessage ${hash})`,
  });
  await checkContractOwnerSignatures(client, { data: safeMessageData(message), signatures: contractSignatures });
  const verdict = await checkContractSignature(client, {
    signer: member,
    hash: submission.digest,
    signature: assembled.signature,
  });
  if (!verdict.accepted) {
    throw new SafeError(
      `the Safe ${member} refuses its owners' signatures of ${submission.digest} (isValidSignature returned ${verdict.returned ?? 'nothing: it reverted'}) — does it run Safe's CompatibilityFallbackHandler?`,
      { reason: 'refused' },
    );
  }
  const signature: ProposalSignature = { signer: member, signature: assembled.signature, scheme: 'erc1271' };
  const others = document.signatures.filter((s) => !isAddressEqual(s.signer, member));
  return {
    document: { ...document, signatures: [...others, signature] },
    signature,
    owners: assembled.owners,
    signers: assembled.signers,
    threshold,
    safeMessageHash: hash,
  };
}
