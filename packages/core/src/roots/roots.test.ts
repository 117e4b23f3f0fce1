/**
 * Council roots against real anvils (ethereum hub, arbitrum, optimism) with the default deployment:
 * the council fallback adapter's members are anvil's test mnemonic 1-9, threshold 6, emergency
 * threshold 4 (the home council's). One root, signed once, pauses every chain with no hub message.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { councilFallbackAdapterAbi, governanceHubAbi, vaultV1Abi } from '@lockstep/client';
import { nativeBinary } from '@lockstep/toolchain';
import { type Address, createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { RootError, RootRevertError } from '../errors/roots.js';
import { decodeMessage, encodeMessage } from '../message/codec.js';
import { type Fixture, NETWORKS, startFixture } from '../relay/test-fixture.js';
import { createPauseRoot, createRatificationRoot, type RootDeployment } from './create-root.js';
import { isRootFileSealed, parseRootDocument, type RootDocument, readRootFile, writeRootFile } from './document.js';
import { addRootSignatures, signRoot, signRootRevocation } from './sign-root.js';
import { submitRootRevocation } from './submit-revocation.js';
import { submitRoot } from './submit-root.js';
import { councilRootTypedData, typedDataDocument } from './typed-data.js';

const DEPLOY_TIMEOUT = 300_000;
const account = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
const SENDER = 8;
const DAY = 86_400;

let fixture: Fixture;
let deployment: RootDeployment;
let vault: Address;
let dir: string;

const urlOf = (chainId: number) => fixture.rpcUrls[NETWORKS.find((n) => n.chainId === chainId)?.name ?? ''] ?? '';
const reader = (chainId: number) => createPublicClient({ transport: http(urlOf(chainId)) });
const sender = (chainId: number) => createWalletClient({ account: account(SENDER), transport: http(urlOf(chainId)) });
const chainIds = NETWORKS.map((n) => n.chainId);

async function now(): Promise<number> {
  return Number((await reader(1).getBlock()).timestamp);
}

/** Roots built so far: each new one expires a second earlier, so two tests in one block never build the same root. */
let built = 0;

async function pauseRoot(options: { validFor?: number; description?: string } = {}): Promise<RootDocument> {
  const t = await now();
  built += 1;
  return createPauseRoot({
    deployment,
    chains: chainIds.map((chainId) => ({ chainId, targets: [vault] })),
    validUntil: t + (options.validFor ?? 90 * DAY) - built,
    membersNonce: 0,
    now: t,
    description: options.description ?? 'test pause',
  });
}

async function signedBy(document: RootDocument, members: readonly number[]): Promise<RootDocument> {
  const signatures = await Promise.all(members.map((i) => signRoot(account(i), document)));
  return addRootSignatures(document, signatures);
}

async function paused(chainId: number): Promise<boolean> {
  return reader(chainId).readContract({ address: vault, abi: vaultV1Abi, functionName: 'paused' });
}

async function unpauseEverywhere(): Promise<void> {
  // Test scaffolding: the receiver owns the vault's pause; reset it by impersonation.
  for (const chainId of chainIds) {
    const client = reader(chainId);
    await client.request({ method: 'anvil_impersonateAccount' as never, params: [deployment.receiver] as never });
    await client.request({
      method: 'anvil_setBalance' as never,
      params: [deployment.receiver, '0xDE0B6B3A7640000'] as never,
    });
    const wallet = createWalletClient({ account: deployment.receiver, transport: http(urlOf(chainId)) });
    const hash = await wallet.writeContract({ address: vault, abi: vaultV1Abi, functionName: 'unpause', chain: null });
    await client.waitForTransactionReceipt({ hash });
  }
}

beforeAll(async () => {
  fixture = await startFixture();
  const { hub, receiver } = fixture.addresses;
  if (!hub || !fixture.addresses.vault) throw new Error('the fixture deploys a hub and the example vault');
  deployment = { hubChainId: 1, hub, receiver, adapter: adapterAddress(fixture.addresses, 'fallback') };
  vault = fixture.addresses.vault;
  dir = await mkdtemp(join(tmpdir(), 'lockstep-roots-'));
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a pre-signed pause of every chain', () => {
  it('pauses all three chains from one ceremony, with no hub message', async () => {
    const hubNonce = await reader(1).readContract({
      address: deployment.hub,
      abi: governanceHubAbi,
      functionName: 'nonce',
    });
    const document = await signedBy(await pauseRoot(), [1, 2, 3, 4]);
    const path = join(dir, 'pause.json');
    await writeRootFile(path, document);
    const held = await readRootFile(path);

    const results = await Promise.all(
      chainIds.map((chainId) => submitRoot(sender(chainId), { document: held, receiver: deployment.receiver })),
    );
    for (const result of results) {
      expect(result.leaves).toHaveLength(1);
      const [leaf] = result.leaves;
      if (leaf?.status !== 'executed' || result.setRoot.status !== 'set') throw new Error('not set and paused');
      expect(leaf.emergency?.targets.map((t) => t.outcome)).toEqual(['applied']);
      // One transaction per chain: the leaf's own transaction set the root.
      expect(result.setRoot.hash).toBe(leaf.hash);
      const receipt = await reader(result.chainId).getTransactionReceipt({ hash: leaf.hash });
      expect(receipt.to?.toLowerCase()).toBe(deployment.adapter.toLowerCase());
    }
    for (const chainId of chainIds) expect(await paused(chainId)).toBe(true);
    expect(
      await reader(1).readContract({ address: deployment.hub, abi: governanceHubAbi, functionName: 'nonce' }),
    ).toBe(hubNonce);

    // Broadcast again: the root is set and each leaf consumed; nothing is sent.
    const again = await submitRoot(sender(10), { document: held, receiver: deployment.receiver });
    expect(again.setRoot.status).toBe('already-set');
    expect(again.leaves).toEqual([
      expect.objectContaining({ status: 'skipped', reason: 'consumed', receiverStatus: 'Executed' }),
    ]);
    await unpauseEverywhere();
  });

  it('lets two executors race on one chain: one block pauses it, the other finds it done and fails nothing', async () => {
    const document = await signedBy(await pauseRoot({ description: 'raced' }), [1, 2, 3, 4]);
    const chain = reader(10);
    const executors = [SENDER, 0].map((i) => createWalletClient({ account: account(i), transport: http(urlOf(10)) }));
    await chain.request({ method: 'evm_setAutomine' as never, params: [false] as never });
    try {
      const racing = executors.map((client) => submitRoot(client, { document, receiver: deployment.receiver }));
      // The first transaction waits in the pool. The second executor's lands beside it in the same
      // block, or is refused while being filled (the pending one consumes the pause), or finds the
      // pause done: which one depends on timing, and each must end the same way, with nothing failed.
      await expect
        .poll(async () => (await chain.getBlock({ blockTag: 'pending' })).transactions.length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(1);
      await chain.request({ method: 'evm_mine' as never, params: [] as never });
      // A transaction sent after that block is mined too, so no executor waits for ever.
      await chain.request({ method: 'evm_setIntervalMining' as never, params: [1] as never });
      // Which of the two the block orders first is the chain's choice, not the test's.
      const [first, second] = (await Promise.all(racing)).sort((a, b) =>
        a.setRoot.status === 'set' ? -1 : b.setRoot.status === 'set' ? 1 : 0,
      );
      expect(first?.setRoot.status).toBe('set');
      expect(first?.leaves).toEqual([expect.objectContaining({ status: 'executed', receiverStatus: 'Executed' })]);
      // The second found the root set (no revert for that) and the pause consumed.
      expect(second?.setRoot.status).toBe('already-set');
      expect(second?.leaves).toEqual([
        expect.objectContaining({ status: 'skipped', reason: 'consumed', receiverStatus: 'Executed' }),
      ]);
      expect(await paused(10)).toBe(true);
    } finally {
      await chain.request({ method: 'evm_setIntervalMining' as never, params: [0] as never });
      await chain.request({ method: 'evm_setAutomine' as never, params: [true] as never });
    }
    await unpauseEverywhere();
  });

  it("skips a leaf another executor's pending transaction consumes, and sends nothing", async () => {
    const document = await signedBy(await pauseRoot({ description: 'pending first' }), [1, 2, 3, 4]);
    const chain = reader(10);
    const executor = (i: number) => createWalletClient({ account: account(i), transport: http(urlOf(10)) });
    const [early, late] = [executor(SENDER), executor(0)];
    await chain.request({ method: 'evm_setAutomine' as never, params: [false] as never });
    try {
      const first = submitRoot(early, { document, receiver: deployment.receiver });
      await expect
        .poll(async () => (await chain.getBlock({ blockTag: 'pending' })).transactions.length, { timeout: 30_000 })
        .toBe(1);
      // The chain's latest state still has the pause waiting; only the pending block has it done.
      const second = await submitRoot(late, { document, receiver: deployment.receiver });
      expect(second.setRoot.status).toBe('already-set');
      expect(second.leaves).toEqual([
        expect.objectContaining({ status: 'skipped', reason: 'consumed', receiverStatus: 'Executed' }),
      ]);
      expect((await chain.getBlock({ blockTag: 'pending' })).transactions).toHaveLength(1);
      await chain.request({ method: 'evm_mine' as never, params: [] as never });
      expect((await first).leaves).toEqual([expect.objectContaining({ status: 'executed' })]);
    } finally {
      await chain.request({ method: 'evm_setAutomine' as never, params: [true] as never });
    }
    expect(await paused(10)).toBe(true);
    await unpauseEverywhere();
  });

  it('computes the digest the adapter computes, on every chain', async () => {
    const document = await pauseRoot();
    for (const chainId of chainIds) {
      const onChain = await reader(chainId).readContract({
        address: deployment.adapter,
        abi: councilFallbackAdapterAbi,
        functionName: 'rootDigest',
        args: [document.root, document.validUntil, document.membersNonce],
      });
      expect(onChain).toBe(document.digest);
      for (const leaf of document.leaves.filter((l) => l.chainId === chainId)) {
        const onChainLeaf = await reader(chainId).readContract({
          address: deployment.adapter,
          abi: councilFallbackAdapterAbi,
          functionName: 'rootLeaf',
          args: [BigInt(chainId), leaf.messageId],
        });
        expect(onChainLeaf).toBe(leaf.leaf);
      }
    }
  });

  it('accepts a signature made elsewhere: cast wallet sign over the exported typed data', async () => {
    const document = await pauseRoot();
    const typedDataPath = join(dir, 'typed-data.json');
    await writeFile(typedDataPath, JSON.stringify(typedDataDocument(councilRootTypedData(document))));
    const key = account(5).getHdKey().privateKey;
    if (!key) throw new Error('no key');
    const { stdout } = await promisify(execFile)(nativeBinary('cast'), [
      'wallet',
      'sign',
      '--private-key',
      `0x${Buffer.from(key).toString('hex')}`,
      '--data',
      '--from-file',
      typedDataPath,
    ]);
    const signature = stdout.trim() as Hex;
    const signed = await addRootSignatures(document, [{ signer: account(5).address, signature }]);
    expect(signed.signatures).toHaveLength(1);
    // Filed under another member, the same signature is refused.
    await expect(addRootSignatures(document, [{ signer: account(6).address, signature }])).rejects.toMatchObject({
      reason: 'invalid-signature',
    });
  });
});

describe('refusals, before anything is sent', () => {
  it('refuses a tampered byte anywhere in the file', async () => {
    const document = await signedBy(await pauseRoot(), [1, 2, 3, 4]);
    const text = JSON.stringify(document);
    const messageHex = document.leaves[1]?.message ?? '';
    // Flip one nibble of a target address inside the arbitrum message.
    const at = messageHex.length - 10;
    const flipped = `${messageHex.slice(0, at)}${messageHex[at] === '0' ? '1' : '0'}${messageHex.slice(at + 1)}`;
    await expect(parseRootDocument(text.replace(messageHex, flipped))).rejects.toMatchObject({ reason: 'tampered' });
    await expect(
      parseRootDocument(text.replace(`"validUntil":${document.validUntil}`, `"validUntil":${document.validUntil + 1}`)),
    ).rejects.toThrow(/digest is not the digest/);
    const signature = document.signatures[0]?.signature ?? '0x';
    const badSignature = `${signature.slice(0, 10)}${signature[10] === 'a' ? 'b' : 'a'}${signature.slice(11)}`;
    await expect(parseRootDocument(text.replace(signature, badSignature))).rejects.toMatchObject({
      reason: 'invalid-signature',
    });
    await expect(parseRootDocument('{"format":"lockstep-council-root"')).rejects.toMatchObject({
      reason: 'invalid-file',
    });
  });

  it('refuses an expired root, naming the time, and sends nothing', async () => {
    const document = await signedBy(await pauseRoot({ validFor: 60 }), [1, 2, 3, 4]);
    await reader(42161).request({ method: 'evm_increaseTime' as never, params: [120] as never });
    await reader(42161).request({ method: 'evm_mine' as never, params: [] as never });
    const nonce = await reader(42161).getTransactionCount({ address: account(SENDER).address });
    await expect(submitRoot(sender(42161), { document, receiver: deployment.receiver })).rejects.toMatchObject({
      reason: 'expired',
    });
    expect(await reader(42161).getTransactionCount({ address: account(SENDER).address })).toBe(nonce);
  });

  it('refuses a chain the root has no leaf for', async () => {
    const t = await now();
    const document = createPauseRoot({
      deployment,
      chains: [{ chainId: 10, targets: [vault] }],
      validUntil: t + DAY,
      membersNonce: 0,
      now: t,
    });
    await expect(submitRoot(sender(42161), { document, receiver: deployment.receiver })).rejects.toMatchObject({
      reason: 'no-leaf',
    });
  });

  it("refuses too few signatures with the adapter's numbers, and sends nothing", async () => {
    const document = await signedBy(await pauseRoot({ description: 'three' }), [1, 2, 3]);
    const error = await submitRoot(sender(10), { document, receiver: deployment.receiver }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RootRevertError);
    expect((error as RootRevertError).errorName).toBe('FallbackThresholdNotMet');
    expect((error as RootRevertError).args).toEqual([3n, 4n]);
  });

  it("refuses an upgrade in an emergency quorum's root, and takes it from the full council", async () => {
    // A message shaped like the hub's upgrade: only the council threshold may carry it.
    const pause = await pauseRoot();
    const template = decodeMessage(pause.leaves[0]?.message ?? '0x');
    const upgrade = encodeMessage({
      ...template,
      nonce: template.nonce + 1n,
      payload:
        // kind 1 with an empty-actions body: the receiver refuses it, the adapter must refuse first.
        '0x000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000400000000000000000000000000000000000000000000000000000000000000000',
    });
    const t = await now();
    const root = createRatificationRoot({
      deployment,
      messages: [upgrade],
      validUntil: t + DAY,
      membersNonce: 0,
      now: t,
    });
    const emergencyOnly = await signedBy(root, [1, 2, 3, 4]);
    const error = await submitRoot(sender(1), { document: emergencyOnly, receiver: deployment.receiver }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RootRevertError);
    expect((error as RootRevertError).errorName).toBe('RootAuthorityTooLow');
  });

  it('refuses a revoked root on every chain it was revoked on', async () => {
    const document = await signedBy(await pauseRoot({ description: 'leaked' }), [1, 2, 3, 4]);
    const revocations = await Promise.all([1, 2, 3, 4].map((i) => signRootRevocation(account(i), document.root)));
    const revoked = await submitRootRevocation(sender(10), {
      adapter: deployment.adapter,
      root: document.root,
      signatures: revocations,
    });
    expect(revoked.status).toBe('revoked');
    await expect(submitRoot(sender(10), { document, receiver: deployment.receiver })).rejects.toMatchObject({
      reason: 'revoked',
    });
    expect(await paused(10)).toBe(false);
    const again = await submitRootRevocation(sender(10), {
      adapter: deployment.adapter,
      root: document.root,
      signatures: revocations,
    });
    expect(again.status).toBe('already-revoked');
  });
});

describe('root files', () => {
  it('are written owner-only and read back identical', async () => {
    const document = await signedBy(await pauseRoot(), [1, 2, 3, 4, 5, 6]);
    const path = join(dir, 'nested', 'root.json');
    await writeRootFile(path, document);
    expect(await readRootFile(path)).toEqual(document);
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8')).format).toBe('lockstep-council-root');
  });

  it('can be sealed under a passphrase: read back only with it, and a changed byte is tampering', async () => {
    const document = await signedBy(await pauseRoot(), [1, 2, 3, 4]);
    const path = join(dir, 'sealed.json');
    const cost = { N: 2 ** 12, r: 8, p: 1 };
    await writeRootFile(path, document, { passphrase: 'correct horse', cost });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(document.root.slice(2));
    expect(await isRootFileSealed(path)).toBe(true);
    expect(await readRootFile(path, { passphrase: 'correct horse' })).toEqual(document);
    await expect(readRootFile(path)).rejects.toMatchObject({ reason: 'wrong-passphrase' });
    await expect(readRootFile(path, { passphrase: 'wrong' })).rejects.toMatchObject({ reason: 'wrong-passphrase' });
    const at = text.indexOf('"ciphertext": "') + 20;
    await writeFile(path, `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`);
    await expect(readRootFile(path, { passphrase: 'correct horse' })).rejects.toMatchObject({ reason: 'tampered' });
  });

  it('refuses a second signature by the same member', async () => {
    const document = await signedBy(await pauseRoot(), [1]);
    await expect(addRootSignatures(document, [await signRoot(account(1), document)])).rejects.toBeInstanceOf(RootError);
  });
});
