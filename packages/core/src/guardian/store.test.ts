import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAddress } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuardianStoreError } from '../errors/guardian.js';
import { guardianStorePath, readGuardianStore, writeGuardianStore } from './store.js';

const guardian = privateKeyToAddress(`0x${'11'.repeat(32)}`);
const key = { hubChainId: 1, hub: privateKeyToAddress(`0x${'22'.repeat(32)}`) };
const hash = `0x${'cd'.repeat(32)}` as const;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-guardian-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('guardian store', () => {
  it('round-trips cursor and attestations through one 0600 file, replaced atomically', async () => {
    const path = guardianStorePath(join(dir, 'nested'), key, guardian);
    expect(await readGuardianStore(path)).toBeUndefined();
    const attestation = {
      messageId: `0x${'ab'.repeat(32)}` as const,
      dstChainId: 42161,
      signer: guardian,
      signature: { v: 27, r: `0x${'01'.repeat(32)}` as const, s: `0x${'02'.repeat(32)}` as const },
    };
    await writeGuardianStore(path, {
      guardian,
      ...key,
      cursor: 41n,
      cursorHash: undefined,
      attestations: [attestation],
    });
    await writeGuardianStore(path, { guardian, ...key, cursor: 42n, cursorHash: hash, attestations: [attestation] });
    expect(await readGuardianStore(path)).toEqual({
      guardian,
      ...key,
      cursor: 42n,
      cursorHash: hash,
      attestations: [attestation],
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 2, hubChainId: 1, cursor: '42' });
  });

  it('keys the file by hub chain id, hub and guardian', () => {
    const other = guardianStorePath(dir, { ...key, hubChainId: 31337 }, guardian);
    expect(guardianStorePath(dir, key, guardian)).not.toBe(other);
    expect(other).toBe(join(dir, `guardian-31337-${key.hub}-${guardian}.json`));
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['not a store', '{"version":1,"cursor":-1}', /is not a guardian store/],
  ])('refuses a file that is %s with GuardianStoreError naming the file', async (_what, content, problem) => {
    const path = guardianStorePath(dir, key, guardian);
    await writeFile(path, content);
    const error = await readGuardianStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardianStoreError);
    expect((error as GuardianStoreError).path).toBe(path);
    expect((error as GuardianStoreError).shortMessage).toMatch(problem);
  });
});
