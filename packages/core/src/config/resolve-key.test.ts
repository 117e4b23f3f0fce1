import { createCipheriv, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak256 } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyError } from '../errors/key.js';
import { decryptKeystore } from './keystore.js';
import { resolveKey } from './resolve-key.js';

const PRIVATE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'; // anvil #1 (public)
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** A v3 keystore written independently of the code under test, with small KDF costs. */
function writeV3(privateKey: string, passphrase: string, kdf: 'scrypt' | 'pbkdf2'): Record<string, unknown> {
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
    address: privateKeyToAddress(privateKey as `0x${string}`)
      .slice(2)
      .toLowerCase(),
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

async function keyError(promise: Promise<unknown>): Promise<KeyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyError);
  return error as KeyError;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decryptKeystore', () => {
  it.each(['scrypt', 'pbkdf2'] as const)('decrypts a %s keystore', async (kdf) => {
    const { privateKey } = await decryptKeystore(writeV3(PRIVATE_KEY, 'hunter2', kdf), {
      passphrase: 'hunter2',
      path: 'k.json',
    });
    expect(privateKey).toBe(PRIVATE_KEY);
  });

  it('decrypts the Web3 Secret Storage spec test vector (pbkdf2, c = 262144)', async () => {
    const vector = {
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
    };
    const { privateKey } = await decryptKeystore(vector, { passphrase: 'testpassword', path: 'vector.json' });
    expect(privateKey).toBe('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
  });

  it('names a wrong passphrase as a MAC mismatch', async () => {
    const error = await keyError(
      decryptKeystore(writeV3(PRIVATE_KEY, 'right', 'scrypt'), { passphrase: 'wrong', path: '/keys/k.json' }),
    );
    expect(error.reason).toBe('wrong-passphrase');
    expect(error.shortMessage).toMatch(/^wrong passphrase for keystore \/keys\/k\.json \(MAC mismatch\)/);
  });

  // biome-ignore lint/suspicious/noExplicitAny: each case breaks a copy of the keystore freely.
  const malformed: [string, (k: Record<string, any>) => void, RegExp][] = [
    ['a version other than 3', (k) => (k.version = 1), /version is 1, expected 3/],
    ['no crypto', (k) => delete k.crypto, /no "crypto" object/],
    ['another cipher', (k) => (k.crypto.cipher = 'aes-128-cbc'), /cipher "aes-128-cbc" is not supported/],
    ['another kdf', (k) => (k.crypto.kdf = 'argon2'), /kdf "argon2" is not supported/],
    ['a short iv', (k) => (k.crypto.cipherparams.iv = 'abcd'), /"iv" is not 16 bytes of hex/],
    ['a mac that is not hex', (k) => (k.crypto.mac = 'zz'), /"mac" is not 32 bytes of hex/],
    ['an absurd scrypt n', (k) => (k.crypto.kdfparams.n = 2 ** 30), /kdfparams\.n must be a whole number from 1 to/],
    ['n not a power of two', (k) => (k.crypto.kdfparams.n = 1000), /power of two/],
  ];

  it.each(malformed)('refuses a keystore with %s', async (_name, change, problem) => {
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const keystore = writeV3(PRIVATE_KEY, 'pw', 'scrypt') as Record<string, any>;
    change(keystore);
    const error = await keyError(decryptKeystore(keystore, { passphrase: 'pw', path: 'k.json' }));
    expect(error.reason).toBe('malformed-keystore');
    expect(error.shortMessage).toMatch(problem);
    expect(error.shortMessage).toMatch(/^malformed keystore k\.json: .* — export a Web3 Secret Storage v3/);
  });
});

describe('resolveKey', () => {
  it('reads a private key from an environment variable', async () => {
    const account = await resolveKey({ env: 'DEPLOYER_KEY' }, { DEPLOYER_KEY: PRIVATE_KEY });
    expect(account.address).toBe(ADDRESS);
  });

  it('names a missing variable, never a value', async () => {
    const error = await keyError(resolveKey({ env: 'DEPLOYER_KEY' }, {}));
    expect(error.reason).toBe('missing-env');
    expect(error.shortMessage).toBe(
      'environment variable DEPLOYER_KEY is not set — export a private key in DEPLOYER_KEY',
    );
  });

  it('refuses a variable that holds no key, without quoting it', async () => {
    const error = await keyError(resolveKey({ env: 'K' }, { K: `${PRIVATE_KEY.slice(0, 60)}zz` }));
    expect(error.reason).toBe('malformed-key');
    expect(error.message).not.toContain(PRIVATE_KEY.slice(4, 60));
  });

  it('decrypts a keystore file with the passphrase from the environment', async () => {
    const path = join(dir, 'deployer.json');
    await writeFile(path, JSON.stringify(writeV3(PRIVATE_KEY, 'correct horse', 'scrypt')));
    const account = await resolveKey(
      { keystore: 'deployer.json', passphraseEnv: 'PW' },
      { PW: 'correct horse' },
      { cwd: dir },
    );
    expect(account.address).toBe(ADDRESS);
  });

  it('names the keystore when the passphrase is wrong', async () => {
    const path = join(dir, 'wrong.json');
    await writeFile(path, JSON.stringify(writeV3(PRIVATE_KEY, 'correct horse', 'pbkdf2')));
    const error = await keyError(resolveKey({ keystore: path, passphraseEnv: 'PW' }, { PW: 'battery staple' }));
    expect(error.shortMessage).toContain(`wrong passphrase for keystore ${path} (MAC mismatch)`);
  });

  it('refuses a keystore that is not JSON, or missing, or altered', async () => {
    await writeFile(join(dir, 'broken.json'), '{ not json');
    const broken = await keyError(resolveKey({ keystore: join(dir, 'broken.json'), passphraseEnv: 'PW' }, { PW: 'x' }));
    expect(broken.reason).toBe('malformed-keystore');
    const missing = await keyError(resolveKey({ keystore: join(dir, 'nope.json'), passphraseEnv: 'PW' }, { PW: 'x' }));
    expect(missing.reason).toBe('keystore-not-found');
    const altered = { ...writeV3(PRIVATE_KEY, 'pw', 'scrypt'), address: 'f39fd6e51aad88f6f4ce6ab8827279cfffb92266' };
    await writeFile(join(dir, 'altered.json'), JSON.stringify(altered));
    const mismatch = await keyError(
      resolveKey({ keystore: join(dir, 'altered.json'), passphraseEnv: 'PW' }, { PW: 'pw' }),
    );
    expect(mismatch.reason).toBe('address-mismatch');
  });

  it('derives an account from a mnemonic at an index', async () => {
    const env = { WORDS: 'test test test test test test test test test test test junk' };
    expect((await resolveKey({ mnemonicEnv: 'WORDS', index: 1 }, env)).address).toBe(ADDRESS);
    const bad = await keyError(resolveKey({ mnemonicEnv: 'WORDS', index: 0 }, { WORDS: 'not a real mnemonic at all' }));
    expect(bad.reason).toBe('malformed-mnemonic');
    expect(bad.message).not.toContain('real mnemonic');
  });

  it('falls back to the test mnemonic for LOCKSTEP_MNEMONIC only when allowed', async () => {
    const source = { mnemonicEnv: 'LOCKSTEP_MNEMONIC', index: 1 };
    expect((await resolveKey(source, {}, { allowTestMnemonic: true })).address).toBe(ADDRESS);
    const error = await keyError(resolveKey(source, {}));
    expect(error.shortMessage).toMatch(/LOCKSTEP_MNEMONIC is not set .* only when every network is local/);
  });
});
