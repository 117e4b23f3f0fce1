/**
 * A sealed file: a document's JSON encrypted with AES-256-GCM under a key derived from the
 * passphrase with scrypt (node:crypto only), in a JSON envelope that is written one way only. The
 * presign bundles and the held council roots are sealed files; each names its own `format`, so one
 * is never opened as the other.
 *
 * `scrypt(passphrase, salt, 64)` gives two keys: the first 32 bytes encrypt, the last 32 make
 * `keyCheck` = HMAC-SHA256(key, "<format> key check"), so a wrong passphrase is told apart
 * from a damaged file. The envelope's header (format, version, kdf, cipher, keyCheck) is GCM's
 * additional data, so no header field can change undetected; `checksum` (SHA-256 of every other
 * field) and the check that the file is byte for byte how this module writes it name any other
 * changed byte as tampering before a key is even derived.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';

/** Why a sealed file cannot be opened. */
export type SealedFileProblem = 'unreadable' | 'tampered' | 'wrong-passphrase';

/** What kind of sealed file, and how its problems are told to the person holding it. */
export type SealedKind = {
  /** The envelope's `format` (also the key-check label): `lockstep-presign-bundle`, ... */
  format: string;
  /** `bundle`, `root file`: named in messages. */
  noun: string;
  /** The command that writes such a file, for "give the file ... wrote". */
  writtenBy: string;
  /** What to do about a damaged file, besides restoring it: `create the bundle again`. */
  remedy: string;
  /** The error to throw for a problem. */
  error: (problem: SealedFileProblem, message: string, cause?: unknown) => Error;
};
/** scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, about a second): the key is derived twice per use at most. */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Bounds a hostile file cannot exceed: scrypt's memory is 128·N·r bytes, at most 256 MiB here. */
const MAX_SCRYPT_N = 2 ** 20;
const MAX_SCRYPT_MEMORY = 2 ** 28;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const envelopeSchema = z.strictObject({
  format: z.string(),
  version: z.literal(1),
  kdf: z
    .strictObject({
      name: z.literal('scrypt'),
      N: z.number().int().min(2).max(MAX_SCRYPT_N),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(16),
      salt: b64,
    })
    .refine((kdf) => 128 * kdf.N * kdf.r <= MAX_SCRYPT_MEMORY, 'scrypt parameters above the memory bound'),
  cipher: z.strictObject({ name: z.literal('aes-256-gcm'), iv: b64 }),
  keyCheck: b64,
  ciphertext: b64,
  tag: b64,
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});
type Envelope = z.output<typeof envelopeSchema>;
export type ScryptParameters = { N: number; r: number; p: number };

/** Encrypts `plaintext` under `passphrase`: the file's text. */
export async function sealText(
  kind: SealedKind,
  plaintext: string,
  passphrase: string,
  cost: ScryptParameters = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const { encryptionKey, keyCheck } = await deriveKeys(kind, passphrase, salt, cost);
  const header = {
    format: kind.format,
    version: 1,
    kdf: { name: 'scrypt', ...cost, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64') },
    keyCheck: keyCheck.toString('base64'),
  } as const;
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
  cipher.setAAD(Buffer.from(JSON.stringify(header)));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const body = { ...header, ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  return serialize({ ...body, checksum: checksum(body) });
}

/** Whether `text` is a sealed file of `kind` (or was one before it was damaged). */
export function isSealed(kind: SealedKind, text: string): boolean {
  return looksSealed(kind, text);
}

/**
 * Decrypts a sealed file's text. Throws `kind.error`: `unreadable` (not such a file), `tampered`
 * (any byte changed), `wrong-passphrase`.
 */
export async function openText(kind: SealedKind, text: string, passphrase: string, path: string): Promise<string> {
  const envelope = parseEnvelope(kind, text, path);
  const { checksum: stored, ...body } = envelope;
  if (checksum(body) !== stored) throw tampered(kind, path, 'its checksum does not match its content');
  const { ciphertext, tag, ...header } = body;
  const { encryptionKey, keyCheck } = await deriveKeys(
    kind,
    passphrase,
    Buffer.from(header.kdf.salt, 'base64'),
    header.kdf,
  );
  const storedCheck = Buffer.from(header.keyCheck, 'base64');
  if (storedCheck.length !== keyCheck.length || !timingSafeEqual(storedCheck, keyCheck)) {
    throw kind.error(
      'wrong-passphrase',
      `wrong passphrase for ${kind.noun} ${path} — give the passphrase the ${kind.noun} was created with`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(header.cipher.iv, 'base64'));
    decipher.setAAD(Buffer.from(JSON.stringify(header)));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw tampered(kind, path, 'its authentication tag does not match (AES-GCM)', cause);
  }
}

function parseEnvelope(kind: SealedKind, text: string, path: string): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    if (looksSealed(kind, text)) throw tampered(kind, path, 'it is no longer valid JSON', cause);
    throw notSealed(kind, path, cause);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success || parsed.data.format !== kind.format) {
    if (looksSealed(kind, text)) throw tampered(kind, path, 'its fields are not as written', parsed.error);
    throw notSealed(kind, path, parsed.error);
  }
  if (serialize(parsed.data) !== text) {
    throw tampered(kind, path, `its bytes differ from how a ${kind.noun} is written`);
  }
  return parsed.data;
}

/** Whether a file that does not parse as sealed still looks like one that was (so it was altered). */
function looksSealed(kind: SealedKind, text: string): boolean {
  return text.includes(kind.format) || (text.includes('"ciphertext"') && text.includes('"checksum"'));
}

function serialize(envelope: Envelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

function checksum(body: Omit<Envelope, 'checksum'>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

async function deriveKeys(
  kind: SealedKind,
  passphrase: string,
  salt: Buffer,
  { N, r, p }: ScryptParameters,
): Promise<{ encryptionKey: Buffer; keyCheck: Buffer }> {
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase, salt, 64, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
  const keyCheck = createHmac('sha256', derived.subarray(32)).update(`${kind.format} key check`).digest();
  return { encryptionKey: derived.subarray(0, 32), keyCheck };
}

function tampered(kind: SealedKind, path: string, why: string, cause?: unknown): Error {
  return kind.error(
    'tampered',
    `${kind.noun} ${path} was altered after it was written (${why}) — do not use it; restore the original file or ${kind.remedy}`,
    cause,
  );
}

function notSealed(kind: SealedKind, path: string, cause?: unknown): Error {
  return kind.error(
    'unreadable',
    `${path} is not a sealed ${kind.noun} — give the file \`${kind.writtenBy}\` wrote`,
    cause,
  );
}
