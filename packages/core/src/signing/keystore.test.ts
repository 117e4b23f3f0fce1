import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningError } from './errors.js';
import { decryptKeystore } from './keystore.js';
import { Passphrase } from './passphrase.js';
import { type TestKeystore, writeTestKeystore } from './test-keystore.js';

const PRIVATE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'; // anvil #1 (public)
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-keystore-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function save(name: string, keystore: TestKeystore | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof keystore === 'string' ? keystore : JSON.stringify(keystore));
  return path;
}

describe('decryptKeystore', () => {
  it.each(['scrypt', 'pbkdf2'] as const)('decrypts a %s keystore to its key and account', async (kdf) => {
    const path = await save(`${kdf}.json`, writeTestKeystore(PRIVATE_KEY, 'hunter2', kdf));
    const { account, privateKey } = await decryptKeystore({ path, passphrase: new Passphrase('hunter2', 'test') });
    expect(privateKey).toBe(PRIVATE_KEY);
    expect(account.address).toBe(ADDRESS);
  });

  it('decrypts the Web3 Secret Storage spec test vector (pbkdf2, c = 262144)', async () => {
    const path = await save('vector.json', {
      version: 3,
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
        ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
        kdf: 'pbkdf2',
        kdfparams: {
          c: 262144,
          dklen: 32,
          prf: 'hmac-sha256',
          salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd',
        },
        mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
      },
    });
    const { privateKey } = await decryptKeystore({ path, passphrase: new Passphrase('testpassword', 'test') });
    expect(privateKey).toBe('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
  });

  it('names a wrong passphrase, the file and where the passphrase came from, never the passphrase', async () => {
    const path = await save('right.json', writeTestKeystore(PRIVATE_KEY, 'right', 'scrypt'));
    const error = await decryptKeystore({
      path,
      passphrase: new Passphrase('wrong-xyz', 'environment variable PW'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningError);
    expect(error).toMatchObject({
      reason: 'wrong-passphrase',
      shortMessage: `wrong passphrase for keystore ${path} (from environment variable PW) — give the passphrase this keystore was written with`,
    });
    expect(inspect(error, { depth: 10 })).not.toContain('wrong-xyz');
  });

  it('names a missing file and where its path came from', async () => {
    const path = join(dir, 'nope.json');
    await expect(
      decryptKeystore({ path, passphrase: new Passphrase('x', 'test'), pathOrigin: 'the --keystore flag' }),
    ).rejects.toMatchObject({
      reason: 'keystore-unreadable',
      shortMessage: `cannot read keystore ${path} — check the --keystore flag`,
    });
  });

  it('refuses a file that is not JSON as not a v3 keystore', async () => {
    const path = await save('broken.json', '{ not json');
    await expect(decryptKeystore({ path, passphrase: new Passphrase('x', 'test') })).rejects.toMatchObject({
      name: 'SigningError',
      reason: 'malformed-keystore',
      shortMessage: expect.stringMatching(/is not a Web3 Secret Storage v3 keystore — give the file geth or/),
    });
  });

  const malformed: [string, (k: TestKeystore) => void][] = [
    ['a version other than 3', (k) => (k.version = 1)],
    ['no crypto', (k) => delete k.crypto],
    ['another cipher', (k) => (k.crypto.cipher = 'aes-128-cbc')],
    ['another kdf', (k) => (k.crypto.kdf = 'argon2')],
    ['a short iv', (k) => (k.crypto.cipherparams.iv = 'abcd')],
    ['an absurd scrypt n (more memory than allowed)', (k) => (k.crypto.kdfparams.n = 2 ** 30)],
    ['n not a power of two', (k) => (k.crypto.kdfparams.n = 1000)],
  ];

  it.each(malformed)('refuses a keystore with %s as malformed, naming the fix', async (name, change) => {
    const keystore = writeTestKeystore(PRIVATE_KEY, 'pw', 'scrypt');
    change(keystore);
    const path = await save(`${name.replaceAll(' ', '-')}.json`, keystore);
    await expect(decryptKeystore({ path, passphrase: new Passphrase('pw', 'test') })).rejects.toMatchObject({
      name: 'SigningError',
      reason: 'malformed-keystore',
      shortMessage: expect.stringMatching(/keystore — give the file geth|export it again$/),
    });
  });

  it('refuses a keystore whose address is not its key’s as altered', async () => {
    const altered = {
      ...writeTestKeystore(PRIVATE_KEY, 'pw', 'scrypt'),
      address: 'f39fd6e51aad88f6f4ce6ab8827279cfffb92266',
    };
    const path = await save('altered.json', altered);
    await expect(decryptKeystore({ path, passphrase: new Passphrase('pw', 'test') })).rejects.toMatchObject({
      name: 'SigningError',
      reason: 'address-mismatch',
      shortMessage: `keystore ${path} names another address than its key's — the file was altered; export it again`,
    });
  });
});
