/**
 * The root file: one council root, its leaves for every chain and the signatures collected so far,
 * as a versioned JSON document. Everything in it that can be recomputed (message ids, leaves,
 * proofs, the root, the digest) is recomputed when it is read (`checkRootDocument`), and every
 * signature must recover to its signer, so a changed byte anywhere is caught before anything is
 * signed or sent, and a signer can recompute the digest from the file alone.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Address, getAddress, type Hex, isAddress, isAddressEqual, isHex, recoverAddress } from 'viem';
import { z } from 'zod';
import { formatPath } from '../document/path.js';
import { RootError } from '../errors/roots.js';
import { isSealed, openText, type ScryptParameters, type SealedKind, sealText } from '../sealed/envelope.js';
import { buildRootTree, verifyRootProof } from './tree.js';
import { councilRootDigest } from './typed-data.js';

const address = z.string().refine((v) => isAddress(v), 'must be a 0x-prefixed 20-byte address');
const bytes32 = z.string().refine((v) => isHex(v) && v.length === 66, 'must be a 0x-prefixed 32-byte hex value');
const hex = z.string().refine((v) => isHex(v), 'must be 0x-prefixed hex');

/** What a root is for: a pre-signed pause, the fallback ratification of hub messages, or a revocation list. */
export const ROOT_PURPOSES = ['pause', 'ratify'] as const;
export type RootPurpose = (typeof ROOT_PURPOSES)[number];

const rootDocumentSchema = z
  .object({
    format: z.literal('lockstep-council-root'),
    version: z.literal(1),
    purpose: z.enum(ROOT_PURPOSES),
    description: z.string(),
    createdAt: z.string(),
    adapter: address,
    validUntil: z.number().int().positive(),
    membersNonce: z.number().int().nonnegative(),
    root: bytes32,
    digest: bytes32,
    leaves: z
      .array(
        z
          .object({
            chainId: z.number().int().positive(),
            message: hex,
            messageId: bytes32,
            leaf: bytes32,
            proof: z.array(bytes32),
          })
          .strict(),
      )
      .min(1),
    signatures: z.array(
      z.object({ signer: address, signature: hex, scheme: z.literal('erc1271').optional() }).strict(),
    ),
  })
  .strict();

export type RootDocument = {
  format: 'lockstep-council-root';
  version: 1;
  purpose: RootPurpose;
  description: string;
  createdAt: string;
  adapter: Address;
  /** Unix seconds: the last second its leaves execute. */
  validUntil: number;
  /** The adapter's `rotationNonce()` the signatures are for. */
  membersNonce: number;
  root: Hex;
  /** What every member signs (`CouncilRoots.rootDigest`). */
  digest: Hex;
  leaves: { chainId: number; message: Hex; messageId: Hex; leaf: Hex; proof: Hex[] }[];
  signatures: RootSignature[];
};

/**
 * One member's signature of the root. `scheme: 'erc1271'`: the member is a contract (a Safe, say) and
 * `signature` is what its `isValidSignature(digest, signature)` accepts; it was checked on a chain
 * where the member is deployed when it was imported (`addRootSignatures`), and each chain's adapter
 * checks it again, but reading the file offline cannot. Absent: an ECDSA signature that recovers to
 * `signer`, checked every time the file is read.
 */
export type RootSignature = { signer: Address; signature: Hex; scheme?: 'erc1271' };

/** Parses a root file's JSON text and checks it (`checkRootDocument`). */
export async function parseRootDocument(text: string, source = 'the root file'): Promise<RootDocument> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new RootError(`${source} is not JSON`, { reason: 'invalid-file', cause });
  }
  const parsed = rootDocumentSchema.safeParse(json);
  if (!parsed.success) {
    throw new RootError(`${source} is not a Lockstep council root file (format "lockstep-council-root", version 1)`, {
      reason: 'invalid-file',
      metaMessages: parsed.error.issues.map((issue) => `${formatPath(issue.path) || '(top)'}: ${issue.message}`),
    });
  }
  const document = parsed.data as RootDocument;
  await checkRootDocument(document, source);
  return document;
}

/**
 * Recomputes every derived value of `document` and checks every signature; throws `RootError`
 * (`tampered`, `invalid-signature` or `duplicate-signer`) naming the first field that differs.
 */
export async function checkRootDocument(document: RootDocument, source = 'the root file'): Promise<void> {
  const tampered = (field: string, detail: string) =>
    new RootError(`${source}: ${field} ${detail} — the file was changed after it was built; do not sign or send it`, {
      reason: 'tampered',
    });
  const rebuilt = buildRootTree(
    document.adapter,
    document.leaves.map(({ chainId, message }) => ({ chainId, message })),
  );
  for (const [i, leaf] of document.leaves.entries()) {
    const expected = rebuilt.leaves[i];
    if (!expected) throw tampered(`leaves[${i}]`, 'is extra');
    if (expected.messageId !== leaf.messageId) throw tampered(`leaves[${i}].messageId`, 'is not the id of its message');
    if (expected.leaf !== leaf.leaf)
      throw tampered(`leaves[${i}].leaf`, 'is not the leaf of its chain, adapter and message');
    if (!verifyRootProof(document.root, leaf.leaf, leaf.proof))
      throw tampered(`leaves[${i}].proof`, 'does not lead to root');
  }
  if (rebuilt.root !== document.root) throw tampered('root', 'is not the root of its leaves');
  const digest = councilRootDigest(document);
  if (digest !== document.digest) throw tampered('digest', 'is not the digest of root, validUntil and membersNonce');
  const seen: Address[] = [];
  for (const [i, { signer, signature, scheme }] of document.signatures.entries()) {
    if (seen.some((s) => isAddressEqual(s, signer))) {
      throw new RootError(`${source}: signatures[${i}] repeats signer ${signer}`, { reason: 'duplicate-signer' });
    }
    seen.push(signer);
    // A contract member's signature needs its chain; the adapters check it (see `RootSignature`).
    if (scheme !== 'erc1271') await assertSignedBy(digest, { signer, signature }, `${source}: signatures[${i}]`);
  }
}

/** Whether `signature` is an ECDSA signature of `digest` by `signer` (false for any other bytes). */
export async function recoversTo(digest: Hex, { signer, signature }: RootSignature): Promise<boolean> {
  try {
    return isAddressEqual(await recoverAddress({ hash: digest, signature }), signer);
  } catch {
    // Not 65 bytes r‖s‖v, or no point on the curve: not an ECDSA signature at all.
    return false;
  }
}

/** Throws `RootError` (`invalid-signature`) unless `signature` over `digest` recovers to `signer`. */
export async function assertSignedBy(digest: Hex, { signer, signature }: RootSignature, where: string): Promise<void> {
  let recovered: Address | undefined;
  try {
    recovered = await recoverAddress({ hash: digest, signature });
  } catch (cause) {
    throw new RootError(`${where} is not a signature (65 bytes r‖s‖v expected)`, {
      reason: 'invalid-signature',
      cause,
    });
  }
  if (!isAddressEqual(recovered, signer)) {
    throw new RootError(
      `${where} recovers to ${getAddress(recovered)}, not to ${getAddress(signer)}: it signed something else (another root, validUntil or member-set nonce) or with another key`,
      { reason: 'invalid-signature' },
    );
  }
}

/**
 * A held root (a pre-signed pause, say) may be sealed: the same envelope as a presign bundle
 * (AES-256-GCM under scrypt, `sealed/envelope.ts`), format `lockstep-council-root-sealed`.
 */
const SEALED_ROOT: SealedKind = {
  format: 'lockstep-council-root-sealed',
  noun: 'root file',
  writtenBy: 'lockstep root pause --seal',
  remedy: 'build and sign the root again',
  error: (problem, message, cause) =>
    new RootError(message, { reason: problem === 'unreadable' ? 'invalid-file' : problem, cause }),
};

/** Whether the root file at `path` is sealed (so reading it needs its passphrase). */
export async function isRootFileSealed(path: string): Promise<boolean> {
  return isSealed(SEALED_ROOT, await readText(path));
}

/**
 * Reads and checks a root file; a sealed one is opened with `passphrase` (a `RootError`
 * `wrong-passphrase` without one, or with a wrong one).
 */
export async function readRootFile(path: string, { passphrase }: { passphrase?: string } = {}): Promise<RootDocument> {
  let text = await readText(path);
  if (isSealed(SEALED_ROOT, text)) {
    if (passphrase === undefined) {
      throw new RootError(
        `the root file ${path} is sealed: give its passphrase (--passphrase-file or --passphrase-env)`,
        {
          reason: 'wrong-passphrase',
        },
      );
    }
    text = await openText(SEALED_ROOT, text, passphrase, path);
  }
  return parseRootDocument(text, path);
}

/** Writes a root file atomically (temp file + rename), owner-only (0600); sealed under `passphrase` if given. */
export async function writeRootFile(
  path: string,
  document: RootDocument,
  { passphrase, cost }: { passphrase?: string; cost?: ScryptParameters } = {},
): Promise<void> {
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const text = passphrase === undefined ? json : await sealText(SEALED_ROOT, json, passphrase, cost);
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, path);
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new RootError(`cannot read the root file ${path}`, { reason: 'invalid-file', cause });
  }
}
