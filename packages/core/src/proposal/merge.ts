/**
 * Merges two draft proposal files into one ceremony: one council proposal, one approval round,
 * one timelock, one shared activation time for every action of both.
 */
import type { Hex } from 'viem';
import { ProposalError } from '../errors/proposal.js';
import { type ProposalDocument, proposalContentHash } from './document.js';

export type MergeProposalsParameters = {
  /** The merged proposal's title. Default: both titles joined with " + ". */
  title?: string;
  /**
   * The audit reference the council commits to for the merged proposal. Needed when the two files
   * name different audit reports: the council takes one hash, so give the hash of the report that
   * covers both (or of a bundle of both); its URI defaults to both files' URIs.
   */
  audit?: { hash: Hex; uri?: string };
  /** Clock for `createdAt` (tests). */
  now?: () => Date;
};

/** Council's `MAX_ACTIONS` is checked by the contract; the merge refuses only what can never work. */
const mergeConflict = (message: string) => new ProposalError(message, { reason: 'merge-conflict' });

/**
 * Returns the draft that proposes `a`'s actions then `b`'s. Refuses (`ProposalError`
 * `merge-conflict`) files of different councils, a submitted or signed file (its id and signatures
 * cover only its own actions), a proxy upgraded by both on the same chain, and different audit
 * hashes without `audit`. The descriptions and rollback plans are kept under each file's title,
 * `mergedFrom` names both files (a file that was itself merged: its own sources); gate records are dropped: the caller runs the gates again over
 * the merged actions, and reads the activation plan again for the union of the chains.
 */
export function mergeProposals(
  a: ProposalDocument,
  b: ProposalDocument,
  { title, audit, now = () => new Date() }: MergeProposalsParameters = {},
): ProposalDocument {
  if (a.council.chainId !== b.council.chainId || a.council.address !== b.council.address) {
    throw mergeConflict(
      `the files are for different councils (${a.council.address} on chain ${a.council.chainId}, ${b.council.address} on chain ${b.council.chainId})`,
    );
  }
  for (const file of [a, b]) {
    if (file.submission || file.signatures.length > 0) {
      throw mergeConflict(
        `"${file.title}" was already submitted as ${file.submission?.proposalId ?? 'a proposal'}: only drafts merge — cancel it and merge its draft`,
      );
    }
  }
  for (const action of b.actions) {
    if (a.actions.some((x) => x.chainId === action.chainId && x.proxy === action.proxy)) {
      throw mergeConflict(
        `both files upgrade ${action.proxy} on chain ${action.chainId}: one ceremony upgrades a proxy once — drop it from one file`,
      );
    }
  }
  if (a.audit.hash !== b.audit.hash && !audit) {
    throw mergeConflict(
      `the files name different audit reports (${a.audit.hash}, ${b.audit.hash}) — give the merged one with --audit-hash (the hash of the report covering both)`,
    );
  }
  const hash = audit?.hash ?? a.audit.hash;
  const uri = audit?.uri ?? [...new Set([a.audit.uri, b.audit.uri].filter((u) => u !== ''))].join(' ');
  if (uri.length > 512) throw mergeConflict('the two audit URIs exceed 512 bytes together — give --audit-uri');
  const merged = title ?? `${a.title} + ${b.title}`;
  if (merged.length > 200)
    throw mergeConflict('the joined titles exceed 200 characters — give the merged one with --title');
  const actions = [...a.actions, ...b.actions];
  const section = (file: ProposalDocument, text: string | undefined) => (text ? `### ${file.title}\n\n${text}` : '');
  const joined = (pick: (file: ProposalDocument) => string | undefined) =>
    [section(a, pick(a)), section(b, pick(b))].filter((s) => s !== '').join('\n\n');
  const rollback = joined((f) => f.rollback?.plan);
  return {
    format: a.format,
    version: a.version,
    title: merged,
    description: joined((f) => f.description),
    createdAt: now().toISOString(),
    council: a.council,
    audit: { hash, uri },
    actions,
    contentHash: proposalContentHash(actions, hash),
    ...(rollback ? { rollback: { plan: rollback } } : {}),
    gates: [],
    mergedFrom: [a, b].flatMap((f) => f.mergedFrom ?? [{ title: f.title, contentHash: f.contentHash }]),
    signatures: [],
  };
}
