/**
 * Test support: v3 keystores written with node:crypto alone (independently of the code under
 * test, which decrypts through ethers), with small KDF costs so tests stay fast.
 */
import { createCipheriv, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { type Hex, keccak256 } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';

/** A keystore as JSON, loose enough that a test can break any field of a copy. */
// biome-ignore lint/suspicious/noExplicitAny: tests break copies of it freely.
export type TestKeystore = Record<string, any>;

/** The v3 keystore of `privateKey` under `passphrase`, its key derived with `kdf`. */
export function writeTestKeystore(privateKey: Hex, passphrase: string, kdf: 'scrypt' | 'pbkdf2'): TestKeystore {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const kdfparams =
    kdf === 'scrypt'
      ? { dklen: 32, n: 1024, r: 8, p: 1, salt: salt.toString('hex') }
      : { dklen: 32, c: 1000, prf: 'hmac-sha256', salt: salt.toString('hex') };
  const derived =
    kdf === 'scrypt'
      ? scryptSync(passphrase, salt, 32, { N: 1024, r: 8, p: 1 })
      : pbkdf2Sync(passphrase, salt, 1000, 32, 'sha256');
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKey.slice(2), 'hex')), cipher.final()]);
  const mac = keccak256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext])).slice(2);
  return {
    version: 3,
    id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
    address: privateKeyToAddress(privateKey).slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf,
      kdfparams,
      mac,
    },
  };
}
