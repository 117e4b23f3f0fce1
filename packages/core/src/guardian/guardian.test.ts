import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { governanceHubAbi, guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  hashTypedData,
  http,
  keccak256,
  type LocalAccount,
  parseEventLogs,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { resolveKey } from '../config/resolve-key.js';
import type { LockstepConfig } from '../config/schema.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { deployAll } from '../deploy/deploy-all.js';
import { resolveDeployerKey } from '../deploy/resolve-deployer-key.js';
import { GuardianRefusalError } from '../errors/guardian.js';
import { decodeMessage, encodeMessage, type LockstepMessage, messageId } from '../message/codec.js';
import { dispatchAsTimelock } from '../relay/test-fixture.js';
import {
  type Attestation,
  attestationDigest,
  attestationTypedData,
  recoverAttestationSigner,
  signAttestation,
  toGuardianSignatures,
} from './attestation.js';
import { createGuardianNode, type GuardianNode } from './node.js';
import type { AttestationResponse } from './server.js';
import { guardianStorePath, readGuardianStore } from './store.js';

// forge compiles the deploy script on its first run in a clean tree: minutes on a loaded machine.
const DEPLOY_TIMEOUT = 300_000;
const FINALITY_DEPTH = 3;

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];
type Dispatched = { message: LockstepMessage; id: Hex; encoded: Hex; blockNumber: bigint };

let anvils: Anvil[] = [];
let config: LockstepConfig;
let hubUrl: string;
let satelliteUrl: string;
let addresses: {
  hub: Address;
  guardianAdapter: Address;
  timelock: Address;
  vault: Address;
  vaultV1: Address;
  vaultV2: Address;
};
let relayer: LocalAccount;
let guardians: LocalAccount[] = [];
let storeRoot: string;
const nodes: GuardianNode[] = [];

beforeAll(async () => {
  anvils = await startAnvils([
    { name: 'ethereum', chainId: 1 },
    { name: 'arbitrum', chainId: 42161 },
  ]);
  hubUrl = anvils[0]?.rpcUrl ?? '';
  satelliteUrl = anvils[1]?.rpcUrl ?? '';
  config = defaultConfig();
  config.networks = config.networks
    .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
    .map((n) => (n.role === 'hub' ? { ...n, finalityDepth: FINALITY_DEPTH } : n));
  const deployerSource = config.keys.deployer;
  if (!deployerSource) throw new Error('the default config has a deployer key');
  const deployer = await resolveDeployerKey(deployerSource, {}, { allowTestMnemonic: true });
  relayer = privateKeyToAccount(deployer.privateKey);
  const [hub] = await deployAll({ config, account: deployer, rpcUrls: { ethereum: hubUrl, arbitrum: satelliteUrl } });
  const a = hub?.addresses;
  if (!a?.hub || !a.timelock || !a.vault || !a.vaultV1 || !a.vaultV2) {
    throw new Error('the hub deployment has hub and vault');
  }
  addresses = {
    hub: a.hub,
    guardianAdapter: adapterAddress(a, 'guardian'),
    timelock: a.timelock,
    vault: a.vault,
    vaultV1: a.vaultV1,
    vaultV2: a.vaultV2,
  };
  guardians = await Promise.all(
    (config.keys.guardians ?? []).map((source) => resolveKey(source, {}, { allowTestMnemonic: true })),
  );
  storeRoot = await mkdtemp(join(tmpdir(), 'core-guardian-'));
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await Promise.allSettled(nodes.map((node) => node.stop()));
  await stopAnvils(anvils);
  if (storeRoot) await rm(storeRoot, { recursive: true, force: true });
});

/** Test scaffolding only: the hub dispatches an upgrade of the example vault on arbitrum, sent by the impersonated timelock. */
async function dispatchUpgrade(proposal: string): Promise<Dispatched> {
  const code = await createPublicClient({ transport: http(hubUrl) }).getCode({ address: addresses.vaultV2 });
  const receipt = await dispatchAsTimelock({
    rpcUrl: hubUrl,
    hub: addresses.hub,
    timelock: addresses.timelock,
    proposalId: keccak256(Buffer.from(proposal)),
    actions: [
      {
        chainId: 42161n,
        proxy: addresses.vault,
        previousImplementation: addresses.vaultV1,
        implementation: addresses.vaultV2,
        codehash: keccak256(code ?? '0x'),
        data: '0x',
      },
    ],
  });
  const [log] = parseEventLogs({ abi: governanceHubAbi, eventName: 'MessageDispatched', logs: receipt.logs });
  if (!log) throw new Error('no MessageDispatched');
  const encoded = log.args.message;
  return { message: decodeMessage(encoded), id: log.args.messageId, encoded, blockNumber: receipt.blockNumber };
}

async function mine(blocks: number): Promise<void> {
  await createTestClient({ mode: 'anvil', transport: http(hubUrl) }).mine({ blocks });
}

async function startNode(guardian: LocalAccount): Promise<GuardianNode> {
  const node = await createGuardianNode({
    config,
    account: guardian,
    hubRpcUrl: hubUrl,
    addresses,
    port: 0,
    pollIntervalMs: 60_000, // the tests drive polls with poll()
    storeDir: join(storeRoot, guardian.address),
  });
  nodes.push(node);
  return node;
}

async function fetchAttestation(node: GuardianNode, id: Hex): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${node.url}/attestations/${id}`);
  return { status: response.status, body: await response.json() };
}

describe('message codec', () => {
  it('decodes the hub event and computes the same id as MessageCodec.id on chain', async () => {
    const { message, id, encoded } = await dispatchUpgrade('codec');
    expect(messageId(message)).toBe(id);
    expect(encodeMessage(message)).toBe(encoded);
    expect(message).toMatchObject({ version: 1, srcChainId: 1n, dstChainId: 42161n, sender: addresses.hub });
    // The hub recorded the id as dispatched to arbitrum.
    const hub = createPublicClient({ transport: http(hubUrl) });
    const [chainId, state] = await hub.readContract({
      address: addresses.hub,
      abi: governanceHubAbi,
      functionName: 'messageState',
      args: [id],
    });
    expect([chainId, state]).toEqual([42161n, 1]);
  });

  it('refuses a non-canonical encoding and another version', () => {
    const message: LockstepMessage = {
      version: 1,
      nonce: 7n,
      srcChainId: 1n,
      dstChainId: 10n,
      sender: addresses.hub,
      receiver: addresses.hub,
      payload: '0x1234',
    };
    const encoded = encodeMessage(message);
    expect(() => decodeMessage(`${encoded}00`)).toThrow(GuardianRefusalError);
    expect(() => decodeMessage(encodeMessage({ ...message, version: 2 }))).toThrow(/version 2/);
    expect(() => decodeMessage('0x1234')).toThrow(/do not decode/);
  });
});

describe('signAttestation', () => {
  it('signs the digest GuardianAdapter.attestationDigest returns, under the destination domain', async () => {
    const { message, id, blockNumber } = await dispatchUpgrade('digest');
    const [guardian] = guardians;
    if (!guardian) throw new Error('guardians');
    const satellite = createPublicClient({ transport: http(satelliteUrl) });
    const onChain = await satellite.readContract({
      address: addresses.guardianAdapter,
      abi: guardianAdapterAbi,
      functionName: 'attestationDigest',
      args: [id],
    });
    expect(hashTypedData(attestationTypedData({ message, adapter: addresses.guardianAdapter }))).toBe(onChain);
    expect(attestationDigest({ message, adapter: addresses.guardianAdapter })).toBe(onChain);
    const attestation = await signAttestation(guardian, {
      message,
      adapter: addresses.guardianAdapter,
      config,
      hub: addresses.hub,
      finality: { blockNumber, head: blockNumber + BigInt(FINALITY_DEPTH) },
    });
    expect(attestation).toMatchObject({ messageId: id, dstChainId: 42161, signer: guardian.address });
    expect([27, 28]).toContain(attestation.signature.v);
    const signer = await recoverAttestationSigner({
      message,
      adapter: addresses.guardianAdapter,
      signature: attestation.signature,
    });
    expect(signer).toBe(guardian.address);
  });

  it.each([
    ['wrong-source', (m: LockstepMessage) => ({ ...m, sender: addresses.timelock }), 0],
    ['wrong-source', (m: LockstepMessage) => ({ ...m, srcChainId: 5n }), 0],
    ['unknown-destination', (m: LockstepMessage) => ({ ...m, dstChainId: 10n }), 0],
    ['not-final', (m: LockstepMessage) => m, 1],
  ] as const)('refuses (%s) and signs nothing', async (reason, change, shortBy) => {
    const [guardian] = guardians;
    if (!guardian) throw new Error('guardians');
    const message: LockstepMessage = {
      version: 1,
      nonce: 0n,
      srcChainId: 1n,
      dstChainId: 42161n,
      sender: addresses.hub,
      receiver: addresses.hub,
      payload: '0x',
    };
    let signed = false;
    const spy = {
      address: guardian.address,
      signTypedData: ((typedData) => {
        signed = true;
        return guardian.signTypedData(typedData);
      }) as LocalAccount['signTypedData'],
    };
    const head = 100n + BigInt(FINALITY_DEPTH) - BigInt(shortBy);
    const refusal = await signAttestation(spy, {
      message: change(message),
      adapter: addresses.guardianAdapter,
      config,
      hub: addresses.hub,
      finality: { blockNumber: 100n, head },
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(GuardianRefusalError);
    expect((refusal as GuardianRefusalError).reason).toBe(reason);
    expect(signed).toBe(false);
  });
});

describe('guardian node', () => {
  it('signs a message only once its hub block is final, serves it, and 8 attestations queue it on the receiver', async () => {
    const [first, ...others] = guardians;
    if (!first) throw new Error('guardians');
    const node = await startNode(first);
    expect(node.host).toBe('127.0.0.1');
    expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const { message, id, blockNumber } = await dispatchUpgrade('node');
    await node.poll();
    expect(node.attestation(id)).toBeUndefined();
    expect(await fetchAttestation(node, id)).toMatchObject({ status: 404 });
    const before = (await (await fetch(`${node.url}/health`)).json()) as { finalizedBlock: number };
    expect(before.finalizedBlock).toBe(Number(blockNumber) - FINALITY_DEPTH);

    await mine(FINALITY_DEPTH - 1);
    await node.poll();
    expect(node.attestation(id)).toBeUndefined();
    await mine(1);
    await node.poll();

    const { status, body } = await fetchAttestation(node, id);
    expect(status).toBe(200);
    const served = body as AttestationResponse;
    expect(served).toMatchObject({ messageId: id, dstChainId: 42161, guardian: first.address });
    expect(
      await recoverAttestationSigner({ message, adapter: addresses.guardianAdapter, signature: served.signature }),
    ).toBe(first.address);
    const health = await (await fetch(`${node.url}/health`)).json();
    expect(health).toMatchObject({ guardian: first.address, finalizedBlock: Number(blockNumber) });
    expect((health as { signed: number }).signed).toBeGreaterThanOrEqual(1);

    // Seven more guardians: three more nodes and four direct signatures (8 of 15 is the quorum).
    const more = await Promise.all(others.slice(0, 3).map(startNode));
    await Promise.all(more.map((n) => n.poll()));
    const fromNodes = await Promise.all(
      [node, ...more].map(async (n) => {
        const response = (await fetchAttestation(n, id)).body as AttestationResponse;
        return { signer: response.guardian, signature: response.signature } satisfies Partial<Attestation>;
      }),
    );
    const head = await createPublicClient({ transport: http(hubUrl) }).getBlockNumber();
    const direct = await Promise.all(
      others.slice(3, 7).map((g) =>
        signAttestation(g, {
          message,
          adapter: addresses.guardianAdapter,
          config,
          hub: addresses.hub,
          finality: { blockNumber, head },
        }),
      ),
    );
    const signatures = toGuardianSignatures([...fromNodes, ...direct], config.guardians.keys);
    expect(signatures).toHaveLength(8);

    const satellite = createPublicClient({ transport: http(satelliteUrl) });
    const wallet = createWalletClient({ account: relayer, transport: http(satelliteUrl) });
    const hash = await wallet.writeContract({
      chain: null,
      address: addresses.guardianAdapter,
      abi: guardianAdapterAbi,
      functionName: 'deliver',
      args: [encodeMessage(message), 0, config.guardians.keys, signatures],
    });
    expect((await satellite.waitForTransactionReceipt({ hash })).status).toBe('success');
    const [state] = await satellite.readContract({
      address: message.receiver,
      abi: upgradeReceiverAbi,
      functionName: 'messageState',
      args: [id],
    });
    expect(state).toBe(2); // Queued
  });
});

describe('guardian node durability', () => {
  it('serves a signature only once the store on disk holds it, so a node killed after serving never forgets it', async () => {
    const guardian = guardians[8];
    if (!guardian) throw new Error('guardians');
    const node = await startNode(guardian);
    await node.poll();
    const path = guardianStorePath(
      join(storeRoot, guardian.address),
      { hubChainId: 1, hub: addresses.hub },
      guardian.address,
    );
    const { id } = await dispatchUpgrade('durable');
    await mine(FINALITY_DEPTH);

    // The store cannot be replaced (a folder stands where the file goes): the scan fails, and the
    // signature it made must not be served, nor the cursor move past its block.
    await rm(path, { force: true });
    await mkdir(path);
    await expect(node.poll()).rejects.toThrow(/cannot be written/);
    expect(node.attestation(id)).toBeUndefined();
    expect(await fetchAttestation(node, id)).toMatchObject({ status: 404 });

    await rm(path, { recursive: true });
    await node.poll();
    expect(node.attestation(id)).toMatchObject({ messageId: id, signer: guardian.address });
    const stored = await readGuardianStore(path);
    expect(stored?.attestations.map((a) => a.messageId)).toContain(id);
    expect(stored?.cursor).toBeGreaterThan(
      (await createPublicClient({ transport: http(hubUrl) }).getBlockNumber()) - BigInt(FINALITY_DEPTH),
    );
  });
});
