/**
 * A signer from a Web3 Secret Storage v3 keystore (what geth, `cast wallet new` and
 * `cast wallet import` write) and its passphrase.
 *
 * The decryption is ethers' `decryptKeystoreJson`: a widely used, maintained implementation of
 * the v3 format (scrypt and pbkdf2 KDFs, aes-128-ctr, MAC check) with its own test vectors,
 * including geth's. It is chosen over `@ethereumjs/wallet`'s `fromV3` because ethers is already
 * the reference most tools test their keystores against, it redacts the password in its own
 * errors, and it returns the address it decrypted to. No KDF or cipher is implemented here.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decryptKeystoreJson, isKeystoreJson } from 'ethers';
import { type Hex, isAddressEqual } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { SigningError } from './errors.js';
import type { Passphrase } from './passphrase.js';
import { localSigner, type Signer } from './signer.js';

export type KeystoreSignerParameters = {
  /** The keystore file. */
  path: string;
  passphrase: Passphrase;
};

/**
 * Decrypts the keystore at `path` with `passphrase` and returns its signer. Throws `SigningError`:
 * `keystore-unreadable`, `malformed-keystore`, or `wrong-passphrase` (naming the file and where
 * the passphrase came from, never the passphrase).
 *
 * @example
 * const signer = await keystoreSigner({ path: 'keys/ops.json', passphrase: await readPassphrase({ file: 'pass.txt', purpose: 'keys/ops.json' }) })
 */
export async function keystoreSigner({ path, passphrase }: KeystoreSignerParameters): Promise<Signer> {
  const file = resolve(path);
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SigningError(`cannot read keystore ${file} — check the path`, { reason: 'keystore-unreadable', cause });
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
    if (isIncorrectPassword(cause)) {
      throw new SigningError(
        `wrong passphrase for keystore ${file} (from ${passphrase.origin}) — give the passphrase this keystore was written with`,
        { reason: 'wrong-passphrase', cause },
      );
    }
    throw new SigningError(`cannot decrypt keystore ${file}: its fields are malformed — export it again`, {
      reason: 'malformed-keystore',
      cause,
    });
  }
  const account = privateKeyToAccount(decrypted.privateKey as Hex);
  if (!isAddressEqual(account.address, decrypted.address as Hex)) {
    throw new SigningError(`keystore ${file} decrypts to a key that is not its address — export it again`, {
      reason: 'malformed-keystore',
    });
  }
  return localSigner(account, 'keystore', `keystore ${file}`);
}

function isIncorrectPassword(error: unknown): boolean {
  return error instanceof Error && /incorrect password/i.test(error.message);
}
