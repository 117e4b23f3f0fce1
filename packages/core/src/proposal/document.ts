/**
 * The proposal file: one upgrade proposal as a versioned JSON document, the unit a council reviews
 * in a pull request and signs asynchronously. `lockstep propose` writes it (a draft first, then the
 * on-chain submission is recorded in it); every later command reads it; signatures are appended as
 * they are collected.
 *
 * Everything in it that can be recomputed is recomputed when it is read (`checkProposalDocument`):
 * the content hash the council commits to (`keccak256(abi.encode(actions, auditReportHash))`), the
 * proposal id (`keccak256(abi.encode(PROPOSAL_ID_TAG, council, chainId, nonce, kind, contentHash))`),
 * and the EIP-712 approval digest; every ECDSA signature must recover to its signer. So a changed
 * byte anywhere is caught before anything is signed or sent, and a second person can recompute the
 * digest a member signs from the file alone (`lockstep verify-digest`).
 */
import { readFile } from 'node:fs/promises';
import { securityCouncilAbi } from '@lockstep/client';
import {
  type Address,
  encodeAbiParameters,
  getAbiItem,
  getAddress,
  type Hex,
  hashTypedData,
  isAddress,
  isAddressEqual,
  isHex,
  keccak256,
  recoverAddress,
  toHex,
} from 'viem';
import { z } from 'zod';
import {
  type ApprovalTypedData,
  approvalTypes,
  COUNCIL_DOMAIN_NAME,
  COUNCIL_DOMAIN_VERSION,
} from '../council/describe-approval.js';
import { type ChainAction, PROPOSAL_KINDS } from '../council/types.js';
import { formatPath } from '../document/path.js';
import { ProposalError } from '../errors/proposal.js';
import { writeFileAtomic } from '../signing/atomic-write.js';

/** The file's format tag and the version this code reads and writes. */
export const PROPOSAL_FORMAT = 'lockstep-proposal';
export const PROPOSAL_VERSION = 1;

/** `SecurityCouncil.PROPOSAL_ID_TAG`. */
export const PROPOSAL_ID_TAG = keccak256(toHex('Lockstep.SecurityCouncil.ProposalId.v1'));

const address = z.string().refine((v) => isAddress(v), 'must be a 0x-prefixed 20-byte address');
const bytes32 = z.string().refine((v) => isHex(v) && v.length === 66, 'must be a 0x-prefixed 32-byte hex value');
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x-prefixed hex bytes');
const chainId = z.number().int().positive();
/** `path/to/File.sol:Contract`, as forge names an artifact. */
const artifactId = z.string().regex(/^[^:]+\.sol:[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be "path/File.sol:Contract"');

const actionSchema = z
  .object({
    chainId,
    /** The network's name in the config, for people; the chain id is what counts. */
    network: z.string().optional(),
    proxy: address,
    /** What the proxy is (its registry name or a label), for people. */
    label: z.string().optional(),
    previousImplementation: address,
    /** The `extcodehash` of the implementation the proxy runs now, as read when the file was written. */
    previousCodehash: bytes32.optional(),
    implementation: address,
    codehash: bytes32,
    data: hexBytes,
    /** The Foundry artifacts of both implementations, for the storage-layout and implementation gates. */
    artifacts: z.object({ previous: artifactId.optional(), implementation: artifactId.optional() }).strict().optional(),
  })
  .strict();

const gateFindingSchema = z
  .object({
    severity: z.enum(['error', 'warning', 'info']),
    chainId: chainId.optional(),
    subject: z.string(),
    message: z.string(),
  })
  .strict();

const gateRecordSchema = z
  .object({
    name: z.string().min(1),
    status: z.enum(['passed', 'failed', 'overridden', 'skipped']),
    summary: z.string(),
    findings: z.array(gateFindingSchema),
    /** Present exactly when `status` is `overridden`: who decided to go on anyway, and why. */
    override: z
      .object({ reason: z.string().min(1), at: z.string() })
      .strict()
      .optional(),
    checkedAt: z.string(),
  })
  .strict()
  .refine((g) => (g.status === 'overridden') === (g.override !== undefined), {
    message: 'an overridden gate needs its override (reason), and only an overridden gate has one',
  });

const activationSchema = z
  .object({
    /** The council timelock's minimum delay, seconds. */
    timelockDelaySeconds: z.number().int().nonnegative(),
    /** The hub's lead from dispatch to the shared activation time: max(deliveryMargin + minDelay). */
    leadSeconds: z.number().int().nonnegative(),
    chains: z.array(
      z
        .object({
          chainId,
          deliveryMarginSeconds: z.number().int().nonnegative(),
          minDelaySeconds: z.number().int().nonnegative(),
          /** Average seconds per block, measured when the file was written (for block estimates). */
          blockTimeSeconds: z.number().positive().optional(),
          /** The head block the block time was measured up to: the base of a block estimate. */
          referenceBlock: z
            .object({ number: z.number().int().nonnegative(), timestamp: z.number().int().nonnegative() })
            .strict()
            .optional(),
        })
        .strict(),
    ),
    /** Unix seconds: the earliest activation if the proposal is approved and scheduled now. */
    earliestActivation: z.number().int().positive().optional(),
  })
  .strict();

const rehearsalSchema = z
  .object({
    /**
     * Storage changes the actions are meant to make beyond what every upgrade implies (the
     * implementation slot, the registry entry, the Lockstep contracts' records): what an action's
     * `data` writes, say. `lockstep rehearse` fails on any other change. Not part of what is signed.
     */
    expectedChanges: z.array(
      z
        .object({
          chainId,
          address,
          slot: bytes32,
          /** The word after the change; absent: any value. */
          value: bytes32.optional(),
          reason: z.string().min(1),
        })
        .strict(),
    ),
  })
  .strict();

const proposalDocumentSchema = z
  .object({
    format: z.literal(PROPOSAL_FORMAT),
    version: z.literal(PROPOSAL_VERSION),
    title: z.string().min(1).max(200),
    description: z.string(),
    createdAt: z.string(),
    /** The SecurityCouncil and its (hub) chain. */
    council: z.object({ chainId, address }).strict(),
    audit: z.object({ hash: bytes32, uri: z.string().max(512) }).strict(),
    actions: z.array(actionSchema).min(1),
    /** `keccak256(abi.encode(actions, audit.hash))`: what the council's proposal id commits to. */
    contentHash: bytes32,
    activation: activationSchema.optional(),
    rollback: z
      .object({ plan: z.string().min(1) })
      .strict()
      .optional(),
    gates: z.array(gateRecordSchema),
    /** What `lockstep rehearse` accepts besides what the actions imply (optional). */
    rehearsal: rehearsalSchema.optional(),
    /** The files merged into this one (`lockstep proposal merge`), by title and content hash. */
    mergedFrom: z.array(z.object({ title: z.string(), contentHash: bytes32 }).strict()).optional(),
    /** Absent in a draft; recorded when the proposal is created on the council. */
    submission: z
      .object({
        /** The council's proposal nonce the id was made with (decimal string: uint64). */
        nonce: z.string().regex(/^\d+$/, 'must be a decimal integer'),
        proposalId: bytes32,
        /** The EIP-712 digest every member signs (`approvalDigest(proposalId)`). */
        digest: bytes32,
        txHash: bytes32,
        blockNumber: z.number().int().nonnegative(),
        proposedAt: z.number().int().positive(),
        expiresAt: z.number().int().positive(),
      })
      .strict()
      .optional(),
    signatures: z.array(
      z.object({ signer: address, signature: hexBytes, scheme: z.literal('erc1271').optional() }).strict(),
    ),
  })
  .strict();

export type ProposalAction = ChainAction & {
  network?: string;
  label?: string;
  previousCodehash?: Hex;
  artifacts?: { previous?: string; implementation?: string };
};
export type GateFinding = z.output<typeof gateFindingSchema>;
export type GateRecord = z.output<typeof gateRecordSchema>;
export type ActivationPlan = z.output<typeof activationSchema>;
export type ProposalSubmission = {
  nonce: string;
  proposalId: Hex;
  digest: Hex;
  txHash: Hex;
  blockNumber: number;
  proposedAt: number;
  expiresAt: number;
};
/**
 * One member's approval signature. `scheme: 'erc1271'`: the member is a contract (a Safe, say) and
 * `signature` is what its `isValidSignature(digest, signature)` accepts; it is checked on the hub
 * when imported and by the council when submitted, but reading the file offline cannot check it.
 * Absent: an ECDSA signature that recovers to `signer`, checked every time the file is read.
 */
export type ProposalSignature = { signer: Address; signature: Hex; scheme?: 'erc1271' };

export type ProposalDocument = Omit<
  z.output<typeof proposalDocumentSchema>,
  'council' | 'audit' | 'actions' | 'contentHash' | 'submission' | 'signatures'
> & {
  council: { chainId: number; address: Address };
  audit: { hash: Hex; uri: string };
  actions: ProposalAction[];
  contentHash: Hex;
  submission?: ProposalSubmission;
  signatures: ProposalSignature[];
};

/** `keccak256(abi.encode(actions, auditReportHash))`, as `SecurityCouncil.proposeUpgrade` computes it. */
export function proposalContentHash(actions: readonly ChainAction[], auditReportHash: Hex): Hex {
  // The council's own parameter types (generated ABI): `ChainAction[] actions, bytes32 auditReportHash`.
  const [actionsParameter, auditParameter] = getAbiItem({ abi: securityCouncilAbi, name: 'proposeUpgrade' }).inputs;
  return keccak256(
    encodeAbiParameters(
      [actionsParameter, auditParameter],
      [actions.map((a) => ({ ...pickChainAction(a), chainId: BigInt(a.chainId) })), auditReportHash],
    ),
  );
}

/** Only the fields the council stores (a proposal file's action carries labels and artifacts too). */
function pickChainAction({ chainId, proxy, previousImplementation, implementation, codehash, data }: ChainAction) {
  return { chainId, proxy, previousImplementation, implementation, codehash, data };
}

/** The id the council gives an upgrade proposal made with `nonce` (`SecurityCouncil._create`). */
export function upgradeProposalId(parameters: {
  council: Address;
  chainId: number;
  nonce: bigint;
  contentHash: Hex;
}): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'address' },
        { type: 'uint256' },
        { type: 'uint64' },
        { type: 'uint8' },
        { type: 'bytes32' },
      ],
      [
        PROPOSAL_ID_TAG,
        parameters.council,
        BigInt(parameters.chainId),
        parameters.nonce,
        PROPOSAL_KINDS.indexOf('upgrade'),
        parameters.contentHash,
      ],
    ),
  );
}

/** The EIP-712 typed data a member signs to approve the proposal `proposalId` of `document`'s council. */
export function proposalApprovalTypedData(council: ProposalDocument['council'], proposalId: Hex): ApprovalTypedData {
  return {
    domain: {
      name: COUNCIL_DOMAIN_NAME,
      version: COUNCIL_DOMAIN_VERSION,
      chainId: council.chainId,
      verifyingContract: council.address,
    },
    types: approvalTypes,
    primaryType: 'Approval',
    message: { proposalId, kind: PROPOSAL_KINDS.indexOf('upgrade') },
  };
}

/** Parses a proposal file's JSON text and checks it (`checkProposalDocument`). */
export async function parseProposalDocument(text: string, source = 'the proposal file'): Promise<ProposalDocument> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProposalError(`${source} is not JSON`, { reason: 'invalid-file', cause });
  }
  const parsed = proposalDocumentSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProposalError(
      `${source} is not a Lockstep proposal file (format "${PROPOSAL_FORMAT}", version ${PROPOSAL_VERSION})`,
      {
        reason: 'invalid-file',
        metaMessages: parsed.error.issues.map((issue) => `${formatPath(issue.path) || '(top)'}: ${issue.message}`),
      },
    );
  }
  const document = normalize(parsed.data);
  await checkProposalDocument(document, source);
  return document;
}

/**
 * Recomputes the content hash, the proposal id and the digest of `document` and checks every ECDSA
 * signature; throws `ProposalError` (`tampered`, `invalid-signature` or `duplicate-signer`) naming
 * the first field that differs. A draft (no `submission`) may carry no signature.
 */
export async function checkProposalDocument(document: ProposalDocument, source = 'the proposal file'): Promise<void> {
  const tampered = (field: string, detail: string) =>
    new ProposalError(`${source}: ${field} ${detail} — the file was changed after it was written; do not sign it`, {
      reason: 'tampered',
    });
  const contentHash = proposalContentHash(document.actions, document.audit.hash);
  if (contentHash !== document.contentHash)
    throw tampered('contentHash', 'is not the hash of its actions and audit hash');
  const { submission } = document;
  if (!submission) {
    if (document.signatures.length > 0) {
      throw new ProposalError(`${source} is a draft with signatures: a draft has no proposal id to sign`, {
        reason: 'not-submitted',
      });
    }
    return;
  }
  const proposalId = upgradeProposalId({
    council: document.council.address,
    chainId: document.council.chainId,
    nonce: BigInt(submission.nonce),
    contentHash,
  });
  if (proposalId !== submission.proposalId) {
    throw tampered('submission.proposalId', 'is not the id of its council, chain, nonce and content');
  }
  const digest = hashTypedData(proposalApprovalTypedData(document.council, proposalId));
  if (digest !== submission.digest)
    throw tampered('submission.digest', 'is not the approval digest of its proposal id');
  const seen: Address[] = [];
  for (const [i, { signer, signature, scheme }] of document.signatures.entries()) {
    if (seen.some((s) => isAddressEqual(s, signer))) {
      throw new ProposalError(`${source}: signatures[${i}] repeats signer ${signer}`, { reason: 'duplicate-signer' });
    }
    seen.push(signer);
    if (scheme === 'erc1271') continue;
    let recovered: Address | undefined;
    try {
      recovered = await recoverAddress({ hash: digest, signature });
    } catch (cause) {
      throw new ProposalError(`${source}: signatures[${i}] is not a signature (65 bytes r‖s‖v expected)`, {
        reason: 'invalid-signature',
        cause,
      });
    }
    if (!isAddressEqual(recovered, signer)) {
      throw new ProposalError(
        `${source}: signatures[${i}] recovers to ${getAddress(recovered)}, not to ${getAddress(signer)}: it signed another proposal or with another key`,
        { reason: 'invalid-signature' },
      );
    }
  }
}

/** Reads and checks a proposal file. */
export async function readProposalFile(path: string): Promise<ProposalDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ProposalError(`cannot read the proposal file ${path} — write one with \`lockstep propose --draft\``, {
      reason: 'invalid-file',
      cause,
    });
  }
  return parseProposalDocument(text, path);
}

/**
 * Writes a proposal file atomically (temp file + rename). It holds nothing secret (it is meant for a
 * pull request), so it is readable by others (0644). The document is checked first: a file this
 * code writes always reads back.
 */
export async function writeProposalFile(path: string, document: ProposalDocument): Promise<void> {
  await checkProposalDocument(document, path);
  await writeFileAtomic(path, `${JSON.stringify(document, null, 2)}\n`, 0o644);
}

function normalize(data: z.output<typeof proposalDocumentSchema>): ProposalDocument {
  return {
    ...data,
    council: { chainId: data.council.chainId, address: getAddress(data.council.address) },
    audit: { hash: data.audit.hash as Hex, uri: data.audit.uri },
    actions: data.actions.map((a) => ({
      ...a,
      proxy: getAddress(a.proxy),
      previousImplementation: getAddress(a.previousImplementation),
      implementation: getAddress(a.implementation),
      codehash: a.codehash as Hex,
      data: a.data as Hex,
      previousCodehash: a.previousCodehash as Hex | undefined,
    })),
    contentHash: data.contentHash as Hex,
    submission: data.submission && {
      ...data.submission,
      proposalId: data.submission.proposalId as Hex,
      digest: data.submission.digest as Hex,
      txHash: data.submission.txHash as Hex,
    },
    signatures: data.signatures.map((s) => ({ ...s, signer: getAddress(s.signer), signature: s.signature as Hex })),
  };
}
