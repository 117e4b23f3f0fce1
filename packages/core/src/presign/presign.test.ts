import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { nativeBinary } from '@lockstep/toolchain';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { getTransactionCount } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { encodeMessage } from '../message/codec.js';
import { keystoreSigner } from '../signing/keystore.js';
import { Passphrase } from '../signing/passphrase.js';
import { localSigner, type Signer } from '../signing/signer.js';
import { broadcastBundle } from './broadcast.js';
import type { Bundle } from './bundle.js';
import { readBundle, writeBundle } from './bundle-file.js';
import { assembleBundle, signatureRequests, signBundle } from './create.js';
import { decodeTransaction } from './decode.js';
import { type PresignPlanInput, planCall, presignPlanSchema } from './plan.js';
import { prepareTransactions } from './prepare.js';
import { BUNDLE_PASSPHRASE, KEYSTORE_PASSPHRASE, type PresignFixture, startPresignFixture } from './test-fixture.js';
import { waitUntil } from './timing.js';
import { verifyBundle } from './verify.js';

const TIMEOUT = 120_000;
const passphrase = new Passphrase(BUNDLE_PASSPHRASE, 'test');

let f: PresignFixture;
let signer: Signer;
beforeAll(async () => {
  f = await startPresignFixture();
  signer = await keystoreSigner({ path: f.keystore, passphrase: new Passphrase(KEYSTORE_PASSPHRASE, 'test') });
}, TIMEOUT);
afterAll(() => f?.stop());

const chains = () => ({ networks: f.networks, rpcUrls: f.rpcUrls });

async function create(input: PresignPlanInput = f.plan(), by: Signer = signer): Promise<Bundle> {
  const plan = presignPlanSchema.parse(input);
  const prepared = await prepareTransactions({ ...chains(), plan, signer: by.address });
  return signBundle(plan, prepared, by);
}

describe('presign', () => {
  it(
    'creates with a cast keystore, writes 0600, verifies on forks, broadcasts every chain, and refuses to repeat',
    async () => {
      const path = join(f.dir, 'bundle.json');
      await writeBundle({ path, bundle: await create(), passphrase });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain(f.ethereum.proxy.slice(2).toLowerCase());
      const bundle = await readBundle(path, passphrase);
      expect(Object.keys(bundle.chains).sort()).toEqual(['1', '42161']);
      expect(bundle.signer).toBe(f.owner);

      const verified = await verifyBundle({ ...chains(), bundle });
      expect(verified.ok).toBe(true);
      const byChain = new Map(verified.chains.map((c) => [c.chainId, c]));
      expect(byChain.get(1)?.decoded?.call?.functionName).toBe('upgradeToAndCall');
      expect(byChain.get(42161)?.decoded?.call?.functionName).toBe('upgradeAndCall');
      expect(byChain.get(1)?.decoded?.signer).toBe(f.owner);
      expect(byChain.get(1)?.nonce?.status).toBe('usable');
      expect(byChain.get(42161)?.simulation.status).toBe('success');
      // The fork run left the real chain untouched.
      expect(await f.implementationOf(f.ethereum)).not.toBe(f.ethereum.v2);

      // A confirmation that says no (`beforeSend` rejects): nothing is sent.
      const declined = broadcastBundle({
        ...chains(),
        bundle,
        beforeSend: () => Promise.reject(new Error('declined')),
      });
      await expect(declined).rejects.toThrow('declined');
      expect(await f.implementationOf(f.ethereum)).not.toBe(f.ethereum.v2);

      const sent = await broadcastBundle({ ...chains(), bundle });
      expect(sent.chains.map((c) => c.status)).toEqual(['included', 'included']);
      expect(await f.implementationOf(f.ethereum)).toBe(f.ethereum.v2);
      expect(await f.implementationOf(f.arbitrum)).toBe(f.arbitrum.v2);

      const again = await broadcastBundle({ ...chains(), bundle });
      expect(again.chains.map((c) => c.status)).toEqual(['already-included', 'already-included']);
      const after = await verifyBundle({ ...chains(), bundle });
      expect(after.ok).toBe(false);
      expect(after.chains[0]?.nonce?.status).toBe('consumed');
      expect(after.chains[0]?.problems.join()).toMatch(/nonce \d+ is consumed .* create a new bundle/);
    },
    TIMEOUT,
  );

  it(
    'assembles a bundle from digests signed elsewhere (cast wallet sign --no-hash), and refuses another key’s signature',
    async () => {
      const plan = presignPlanSchema.parse(f.plan());
      const prepared = await prepareTransactions({ ...chains(), plan, signer: f.owner });
      const requests = signatureRequests(f.owner, prepared);
      const sign = async (key: string) =>
        new Map(
          await Promise.all(
            requests.requests.map(async (r) => {
              const { stdout } = await promisify(execFile)(nativeBinary('cast'), [
                ...['wallet', 'sign', '--no-hash', '--private-key', key, r.digest],
              ]);
              return [r.digest.toLowerCase(), stdout.trim() as `0x${string}`] as const;
            }),
          ),
        );
      const bundle = await assembleBundle({ ...chains(), plan, requests, signatures: await sign(f.key) });
      expect((await verifyBundle({ ...chains(), bundle })).ok).toBe(true);

      const intruder = privateKeyToAccount(generatePrivateKey());
      const error = await assembleBundle({
        ...chains(),
        plan,
        requests,
        signatures: await sign(generatePrivateKey()),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SigningError', reason: 'signer-mismatch' });
      expect((error as Error).message).toContain(`not the expected signer ${f.owner}`);
      expect(intruder.address).not.toBe(f.owner);
    },
    TIMEOUT,
  );

  it(
    'reports the decoded revert reason of a transaction that would fail (signed by a non-owner)',
    async () => {
      const stranger = localSigner(mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 0 }), 'private-key', 'test');
      const error = await create(f.plan(), stranger).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /(ethereum|arbitrum): cannot estimate the gas .* it reverts now \(OwnableUnauthorizedAccount\(0x.*give "gasLimit" for \1 in the plan/,
      );
      const plan = f.plan();
      const bundle = await create(
        { ...plan, transactions: plan.transactions.map((t) => ({ ...t, gasLimit: '300000' })) },
        stranger,
      );
      const verified = await verifyBundle({ ...chains(), bundle });
      expect(verified.ok).toBe(false);
      const eth = verified.chains.find((c) => c.chainId === 1);
      expect(eth?.simulation).toMatchObject({ status: 'reverted' });
      expect(eth?.problems.join()).toMatch(/reverts on a fork: OwnableUnauthorizedAccount\(0x/);
    },
    TIMEOUT,
  );

  it(
    'broadcasts the other chains when one chain’s nonce is consumed, and refuses a nonce gap',
    async () => {
      const bundle = await create();
      await f.spendNonce(f.ethereum);
      const sent = await broadcastBundle({ ...chains(), bundle });
      expect(sent.ok).toBe(false);
      const [eth, arb] = sent.chains;
      expect(eth).toMatchObject({ status: 'failed', sent: false });
      expect(eth?.status === 'failed' && eth.reason).toMatch(/nonce \d+ is consumed/);
      expect(arb?.status).toBe('included');

      const gapped = await create({ ...f.plan(), nonceOffset: 1 });
      const verified = await verifyBundle({ ...chains(), bundle: gapped });
      expect(verified.chains[0]?.nonce?.status).toBe('gap');
      const refused = await broadcastBundle({ ...chains(), bundle: gapped });
      expect(
        refused.chains.every((c) => c.status === 'failed' && /earlier transaction\(s\) must land first/.test(c.reason)),
      ).toBe(true);
    },
    TIMEOUT,
  );
});

describe('presign errors', () => {
  let path: string;
  let bundle: Bundle;
  beforeAll(async () => {
    bundle = await create();
    path = join(f.dir, 'errors.json');
    await writeBundle({ path, bundle, passphrase });
  }, TIMEOUT);

  it('names a wrong passphrase, never quoting either passphrase', async () => {
    const error = await readBundle(path, new Passphrase('guess', 'test')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PresignError', reason: 'wrong-passphrase' });
    expect((error as Error).message).toMatch(
      /wrong passphrase for bundle .* give the passphrase the bundle was created with/,
    );
    expect((error as Error).message).not.toMatch(/guess|bundle passphrase for tests/);
  });

  it('detects a changed byte anywhere in the file', async () => {
    const original = await readFile(path, 'utf8');
    const spots = [
      0,
      5,
      30,
      60,
      100,
      150,
      200,
      Math.floor(original.length / 2),
      original.length - 40,
      original.length - 2,
    ];
    for (const at of spots) {
      const char = original[at] === 'A' ? 'B' : 'A';
      await writeFile(path, original.slice(0, at) + char + original.slice(at + 1));
      await expect(readBundle(path, passphrase), `byte ${at}`).rejects.toMatchObject({ reason: 'tampered' });
    }
    await writeFile(path, original.slice(0, -1));
    await expect(readBundle(path, passphrase)).rejects.toThrow(
      /was altered after it was written .* create the bundle again/,
    );
    await writeFile(path, original);
    await expect(readBundle(path, passphrase)).resolves.toEqual(bundle);
    await writeFile(join(f.dir, 'other.json'), '{"hello": 1}');
    await expect(readBundle(join(f.dir, 'other.json'), passphrase)).rejects.toMatchObject({ reason: 'unreadable' });
  });

  it(
    'refuses a chain not in the config: create throws, verify reports it, broadcast sends nothing',
    async () => {
      const onlyEthereum = { networks: f.networks.filter((n) => n.name === 'ethereum'), rpcUrls: f.rpcUrls };
      const plan = presignPlanSchema.parse(f.plan());
      await expect(prepareTransactions({ ...onlyEthereum, plan, signer: f.owner })).rejects.toThrow(
        /network "arbitrum" is not in the config \(it has ethereum \(1\)\) — add the network/,
      );
      const verified = await verifyBundle({ ...onlyEthereum, bundle });
      expect(verified.chains.find((c) => c.chainId === 42161)?.problems.join()).toMatch(
        /chain 42161 is not in the config/,
      );
      const before = await getTransactionCount(f.ethereum.client, { address: f.owner });
      await expect(broadcastBundle({ ...onlyEthereum, bundle })).rejects.toMatchObject({ reason: 'unknown-chain' });
      expect(await getTransactionCount(f.ethereum.client, { address: f.owner })).toBe(before);
    },
    TIMEOUT,
  );

  it('refuses an expired bundle (and a plan that has already expired)', async () => {
    const now = () => bundle.expiresAt;
    await expect(verifyBundle({ ...chains(), bundle, now })).rejects.toThrow(/expired at .* create a new bundle/);
    await expect(broadcastBundle({ ...chains(), bundle, now })).rejects.toMatchObject({ reason: 'expired' });
    const plan = presignPlanSchema.parse(f.plan(1_000_000));
    await expect(prepareTransactions({ ...chains(), plan, signer: f.owner })).rejects.toMatchObject({
      reason: 'expired',
    });
  });

  it(
    'reports a dead RPC per chain and keeps going with the others',
    async () => {
      const dead = { networks: f.networks, rpcUrls: { ...f.rpcUrls, arbitrum: 'http://127.0.0.1:9' } };
      const plan = presignPlanSchema.parse(f.plan());
      await expect(prepareTransactions({ ...dead, plan, signer: f.owner })).rejects.toThrow(
        /networks\.arbitrum: RPC .* did not answer .* start the node, or fix the network's rpc URL/,
      );
      const verified = await verifyBundle({ ...dead, bundle });
      const arb = verified.chains.find((c) => c.chainId === 42161);
      expect(arb?.simulation.status).toBe('not-run');
      expect(arb?.problems.join()).toMatch(/did not answer/);
      expect(verified.chains.find((c) => c.chainId === 1)?.ok).toBe(true);
      const sent = await broadcastBundle({ ...dead, bundle });
      expect(sent.chains.find((c) => c.chainId === 42161)).toMatchObject({ status: 'failed', sent: false });
      expect(sent.chains.find((c) => c.chainId === 1)?.status).toBe('included');
    },
    TIMEOUT,
  );
});

describe('presign details', () => {
  it(
    'refuses to prepare while the signer has transactions in flight',
    async () => {
      const client = f.ethereum.client;
      await client.request({ method: 'evm_setAutomine' as never, params: [false] as never });
      try {
        const wallet = createWalletClient({ account: privateKeyToAccount(f.key), transport: http(f.ethereum.url) });
        await wallet.sendTransaction({ chain: null, to: f.owner, value: 1n, gas: 21_000n });
        const plan = presignPlanSchema.parse(f.plan());
        await expect(prepareTransactions({ ...chains(), plan, signer: f.owner })).rejects.toThrow(
          /ethereum: 0x[0-9a-fA-F]{40} has 1 transaction\(s\) in flight .* wait until they are mined/,
        );
      } finally {
        await client.request({ method: 'evm_mine' as never, params: [] as never });
        await client.request({ method: 'evm_setAutomine' as never, params: [true] as never });
      }
    },
    TIMEOUT,
  );

  it('waits for not-before, reporting the time left', async () => {
    let clock = 100;
    const waits: number[] = [];
    await waitUntil(103, {
      now: () => clock,
      tick: 1,
      onWait: (left) => {
        waits.push(left);
        clock += 1;
      },
    });
    expect(waits).toEqual([3, 2, 1]);
  });

  it('encodes and decodes the executor’s UpgradeReceiver.execute(encodedMessage)', async () => {
    const message = {
      version: 1,
      nonce: 7n,
      srcChainId: 1n,
      dstChainId: 42161n,
      sender: f.owner,
      receiver: f.arbitrum.proxy,
      payload: '0x' as const,
    };
    const entry = presignPlanSchema.parse({
      ...f.plan(),
      transactions: [
        { network: 'arbitrum', kind: 'receiver-execute', encodedMessage: encodeMessage(message), gasLimit: 500_000 },
      ],
    }).transactions[0];
    if (!entry) throw new Error('one entry');
    const call = planCall(entry, f.arbitrum.proxy);
    const raw = await signer.signTransaction({
      type: 'eip1559',
      chainId: 42161,
      nonce: 0,
      to: call.to,
      data: call.data,
      gas: 500_000n,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    });
    const decoded = await decodeTransaction(raw);
    expect(decoded.signer).toBe(f.owner);
    expect(decoded.call?.text).toBe('execute(message #7 from chain 1 to chain 42161)');
  });
});
