import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestKeystore } from '../signing/test-keystore.js';
import { resolveDeployerKey } from './resolve-deployer-key.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-deployer-key-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveDeployerKey', () => {
  it('gives the address and key of a keystore source, relative to the config directory', async () => {
    const privateKey = generatePrivateKey();
    await writeFile(join(dir, 'deployer.json'), JSON.stringify(writeTestKeystore(privateKey, 'pw', 'scrypt')));
    const key = await resolveDeployerKey(
      { keystore: 'deployer.json', passphraseEnv: 'DEPLOYER_PASS' },
      { DEPLOYER_PASS: 'pw' },
      { cwd: dir },
    );
    expect(key).toEqual({ address: privateKeyToAddress(privateKey), privateKey });
  });

  it('refuses a wrong passphrase with the signing module’s error', async () => {
    await writeFile(join(dir, 'other.json'), JSON.stringify(writeTestKeystore(generatePrivateKey(), 'pw', 'pbkdf2')));
    await expect(
      resolveDeployerKey({ keystore: 'other.json', passphraseEnv: 'P' }, { P: 'not-pw' }, { cwd: dir }),
    ).rejects.toMatchObject({ name: 'SigningError', reason: 'wrong-passphrase' });
  });
});
