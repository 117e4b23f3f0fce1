/**
 * Signatures made elsewhere (a hardware wallet, an air-gapped machine): what to sign is exported to
 * a request file (each digest with what it covers, so the signer can recompute it independently),
 * the signatures come back in a signature file, and each is accepted only if it recovers to the
 * expected signer.
 *
 * Request file: `{ format: "lockstep-signature-requests", version: 1, signer, requests: [...] }`,
 * each request `{ id, kind, description, digest, transaction? | typedData? }`; a `transaction` is the
 * unsigned EIP-1559 serialization (digest = keccak256 of it), `typedData` the EIP-712 document
 * (digest = hashTypedData). Signature file: `[{ digest, signature }]`, 65-byte `r‖s‖v` signatures over
 * the digest as is (e.g. `cast wallet sign --no-hash <digest>`).
 */
import { readFile } from 'node:fs/promises';
import {
  type Address,
  getAddress,
  type Hex,
  hashTypedData,
  isAddressEqual,
  isHex,
  keccak256,
  recoverAddress,
} from 'viem';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { SigningError } from './errors.js';
import { type AnyTypedData, digestSigner, type Signer } from './signer.js';

const hex = z.string().refine((v) => isHex(v), 'expected 0x-prefixed hex');
const digestSchema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte digest');

const requestSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('transaction'),
    description: z.string(),
    digest: digestSchema,
    transaction: hex,
  }),
  z.object({
    id: z.string(),
    kind: z.literal('typed-data'),
    description: z.string(),
    digest: digestSchema,
    typedData: z.record(z.string(), z.unknown()),
  }),
  z.object({ id: z.string(), kind: z.literal('digest'), description: z.string(), digest: digestSchema }),
]);

export const signatureRequestFileSchema = z.object({
  format: z.literal('lockstep-signature-requests'),
  version: z.literal(1),
  signer: z.string().transform((v) => getAddress(v)),
  requests: z.array(requestSchema).min(1),
});

/** One thing to sign elsewhere. */
export type SignatureRequest = z.output<typeof requestSchema>;
export type SignatureRequestFile = z.output<typeof signatureRequestFileSchema>;

/** A request for an unsigned transaction (its serialization) or typed data (any JSON-safe EIP-712 document). */
export function transactionRequest(id: string, description: string, unsignedSerialized: Hex): SignatureRequest {
  return {
    id,
    kind: 'transaction',
    description,
    digest: keccak256(unsignedSerialized),
    transaction: unsignedSerialized,
  };
}

export function typedDataRequest(id: string, description: string, typedData: AnyTypedData): SignatureRequest {
  const json = JSON.parse(JSON.stringify(typedData, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  return { id, kind: 'typed-data', description, digest: hashTypedData(typedData), typedData: json };
}

/** The digest a request covers, recomputed from what it carries (never read from the file). */
export function recomputeDigest(request: SignatureRequest): Hex {
  if (request.kind === 'transaction') return keccak256(request.transaction as Hex);
  if (request.kind === 'typed-data') return hashTypedData(request.typedData as AnyTypedData);
  return request.digest as Hex;
}

/** Writes a request file atomically (temp file + rename). */
export async function writeSignatureRequests(path: string, file: SignatureRequestFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o644);
}

/**
 * Reads a request file and checks every digest against what it covers. Throws `SigningError`
 * (`malformed-request`) naming the file and the request.
 */
export async function readSignatureRequests(path: string): Promise<SignatureRequestFile> {
  const parsed = signatureRequestFileSchema.safeParse(await readJson(path, 'malformed-request', 'request file'));
  if (!parsed.success) {
    throw new SigningError(`${path} is not a signature request file — write it again with the command that made it`, {
      reason: 'malformed-request',
      cause: parsed.error,
    });
  }
  for (const request of parsed.data.requests) {
    let digest: Hex | undefined;
    try {
      digest = recomputeDigest(request);
    } catch {
      digest = undefined;
    }
    if (digest?.toLowerCase() !== request.digest.toLowerCase()) {
      throw new SigningError(
        `request ${request.id} in ${path}: its digest is not the hash of what it covers — the file was altered; write it again`,
        { reason: 'malformed-request' },
      );
    }
  }
  return parsed.data;
}

const signatureFileSchema = z.array(z.object({ digest: digestSchema, signature: hex })).min(1);

/** Reads a signature file: digest → signature (signatures are checked when used, by `verifySignature`). */
export async function readSignatures(path: string): Promise<ReadonlyMap<string, Hex>> {
  const json = await readJson(path, 'malformed-signature', 'signature file');
  const parsed = signatureFileSchema.safeParse(Array.isArray(json) ? json : [json]);
  if (!parsed.success) {
    throw new SigningError(`${path} does not hold signatures — expected [{ "digest": "0x…", "signature": "0x…" }]`, {
      reason: 'malformed-signature',
      cause: parsed.error,
    });
  }
  return new Map(parsed.data.map((s) => [s.digest.toLowerCase(), s.signature as Hex]));
}

export type VerifySignatureParameters = { digest: Hex; signature: Hex; expected: Address };

/**
 * Accepts `signature` only if it is 65 bytes and recovers, over `digest`, to `expected`; else throws
 * `SigningError` (`malformed-signature`, or `signer-mismatch` naming the address it recovered to).
 */
export async function verifySignature({ digest, signature, expected }: VerifySignatureParameters): Promise<Hex> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new SigningError(`the signature for digest ${digest} is not 65 bytes (r‖s‖v) of hex`, {
      reason: 'malformed-signature',
    });
  }
  let recovered: Address;
  try {
    recovered = await recoverAddress({ hash: digest, signature });
  } catch (cause) {
    throw new SigningError(`the signature for digest ${digest} is not a valid secp256k1 signature`, {
      reason: 'malformed-signature',
      cause,
    });
  }
  if (!isAddressEqual(recovered, expected)) {
    throw new SigningError(
      `the signature for digest ${digest} recovers to ${recovered}, not the expected signer ${expected} — sign with ${expected}'s key (or name ${recovered} as the signer)`,
      { reason: 'signer-mismatch' },
    );
  }
  return signature;
}

/**
 * The signer of imported signatures: `signDigest` returns the signature for that digest from
 * `signatures`, after `verifySignature` (a digest with none is `missing-signature`).
 */
export function externalSigner(address: Address, signatures: ReadonlyMap<string, Hex>): Signer {
  return digestSigner({
    address: getAddress(address),
    kind: 'external',
    label: `external signer ${getAddress(address)}`,
    signDigest: async (digest) => {
      const signature = signatures.get(digest.toLowerCase());
      if (!signature) {
        throw new SigningError(`no signature for digest ${digest} in the signature file — sign it and add it`, {
          reason: 'missing-signature',
        });
      }
      return verifySignature({ digest, signature, expected: address });
    },
  });
}

async function readJson(
  path: string,
  reason: 'malformed-request' | 'malformed-signature',
  what: string,
): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new SigningError(`cannot read the ${what} ${path} as JSON — check the path and the file`, { reason, cause });
  }
}
