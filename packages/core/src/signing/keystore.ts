/**
 * Web3 Secret Storage v3 keystores (what geth, `cast wallet new` and `cast wallet import` write):
 * the one place Lockstep decrypts them, for the signers here and for the config's key sources.
 *
 * The decryption is ethers' `decryptKeystoreJson`: a widely used, maintained implementation of
 * the v3 format (scrypt and pbkdf2 KDFs, aes-128-ctr, MAC check, the file's address checked
 * against the key) with its own test vectors, including geth's. It is chosen over
 * `@ethereumjs/wallet`'s `fromV3` because ethers is already the reference most tools test their
 * keystores against, it redacts the password in its own errors, and it returns the address it
 * decrypted to. Its scrypt (noble's) refuses parameters that need more than 1 GiB, so a hostile
 * file cannot exhaust memory. No KDF or cipher is implemented here.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decryptKeystoreJson, isKeystoreJson } from 'ethers';
import { type Hex, isAddressEqual, type PrivateKeyAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { SigningError } from './errors.js';
import type { Passphrase } from './passphrase.js';
import { localSigner, type Signer } from './signer.js';

export type DecryptKeystoreParameters = {
  /** The keystore file (relative to the working directory). */
  path: string;
  passphrase: Passphrase;
  /** Where the path came from, named when the file cannot be read. Default: "the path". */
  pathOrigin?: string | undefined;
};

export type DecryptKeystoreReturnType = {
  /** The decrypted key's account, its address checked against the file's. */
  account: PrivateKeyAccount;
  /** The key itself, for the callers that must hand it on (forge, for a deployment). */
  privateKey: Hex;
};

export type KeystoreSignerParameters = DecryptKeystoreParameters;

/**
 * Decrypts the keystore at `path` with `passphrase`. Throws `SigningError`: `keystore-unreadable`,
 * `malformed-keystore`, `wrong-passphrase` (naming the file and where the passphrase came from,
 * never the passphrase) or `address-mismatch` (the file names another address than its key's).
 *
 * @example
 * const { account } = await decryptKeystore({ path: 'keys/ops.json', passphrase })
 */
export async function decryptKeystore({
  path,
  passphrase,
  pathOrigin = 'the path',
}: DecryptKeystoreParameters): Promise<DecryptKeystoreReturnType> {
  const file = resolve(path);
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SigningError(`cannot read keystore ${file} — check ${pathOrigin}`, {
      reason: 'keystore-unreadable',
      cause,
    });
  }
  if (!isKeystoreJson(json)) {
    throw new SigningError(
      `${file} is not a Web3 Secret Storage v3 keystore — give the file geth or \`cast wallet new|import\` wrote`,
      { reason: 'malformed-keystore' },
    );
  }
  let decrypted: { address: string; privateKey: string };
  try {
    decrypted = await decryptKeystoreJson(json, passphrase.reveal());
  } catch (cause) {
    throw decryptError(cause, file, passphrase);
  }
  const privateKey = decrypted.privateKey as Hex;
  const account = privateKeyToAccount(privateKey);
  if (!isAddressEqual(account.address, decrypted.address as Hex)) throw addressMismatch(file);
  return { account, privateKey };
}

/**
 * Decrypts the keystore at `path` with `passphrase` and returns its signer. Throws as
 * `decryptKeystore`.
 *
 * @example
 * const signer = await keystoreSigner({ path: 'keys/ops.json', passphrase: await readPassphrase({ file: 'pass.txt', purpose: 'keys/ops.json' }) })
 */
export async function keystoreSigner(parameters: KeystoreSignerParameters): Promise<Signer> {
  const { account } = await decryptKeystore(parameters);
  return localSigner(account, 'keystore', `keystore ${resolve(parameters.path)}`);
}

/** ethers' error as ours: its message is matched, never copied (it may quote the file's fields). */
function decryptError(cause: unknown, file: string, passphrase: Passphrase): SigningError {
  const message = cause instanceof Error ? cause.message : '';
  if (/incorrect password/i.test(message)) {
    return new SigningError(
      `wrong passphrase for keystore ${file} (from ${passphrase.origin}) — give the passphrase this keystore was written with`,
      { reason: 'wrong-passphrase', cause },
    );
  }
  if (/address\/privateKey mismatch/i.test(message)) return addressMismatch(file, cause);
  return new SigningError(
    `cannot decrypt keystore ${file}: its fields are malformed or unsupported (scrypt or pbkdf2, aes-128-ctr) — export it again`,
    { reason: 'malformed-keystore', cause },
  );
}

function addressMismatch(file: string, cause?: unknown): SigningError {
  return new SigningError(
    `keystore ${file} names another address than its key's — the file was altered; export it again`,
    { reason: 'address-mismatch', cause },
  );
}
