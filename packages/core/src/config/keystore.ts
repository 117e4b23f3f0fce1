/**
 * Decrypts a Web3 Secret Storage (v3) JSON keystore, the format geth, cast and MetaMask export:
 * a scrypt or pbkdf2 (hmac-sha256) key derivation, aes-128-ctr, and
 * mac = keccak256(derivedKey[16..32] ‖ ciphertext). Uses node:crypto and viem's keccak256 only.
 */
import { createDecipheriv, pbkdf2, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { bytesToHex, type Hex, hexToBytes, keccak256 } from 'viem';
import { KeyError } from '../errors/key.js';

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function pbkdf2Async(password: string, salt: Buffer, rounds: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, rounds, keylen, 'sha256', (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Upper bounds on the KDF work a keystore may ask for, so a hostile file cannot hang the process. */
const MAX_SCRYPT_N = 2 ** 20;
const MAX_PBKDF2_ROUNDS = 10_000_000;

export type DecryptKeystoreParameters = {
  /** The passphrase the keystore was encrypted with. */
  passphrase: string;
  /** The keystore's path, named in errors. */
  path: string;
};

export type DecryptKeystoreReturnType = {
  privateKey: Hex;
  /** The address the keystore says it holds (unchecked), when it says one. */
  address: string | undefined;
};

type Record_ = Record<string, unknown>;

/**
 * Decrypts a parsed v3 keystore. A malformed file or a passphrase that does not match the MAC
 * throws `KeyError`; the message names the path and the problem, never key material.
 */
export async function decryptKeystore(
  keystore: unknown,
  { passphrase, path }: DecryptKeystoreParameters,
): Promise<DecryptKeystoreReturnType> {
  const malformed = (problem: string, cause?: unknown) =>
    new KeyError(
      `malformed keystore ${path}: ${problem} — export a Web3 Secret Storage v3 JSON keystore (e.g. with cast wallet import)`,
      {
        reason: 'malformed-keystore',
        cause,
      },
    );
  if (!isRecord(keystore)) throw malformed('not a JSON object');
  if (keystore.version !== 3) throw malformed(`version is ${JSON.stringify(keystore.version)}, expected 3`);
  const crypto = keystore.crypto ?? keystore.Crypto;
  if (!isRecord(crypto)) throw malformed('no "crypto" object');
  if (crypto.cipher !== 'aes-128-ctr')
    throw malformed(`cipher ${JSON.stringify(crypto.cipher)} is not supported (aes-128-ctr only)`);
  const iv = hexField(crypto.cipherparams, 'iv', 16, malformed);
  const ciphertext = hexField(crypto, 'ciphertext', 32, malformed);
  const mac = hexField(crypto, 'mac', 32, malformed);
  const derived = await deriveKey(crypto.kdf, crypto.kdfparams, passphrase, malformed);

  const expected = hexToBytes(keccak256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext])));
  if (!timingSafeEqual(expected, mac)) {
    throw new KeyError(`wrong passphrase for keystore ${path} (MAC mismatch) — check the passphrase variable`, {
      reason: 'wrong-passphrase',
    });
  }
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const privateKey = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  return {
    privateKey: bytesToHex(privateKey),
    address: typeof keystore.address === 'string' ? keystore.address : undefined,
  };
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hexField(
  parent: unknown,
  field: string,
  length: number,
  malformed: (problem: string) => KeyError,
): Uint8Array {
  const value = isRecord(parent) ? parent[field] : undefined;
  const hex = typeof value === 'string' ? value.replace(/^0x/, '') : '';
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length !== length * 2) {
    throw malformed(`"${field}" is not ${length} bytes of hex`);
  }
  return Buffer.from(hex, 'hex');
}

function positiveInt(params: Record_, field: string, max: number, malformed: (problem: string) => KeyError): number {
  const value = params[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw malformed(`kdfparams.${field} must be a whole number from 1 to ${max}`);
  }
  return value;
}

async function deriveKey(
  kdf: unknown,
  params: unknown,
  passphrase: string,
  malformed: (problem: string, cause?: unknown) => KeyError,
): Promise<Buffer> {
  if (!isRecord(params)) throw malformed('no "kdfparams" object');
  const salt = typeof params.salt === 'string' ? Buffer.from(params.salt.replace(/^0x/, ''), 'hex') : undefined;
  if (!salt || salt.length === 0) throw malformed('kdfparams.salt is not hex');
  const dklen = positiveInt(params, 'dklen', 64, malformed);
  if (dklen < 32) throw malformed('kdfparams.dklen must be at least 32');
  if (kdf === 'scrypt') {
    const n = positiveInt(params, 'n', MAX_SCRYPT_N, malformed);
    const r = positiveInt(params, 'r', 64, malformed);
    const p = positiveInt(params, 'p', 64, malformed);
    if ((n & (n - 1)) !== 0 || n < 2) throw malformed('kdfparams.n must be a power of two');
    try {
      return await scryptAsync(passphrase, salt, dklen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
    } catch (cause) {
      throw malformed('scrypt rejected its parameters', cause);
    }
  }
  if (kdf === 'pbkdf2') {
    if (params.prf !== 'hmac-sha256')
      throw malformed(`kdfparams.prf ${JSON.stringify(params.prf)} is not supported (hmac-sha256 only)`);
    const c = positiveInt(params, 'c', MAX_PBKDF2_ROUNDS, malformed);
    return pbkdf2Async(passphrase, salt, c, dklen);
  }
  throw malformed(`kdf ${JSON.stringify(kdf)} is not supported (scrypt or pbkdf2)`);
}
