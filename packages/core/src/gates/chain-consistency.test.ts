import { councilFallbackAdapterAbi } from '@lockstep/client';
import { repoRoot } from '@lockstep/toolchain';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  padHex,
  toHex,
} from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import type { ReadClient } from '../chain/types.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { ERC1967_IMPLEMENTATION_SLOT } from '../detect/implementation.js';
import { ProposalError } from '../errors/proposal.js';
import { rotateGuardianSet, signRotation } from '../guardian/rotation.js';
import type { ProposalAction, ProposalDocument } from '../proposal/document.js';
import { readRegistryEntry } from '../registry/read-registry-entry.js';
import { codehashOf, type Fixture, NETWORKS, setArbitrumReceiver, startFixture } from '../relay/test-fixture.js';
import { chainConsistencyGate } from './chain-consistency.js';
import { describeSet } from './consistency/facts.js';
import { PROPOSAL_GATES } from './registry.js';
import { runGates } from './run-gates.js';
import type { GateContext } from './types.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;
const ARBITRUM = 42161;
const OPTIMISM = 10;

let fixture: Fixture;
let actions: ProposalAction[];
/** Per-chain anvil snapshots taken before a test changes a chain, reverted after it. */
let snapshots: { url: string; id: Hex }[] = [];

beforeAll(async () => {
  fixture = await startFixture();
  const { vault, vaultV2, receiver } = fixture.addresses;
  if (!vault || !vaultV2) throw new Error('the local deployment has the example vault');
  const codehash = await codehashOf(urlOf(ARBITRUM), vaultV2);
  actions = await Promise.all(
    [ARBITRUM, OPTIMISM].map(async (chainId) => {
      const { implementation } = await readRegistryEntry(clientOf(chainId), { receiver, proxy: vault });
      return {
        chainId,
        proxy: vault,
        label: 'Vault',
        previousImplementation: implementation,
        previousCodehash: await codehashOf(urlOf(chainId), implementation),
        implementation: vaultV2,
        codehash,
        data: '0x' as Hex,
      };
    }),
  );
}, DEPLOY_TIMEOUT);

afterEach(async () => {
  await Promise.all(snapshots.map(({ url, id }) => anvil(url).revert({ id })));
  snapshots = [];
});

afterAll(async () => {
  await fixture?.stop();
});

function urlOf(chainId: number): string {
  const name = NETWORKS.find((n) => n.chainId === chainId)?.name ?? '';
  const url = fixture.rpcUrls[name];
  if (!url) throw new Error(`no RPC for chain ${chainId}`);
  return url;
}

function clientOf(chainId: number): ReadClient {
  return createPublicClient({ transport: http(urlOf(chainId), { retryCount: 0 }) });
}

const anvil = (url: string) => createTestClient({ mode: 'anvil', transport: http(url) });

/** Snapshots every chain; `afterEach` reverts them, so each test starts from the deployment. */
async function snapshotChains(): Promise<void> {
  snapshots = await Promise.all(
    NETWORKS.map(async ({ chainId }) => ({ url: urlOf(chainId), id: await anvil(urlOf(chainId)).snapshot() })),
  );
}

function document(overrides: Partial<ProposalAction>[] = []): ProposalDocument {
  return {
    format: 'lockstep-proposal',
    version: 1,
    title: 'Vault V2',
    description: '',
    createdAt: new Date().toISOString(),
    council: { chainId: 1, address: fixture.addresses.council as Address },
    audit: { hash: keccak256(toHex('audit')), uri: 'ipfs://audit' },
    actions: actions.map((action, i) => ({ ...action, ...overrides[i] })),
    contentHash: keccak256(toHex('not checked by this gate')),
    gates: [],
    signatures: [],
  };
}

function context(
  doc: ProposalDocument = document(),
  clientFor: (chainId: number) => ReadClient = clientOf,
): GateContext {
  return { document: doc, config: fixture.config, clientFor, projectRoot: repoRoot };
}

/** Rotates the guardian set on arbitrum only, signed by the current set (the fixture's guardian keys). */
async function rotateArbitrum(newKeys: readonly Address[], newQuorum: number): Promise<void> {
  const entry = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls).get(ARBITRUM);
  if (!entry) throw new Error('no arbitrum client');
  const adapter = adapterAddress(fixture.addresses, 'guardian');
  const signatures = await Promise.all(
    fixture.guardianKeys.map((key) =>
      signRotation({ account: privateKeyToAccount(key), adapter, chainId: ARBITRUM, newIndex: 1, newKeys, newQuorum }),
    ),
  );
  await rotateGuardianSet({ client: entry.client, adapter, newKeys, newQuorum, signatures });
}

/**
 * Rotates optimism's fallback adapter to the config's members at `threshold`, signed by the first
 * six of its current members (the default config's fallback council: mnemonic indices 1-9).
 */
async function rotateOptimismFallback(threshold: number): Promise<void> {
  const url = urlOf(OPTIMISM);
  const adapter = adapterAddress(fixture.addresses, 'fallback');
  const { members } = fixture.config.fallback;
  const digest = await createPublicClient({ transport: http(url) }).readContract({
    address: adapter,
    abi: councilFallbackAdapterAbi,
    functionName: 'rotationDigest',
    args: [members, threshold, 0],
  });
  const accounts = Array.from({ length: 9 }, (_, i) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i + 1 }))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
    .slice(0, 6);
  const signatures = await Promise.all(accounts.map((account) => account.sign({ hash: digest })));
  const wallet = createWalletClient({ account: fixture.relayer, transport: http(url) });
  const hash = await wallet.writeContract({
    chain: null,
    address: adapter,
    abi: councilFallbackAdapterAbi,
    functionName: 'rotateMembers',
    args: [members, threshold, 0, accounts.map((a) => a.address), signatures],
  });
  await createPublicClient({ transport: http(url) }).waitForTransactionReceipt({ hash });
}

describe('chain-consistency gate', () => {
  it('is registered and cannot be overridden', () => {
    expect(PROPOSAL_GATES).toContain(chainConsistencyGate);
    expect(chainConsistencyGate).toMatchObject({ name: 'chain-consistency', overridable: false });
  });

  it('passes on a consistent deployment: hub and target chains agree with the config and each other', async () => {
    const outcome = await chainConsistencyGate.run(context());
    expect(outcome.findings).toEqual([]);
    expect(outcome).toMatchObject({
      status: 'passed',
      summary: '3 chain(s) consistent (ethereum, arbitrum, optimism)',
    });
  });

  it('fails when one chain’s guardian set drifted, naming that chain, the set and the rotation that fixes it', async () => {
    await snapshotChains();
    const { keys, quorum } = fixture.config.guardians;
    const drifted = keys.slice(0, 5);
    await rotateArbitrum(drifted, 3);

    const outcome = await chainConsistencyGate.run(context());
    expect(outcome.status).toBe('failed');
    const errors = outcome.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([
      {
        severity: 'error',
        chainId: ARBITRUM,
        subject: 'arbitrum guardian set',
        message: expect.stringContaining(
          `expected ${describeSet(keys, quorum)} (what the config and deployment files say, and ethereum, optimism hold), got ${describeSet(drifted, 3)}`,
        ),
      },
    ]);
    expect(errors[0]?.message).toContain(
      `lockstep guardian-set rotate --network arbitrum --keys ${keys.join(',')} --quorum ${quorum}`,
    );
    // The index moved on arbitrum alone: a warning beside the error.
    expect(outcome.findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', subject: 'arbitrum guardian set index' }),
    );
    expect(outcome.summary).toBe('1 difference(s): arbitrum (guardian set)');

    await expect(
      runGates(context(), { gates: [chainConsistencyGate], overrides: { 'chain-consistency': 'ship it' } }),
    ).rejects.toThrow(ProposalError);
  });

  it('fails on a quorum difference alone (same keys, another quorum)', async () => {
    await snapshotChains();
    const { keys, quorum } = fixture.config.guardians;
    await rotateArbitrum(keys, quorum + 1);

    const outcome = await chainConsistencyGate.run(context());
    expect(outcome.status).toBe('failed');
    const finding = outcome.findings.find((f) => f.subject === 'arbitrum guardian set');
    expect(finding?.message).toContain(`got ${quorum + 1} of ${keys.length}`);
    expect(finding?.message).toContain(`expected ${quorum} of ${keys.length}`);
  });

  it('fails when one chain’s fallback members were rotated alone (threshold and rotation nonce differ)', async () => {
    await snapshotChains();
    const { members, threshold } = fixture.config.fallback;
    await rotateOptimismFallback(threshold + 1);

    const outcome = await chainConsistencyGate.run(context());
    expect(outcome.status).toBe('failed');
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        chainId: OPTIMISM,
        subject: 'optimism fallback set',
        message: expect.stringContaining(
          `expected ${describeSet(members, threshold)} (what the config and deployment files say, and ethereum, arbitrum hold), got ${describeSet(members, threshold + 1)}`,
        ),
      }),
      expect.objectContaining({
        chainId: OPTIMISM,
        subject: 'optimism fallback rotation nonce',
        message: expect.stringContaining('expected 0 (what ethereum, arbitrum hold), got 1'),
      }),
    ]);
  });

  it('fails when a proxy no longer runs the implementation the proposal replaces (EIP-1967 slot, registry)', async () => {
    await snapshotChains();
    const { vault, vaultV2 } = fixture.addresses;
    if (!vault || !vaultV2) throw new Error('no vault');
    // Someone upgraded optimism's vault behind the receiver's back: its slot points at V2.
    await anvil(urlOf(OPTIMISM)).setStorageAt({
      address: vault,
      index: ERC1967_IMPLEMENTATION_SLOT,
      value: padHex(vaultV2, { size: 32 }),
    });
    // And the proposal's arbitrum action names an implementation the registry does not hold.
    const outcome = await chainConsistencyGate.run(context(document([{ previousImplementation: vaultV2 }])));
    expect(outcome.status).toBe('failed');
    const [arbitrumAction, optimismAction] = actions;
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        chainId: ARBITRUM,
        subject: `arbitrum proxy Vault (${vault}) registry implementation`,
        message: expect.stringContaining(
          `expected ${vaultV2} (what the proposal replaces), got ${arbitrumAction?.previousImplementation}`,
        ),
      }),
      expect.objectContaining({
        chainId: ARBITRUM,
        subject: `arbitrum proxy Vault (${vault}) EIP-1967 implementation`,
      }),
      expect.objectContaining({
        chainId: OPTIMISM,
        subject: `optimism proxy Vault (${vault}) EIP-1967 implementation`,
        message: expect.stringContaining(
          `expected ${optimismAction?.previousImplementation} (what the proposal replaces), got ${vaultV2} — the proxy was upgraded outside Lockstep`,
        ),
      }),
    ]);
  });

  it('fails when the hub routes a chain to another receiver', async () => {
    await snapshotChains();
    const stranger = '0x000000000000000000000000000000000000dEaD';
    await setArbitrumReceiver(fixture, stranger);
    const outcome = await chainConsistencyGate.run(context());
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        chainId: ARBITRUM,
        subject: 'arbitrum hub chainConfig receiver',
        message: expect.stringContaining(`got ${stranger} — the hub’s configuration of chain 42161 is out of date`),
      }),
    ]);
  });

  it('fails with a clear message for a node of the wrong chain and for an RPC that does not answer', async () => {
    const clientFor = (chainId: number): ReadClient => {
      if (chainId === OPTIMISM) return clientOf(ARBITRUM);
      if (chainId === ARBITRUM) return createPublicClient({ transport: http('http://127.0.0.1:1', { retryCount: 0 }) });
      return clientOf(chainId);
    };
    const outcome = await chainConsistencyGate.run(context(document(), clientFor));
    expect(outcome.status).toBe('failed');
    expect(outcome.findings).toEqual([
      {
        severity: 'error',
        chainId: ARBITRUM,
        subject: 'arbitrum rpc',
        message: expect.stringMatching(/^networks\.arbitrum: RPC http:\/\/127\.0\.0\.1:1 did not answer eth_chainId/),
      },
      {
        severity: 'error',
        chainId: OPTIMISM,
        subject: 'optimism chain id',
        message: expect.stringContaining('networks.optimism: RPC http://127.0.0.1:'),
      },
    ]);
    expect(outcome.findings[1]?.message).toContain('reports chain id 42161, the config says 10');
  });
});
