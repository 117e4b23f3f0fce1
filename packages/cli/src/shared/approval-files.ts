/**
 * The files `lockstep approve` reads and writes besides the proposal file: signature files of
 * `--signatures-out` (a JSON array of `SignedApproval`), files of signatures to import (`--import`:
 * `[{ signer?, signature }]`, which the `--signatures-out` files also are), and what `--submit`
 * takes (either kind, or a proposal file). Plus the check of a proposal file against its council.
 */
import { readFile } from 'node:fs/promises';
import { securityCouncilAbi } from '@lockstep/client';
import { type DescribeApprovalReturnType, describeApproval, type SignedApproval } from '@lockstep/core/council';
import { LockstepError } from '@lockstep/core/errors';
import {
  describeProposal,
  type ImportedSignature,
  type ProposalDocument,
  parseProposalDocument,
  type ReadableProposal,
  recomputeProposalDigest,
} from '@lockstep/core/proposal';
import { writeFileAtomic } from '@lockstep/core/signing';
import { type Address, getAddress, type Hex, isAddressEqual } from 'viem';
import { readContract } from 'viem/actions';
import { z } from 'zod';
import type { CouncilContext } from './council-context.js';
import { knownLabels } from './readable-proposal.js';

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, 'expected 0x-prefixed hex');
const signedApprovalSchema = z.object({
  proposalId: hex,
  council: hex,
  chainId: z.number().int().positive(),
  digest: hex,
  signer: hex,
  signature: hex,
});
const importSchema = z.array(z.looseObject({ signer: hex.length(42).optional(), signature: hex }));

async function readJson(path: string, what: string, fix: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new LockstepError(`cannot read ${what} from ${path} — ${fix}`, { cause });
  }
}

/** A `--signatures-out` file: the signatures, each with the proposal, council and chain it is for. */
export async function readSignatures(path: string): Promise<SignedApproval[]> {
  const json = await readJson(path, 'signatures', 'write it with `lockstep approve --signatures-out`');
  const parsed = z.array(signedApprovalSchema).safeParse(Array.isArray(json) ? json : [json]);
  if (!parsed.success) throw new LockstepError(`${path} does not hold approval signatures`, { cause: parsed.error });
  return parsed.data.map((s) => ({
    ...s,
    proposalId: s.proposalId as Hex,
    council: getAddress(s.council),
    digest: s.digest as Hex,
    signer: getAddress(s.signer),
    signature: s.signature as Hex,
  }));
}

/** Adds `signed` to a `--signatures-out` file (replacing that signer's earlier one), atomically. */
export async function appendSignature(path: string, signed: SignedApproval): Promise<void> {
  const existing = await readSignatures(path).catch((error: unknown) => {
    if ((error as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOENT') return [];
    throw error;
  });
  const others = existing.filter(
    (s) => !(isAddressEqual(s.signer, signed.signer) && s.proposalId === signed.proposalId),
  );
  await writeFileAtomic(path, `${JSON.stringify([...others, signed], null, 2)}\n`, 0o644);
}

/** A file of signatures to import: `[{ signer?, signature }]` (a `--signatures-out` file is one). */
export async function readImportFile(path: string): Promise<ImportedSignature[]> {
  const json = await readJson(path, 'signatures to import', 'expected [{ "signer": "0x…", "signature": "0x…" }]');
  const parsed = importSchema.safeParse(Array.isArray(json) ? json : [json]);
  if (!parsed.success) {
    throw new LockstepError(`${path} does not hold signatures — expected [{ "signer": "0x…", "signature": "0x…" }]`, {
      cause: parsed.error,
    });
  }
  return parsed.data.map((s) => ({
    ...(s.signer ? { signer: getAddress(s.signer) } : {}),
    signature: s.signature as Hex,
  }));
}

/** What `--submit <file>` holds: a proposal file (its id and signatures) or a `--signatures-out` file. */
export async function readSubmitFile(path: string): Promise<{
  document?: ProposalDocument;
  approvals: { signer: Address; signature: Hex; proposalId?: Hex; scheme?: 'erc1271' }[];
}> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new LockstepError(`cannot read ${path} — check the path`, { cause });
  });
  if (/"format"\s*:\s*"lockstep-proposal"/.test(text)) {
    const document = await parseProposalDocument(text, path);
    return { document, approvals: document.signatures };
  }
  return { approvals: await readSignatures(path) };
}

/**
 * Refuses a proposal file whose council is not the one this command talks to (another council or
 * chain: its signatures would be worthless there).
 */
export function checkFileCouncil(document: ProposalDocument, context: CouncilContext, path: string): void {
  const { council } = document;
  if (!isAddressEqual(council.address, context.council) || council.chainId !== context.chainId) {
    throw new LockstepError(
      `${path} is for council ${council.address} on chain ${council.chainId}, not ${context.council} on chain ${context.chainId} (${context.network}) — pass --network/--council of the file's council`,
    );
  }
}

export type FileApproval = { described: DescribeApprovalReturnType; readable: ReadableProposal; proposalId: Hex };

/**
 * A proposal file checked against its council: the file's proposal id and digest are recomputed,
 * the council must hold that proposal, and its `approvalDigest` must equal the recomputed digest
 * (`describeApproval` refuses otherwise); the actions are checked on their chains and labelled.
 */
export async function describeFileApproval(
  context: CouncilContext,
  document: ProposalDocument,
  path: string,
): Promise<FileApproval> {
  checkFileCouncil(document, context, path);
  const { proposalId, digest } = recomputeProposalDigest(document, path);
  const described = await describeApproval(context.client, {
    council: context.council,
    proposalId,
    rpcUrls: context.rpcUrls,
  });
  if (described.digest !== digest) {
    throw new LockstepError(
      `the council's approval digest ${described.digest} differs from the file's ${digest} — do not sign; check the file and the council`,
    );
  }
  const actions = described.actions.map((a, i) => {
    const label = document.actions[i]?.label;
    return label ? { ...a, label } : a;
  });
  const readable = describeProposal({
    typedData: described.typedData,
    digest,
    actions,
    labels: await knownLabels(context.config),
    networks: context.names,
  });
  return { described, readable, proposalId };
}

/** Whether an address is a current member of the context's council (`isMember`). */
export function councilMembership(context: CouncilContext): (address: Address) => Promise<boolean> {
  return (account) =>
    readContract(context.client, {
      address: context.council,
      abi: securityCouncilAbi,
      functionName: 'isMember',
      args: [account],
    });
}
