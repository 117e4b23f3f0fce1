import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDeployerKey } from '../deploy/resolve-deployer-key.js';
import { KeyError } from '../errors/key.js';
import { SigningError } from '../signing/errors.js';
import { writeTestKeystore } from '../signing/test-keystore.js';
import { TEST_MNEMONIC } from './defaults.js';
import { resolveKey } from './resolve-key.js';
import { testMnemonicRoot } from './test-mnemonic.js';

const PRIVATE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'; // anvil #1 (public)
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** The error `promise` rejects with, checked to be a `type`. */
async function rejection<T>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

const keyError = (promise: Promise<unknown>) => rejection(promise, KeyError);
const signingError = (promise: Promise<unknown>) => rejection(promise, SigningError);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
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
    await writeFile(path, JSON.stringify(writeTestKeystore(PRIVATE_KEY, 'correct horse', 'scrypt')));
    const account = await resolveKey(
      { keystore: 'deployer.json', passphraseEnv: 'PW' },
      { PW: 'correct horse' },
      { cwd: dir },
    );
    expect(account.address).toBe(ADDRESS);
  });

  it('names the keystore and the variable when the passphrase is wrong', async () => {
    const path = join(dir, 'wrong.json');
    await writeFile(path, JSON.stringify(writeTestKeystore(PRIVATE_KEY, 'correct horse', 'pbkdf2')));
    const error = await signingError(resolveKey({ keystore: path, passphraseEnv: 'PW' }, { PW: 'battery staple' }));
    expect(error.reason).toBe('wrong-passphrase');
    expect(error.shortMessage).toContain(`wrong passphrase for keystore ${path} (from environment variable PW)`);
  });

  it('names an unset passphrase variable', async () => {
    const error = await signingError(resolveKey({ keystore: 'k.json', passphraseEnv: 'PW' }, {}, { cwd: dir }));
    expect(error.reason).toBe('passphrase-missing');
    expect(error.shortMessage).toBe(
      `environment variable PW is not set — export the passphrase of keystore ${join(dir, 'k.json')} in PW`,
    );
  });

  it('refuses a keystore that is not JSON, or missing (pointing at the config), or altered', async () => {
    await writeFile(join(dir, 'broken.json'), '{ not json');
    const broken = await signingError(
      resolveKey({ keystore: join(dir, 'broken.json'), passphraseEnv: 'PW' }, { PW: 'x' }),
    );
    expect(broken.reason).toBe('malformed-keystore');
    const missing = await signingError(
      resolveKey({ keystore: 'nope.json', passphraseEnv: 'PW' }, { PW: 'x' }, { cwd: dir }),
    );
    expect(missing.reason).toBe('keystore-unreadable');
    expect(missing.shortMessage).toBe(
      `cannot read keystore ${join(dir, 'nope.json')} — check keys.*.keystore (paths are relative to the config file)`,
    );
    const altered = {
      ...writeTestKeystore(PRIVATE_KEY, 'pw', 'scrypt'),
      address: 'f39fd6e51aad88f6f4ce6ab8827279cfffb92266',
    };
    await writeFile(join(dir, 'altered.json'), JSON.stringify(altered));
    const mismatch = await signingError(
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

  it("gives the test mnemonic's accounts and keys as viem derives them, from its root made once, and any other mnemonic's afresh", async () => {
    const other = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
    for (const [words, index] of [
      [TEST_MNEMONIC, 0],
      [TEST_MNEMONIC, 27],
      [TEST_MNEMONIC, 1000],
      [other, 0],
      [other, 5],
    ] as const) {
      const account = await resolveKey({ mnemonicEnv: 'WORDS', index }, { WORDS: words });
      const expected = mnemonicToAccount(words, { addressIndex: index });
      expect(account.address).toBe(expected.address);
      const deployer = await resolveDeployerKey({ mnemonicEnv: 'WORDS', index }, { WORDS: words });
      expect(deployer.privateKey).toBe(toHex(expected.getHdKey().privateKey ?? new Uint8Array()));
    }
    expect(testMnemonicRoot()).toBe(testMnemonicRoot());
  });

  it('falls back to the test mnemonic for LOCKSTEP_MNEMONIC only when allowed', async () => {
    const source = { mnemonicEnv: 'LOCKSTEP_MNEMONIC', index: 1 };
    expect((await resolveKey(source, {}, { allowTestMnemonic: true })).address).toBe(ADDRESS);
    const error = await keyError(resolveKey(source, {}));
    expect(error.shortMessage).toMatch(/LOCKSTEP_MNEMONIC is not set .* only when every network is local/);
  });
});
