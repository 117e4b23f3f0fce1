import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { nativeBinary } from '@lockstep/toolchain';
import {
  hashTypedData,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  serializeTransaction,
  toHex,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningError } from './errors.js';
import {
  externalSigner,
  readSignatureRequests,
  readSignatures,
  transactionRequest,
  typedDataRequest,
  writeSignatureRequests,
} from './external.js';
import { keystoreSigner } from './keystore.js';
import { Passphrase, readPassphrase } from './passphrase.js';
import { keySourceSigner } from './private-key.js';
import { transactionDigest } from './signer.js';

const run = promisify(execFile);
const cast = (...args: string[]) => run(nativeBinary('cast'), args).then((r) => r.stdout.trim());

const PASSPHRASE = 'correct horse battery staple';
const key = generatePrivateKey();
const account = privateKeyToAccount(key);
const tx = {
  type: 'eip1559',
  chainId: 31337,
  nonce: 7,
  to: '0x00000000000000000000000000000000000000aa',
  data: '0x1234',
  value: 0n,
  gas: 100_000n,
  maxFeePerGas: 3_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
} as const;
const typedData = {
  domain: { name: 'Test', version: '1', chainId: 1, verifyingContract: '0x00000000000000000000000000000000000000bb' },
  types: { Op: [{ name: 'n', type: 'uint256' }] },
  primaryType: 'Op',
  message: { n: 42n },
} as const;

let dir: string;
let keystore: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lockstep-signing-'));
  // A keystore written by the real `cast wallet import`, as an operator would.
  await cast('wallet', 'import', 'ops', '--keystore-dir', dir, '--private-key', key, '--unsafe-password', PASSPHRASE);
  keystore = join(dir, 'ops');
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('keystoreSigner', () => {
  it('decrypts a keystore written by cast wallet import and signs with its key', async () => {
    const signer = await keystoreSigner({ path: keystore, passphrase: new Passphrase(PASSPHRASE, 'test') });
    expect(signer.address).toBe(account.address);
    expect(signer.kind).toBe('keystore');
    const raw = await signer.signTransaction(tx);
    expect(await recoverTransactionAddress({ serializedTransaction: raw as `0x02${string}` })).toBe(account.address);
    expect(await signer.signTypedData(typedData)).toBe(await account.signTypedData(typedData));
  });

  it('decrypts a keystore written by cast wallet new', async () => {
    const out = await cast('wallet', 'new', dir, '--unsafe-password', PASSPHRASE);
    const address = /Address:\s+(0x[0-9a-fA-F]{40})/.exec(out)?.[1];
    const file = (await readdir(dir)).find((f) => f !== 'ops') ?? '';
    const signer = await keystoreSigner({ path: join(dir, file), passphrase: new Passphrase(PASSPHRASE, 'test') });
    expect(signer.address).toBe(address);
  });

  it('refuses a wrong passphrase with a typed error that never quotes it', async () => {
    const wrong = 'not-the-passphrase-xyz';
    const error = await keystoreSigner({ path: keystore, passphrase: new Passphrase(wrong, 'file pass.txt') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigningError);
    expect((error as SigningError).reason).toBe('wrong-passphrase');
    expect((error as SigningError).message).toMatch(/wrong passphrase for keystore .*ops \(from file pass\.txt\)/);
    expect(inspect(error, { depth: 10 })).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
  });

  it('names a missing or malformed keystore', async () => {
    const p = new Passphrase(PASSPHRASE, 'test');
    await expect(keystoreSigner({ path: join(dir, 'none'), passphrase: p })).rejects.toMatchObject({
      reason: 'keystore-unreadable',
    });
    await writeFile(join(dir, 'bad.json'), '{"version":3}');
    await expect(keystoreSigner({ path: join(dir, 'bad.json'), passphrase: p })).rejects.toMatchObject({
      reason: 'malformed-keystore',
    });
  });
});

describe('readPassphrase', () => {
  it('reads a file (one trailing newline dropped), then a variable, and never prints the value', async () => {
    const file = join(dir, 'pass.txt');
    await writeFile(file, `${PASSPHRASE}\n`);
    const fromFile = await readPassphrase({ file, purpose: 'the bundle' });
    expect(fromFile.reveal()).toBe(PASSPHRASE);
    expect(`${fromFile} ${JSON.stringify({ fromFile })} ${inspect(fromFile)}`).not.toContain(PASSPHRASE);
    const fromEnv = await readPassphrase({ env: 'P', environment: { P: 'x' }, purpose: 'the bundle' });
    expect(fromEnv.reveal()).toBe('x');
    const asked = await readPassphrase({ prompt: { ask: async () => 'typed', question: '?' }, purpose: 'b' });
    expect(asked.origin).toBe('prompt');
  });

  it('says which source is missing', async () => {
    await expect(readPassphrase({ env: 'NOPE', environment: {}, purpose: 'the bundle' })).rejects.toThrow(
      /environment variable NOPE is not set/,
    );
    await expect(readPassphrase({ purpose: 'the bundle' })).rejects.toMatchObject({ reason: 'passphrase-missing' });
  });
});

describe('keySourceSigner', () => {
  it('signs with a private key in an environment variable, as the commands take keys', async () => {
    const signer = await keySourceSigner({ source: { env: 'OPS_KEY' }, env: { OPS_KEY: key } });
    expect(signer.address).toBe(account.address);
    expect(signer.label).toBe('environment variable OPS_KEY');
  });

  it('reads a config keystore source through keystoreSigner', async () => {
    const signer = await keySourceSigner({
      source: { keystore, passphraseEnv: 'OPS_PASS' },
      env: { OPS_PASS: PASSPHRASE },
    });
    expect(signer.kind).toBe('keystore');
  });
});

describe('externalSigner', () => {
  it('round-trips a request file and accepts signatures made elsewhere (cast wallet sign --no-hash)', async () => {
    const unsigned = serializeTransaction(tx);
    const requests = [
      transactionRequest('tx', 'a transaction', unsigned),
      typedDataRequest('td', 'typed data', typedData),
    ];
    const file = join(dir, 'requests.json');
    await writeSignatureRequests(file, {
      format: 'lockstep-signature-requests',
      version: 1,
      signer: account.address,
      requests,
    });
    const read = await readSignatureRequests(file);
    expect(read.requests.map((r) => r.digest)).toEqual([transactionDigest(tx), hashTypedData(typedData)]);
    // The "air-gapped machine": cast signs each digest as is.
    const signatures = [];
    for (const r of read.requests)
      signatures.push({
        digest: r.digest,
        signature: await cast('wallet', 'sign', '--no-hash', '--private-key', key, r.digest),
      });
    await writeFile(join(dir, 'sigs.json'), JSON.stringify(signatures));
    const signer = externalSigner(account.address, await readSignatures(join(dir, 'sigs.json')));
    const raw = await signer.signTransaction(tx);
    expect(parseTransaction(raw).nonce).toBe(7);
    expect(raw).toBe(await account.signTransaction(tx));
    expect(await signer.signTypedData(typedData)).toBe(await account.signTypedData(typedData));
  });

  it('refuses a signature of another key, naming the address it recovers to', async () => {
    const other = privateKeyToAccount(generatePrivateKey());
    const digest = transactionDigest(tx);
    const signer = externalSigner(account.address, new Map([[digest, await other.sign({ hash: digest })]]));
    const error = await signer.signTransaction(tx).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'signer-mismatch' });
    expect((error as Error).message).toContain(
      `recovers to ${other.address}, not the expected signer ${account.address}`,
    );
  });

  it('names a digest with no signature, and a request file altered after it was written', async () => {
    await expect(externalSigner(account.address, new Map()).signDigest(keccak256(toHex('x')))).rejects.toMatchObject({
      reason: 'missing-signature',
    });
    const file = join(dir, 'requests.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/"transaction": "0x02/, '"transaction": "0x03'));
    await expect(readSignatureRequests(file)).rejects.toThrow(/the file was altered/);
    expect((await stat(file)).isFile()).toBe(true);
  });
});
