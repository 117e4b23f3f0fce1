/**
 * The alert engine attached to the real Monitor on real anvils (ethereum as the hub, arbitrum) with
 * the default deployment: the alerts about the chains and the code on them come from what the
 * watchers read on the chains, through the store's ledger, as in production (`anvil-alerting.fixture.ts`).
 * A halt is a chain whose blocks stop while the other's go on; an unreachable chain is one whose RPC
 * port closes (the monitor reads arbitrum through a link the test cuts).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { TEST_MNEMONIC } from '@lockstep/core/config';
import { adapterAddress } from '@lockstep/core/deploy';
import { ERC1967_IMPLEMENTATION_SLOT } from '@lockstep/core/detect';
import { readGuardianSets, rotateGuardianSet, signRotation } from '@lockstep/core/guardian';
import { readRootFile } from '@lockstep/core/roots';
import { createPublicClient, createWalletClient, getAddress, http, keccak256, pad } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEPLOY_TIMEOUT } from '../test-devnet.js';
import { type AnvilAlerting, startAnvilAlerting } from './anvil-alerting.fixture.js';
import { openRpcLink, type RpcLink } from './rpc-link.fixture.js';

let harness: AnvilAlerting;
let link: RpcLink | undefined;
let pauseDir: string;

beforeAll(async () => {
  pauseDir = await mkdtemp(join(tmpdir(), 'lockstep-pauses-'));
  harness = await startAnvilAlerting({
    monitor: {
      monitors: [{ name: 'release', thresholds: { haltSeconds: 30 }, triggers: ['screen'] }],
      triggers: { screen: { type: 'terminal' } },
      emergencyPause: { dir: pauseDir },
    },
    pauseBasis: (devnet) => async () => {
      const { hub, receiver } = devnet.addresses;
      if (!hub) throw new Error('the deployment has a hub');
      const adapter = adapterAddress(devnet.addresses, 'fallback');
      const ethereum = createPublicClient({ transport: http(devnet.rpcUrls.ethereum) });
      const nonce = await ethereum.readContract({
        address: adapter,
        abi: councilFallbackAdapterAbi,
        functionName: 'rotationNonce',
      });
      return { deployment: { hubChainId: 1, hub, receiver, adapter }, membersNonce: Number(nonce) };
    },
    chains: async (devnet) => {
      const arbitrum = await openRpcLink(devnet.rpcUrls.arbitrum ?? '');
      link = arbitrum;
      const client = createPublicClient({ transport: http(arbitrum.url, { retryCount: 0, timeout: 5000 }) });
      return devnet.chains().map((chain) => (chain.name === 'arbitrum' ? { ...chain, client } : chain));
    },
  });
  expect(await harness.poll()).toEqual([]);
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await harness?.stop();
  await link?.close();
  await rm(pauseDir, { recursive: true, force: true });
});

describe('alerts from the real monitor on anvils', () => {
  it('a chain that stops producing blocks is halted once, and clears when its blocks resume', async () => {
    await harness.tick(20, ['ethereum']);
    expect(await harness.poll()).toEqual([]); // arbitrum's newest block is 20 s old: under the 30 s threshold
    await harness.tick(20, ['ethereum']);
    expect(await harness.poll()).toEqual(['fired chain-halted:arbitrum']);
    await harness.tick(20, ['ethereum']);
    expect(await harness.poll()).toEqual([]); // still halted: fired once
    expect(harness.monitor.current().alerts.map((a) => a.key)).toEqual(['chain-halted:arbitrum']);
    await harness.tick(1);
    expect(await harness.poll()).toEqual(['cleared chain-halted:arbitrum']);
    expect(harness.lines.filter((l) => l.includes('chain-halted arbitrum'))).toEqual([
      expect.stringMatching(/FIRED {3}warning chain-halted arbitrum: arbitrum produced no block for 40 s/),
      expect.stringMatching(/CLEARED warning chain-halted arbitrum: .*\(active 21 s\)$/),
    ]);
  });

  it('a chain whose RPC port closes is unreachable once, and clears when the port answers again', async () => {
    await link?.cut();
    onTestFinished(() => link?.restore()); // a failed assertion leaves the next tests a reachable arbitrum
    await harness.tick(1);
    expect(await harness.poll()).toEqual(['fired chain-unreachable:arbitrum']);
    expect(harness.lines.at(-1)).toMatch(
      /FIRED {3}warning chain-unreachable arbitrum: arbitrum does not answer its RPC/,
    );
    for (const _ of [1, 2]) {
      await harness.tick(5); // still down, and its blocks go on: no second alert, no halt
      expect(await harness.poll()).toEqual([]);
    }
    await link?.restore();
    await harness.tick(1);
    expect(await harness.poll()).toEqual(['cleared chain-unreachable:arbitrum']);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
  });

  it('code installed without a proposal is critical on that chain only, writes an unsigned pause of it, and clears when undone', async () => {
    const { vault, vaultV2 } = harness.devnet.addresses;
    if (!vault || !vaultV2) throw new Error('the deployment has the example vault and its V2');
    const arbitrum = harness.testClient('arbitrum');
    const before = await arbitrum.getStorageAt({ address: vault, slot: ERC1967_IMPLEMENTATION_SLOT });
    // Someone with the proxy's upgrade power (here: a cheatcode) installs V2 on arbitrum, outside the council.
    await arbitrum.setStorageAt({ address: vault, index: ERC1967_IMPLEMENTATION_SLOT, value: pad(vaultV2) });
    await harness.tick(1);
    // The registry recorded V1 as the approved implementation: V2 is not approved, and no proposal installed it.
    const keys = [
      `unapproved-implementation:arbitrum:${vault}`,
      `implementation-changed-without-proposal:arbitrum:${vault}`,
    ];
    expect(await harness.poll()).toEqual(keys.map((k) => `fired ${k}`));
    const active = await harness.store.active();
    expect(active.map((a) => [a.key, a.severity])).toEqual(keys.map((k) => [k, 'critical']));
    expect(active[1]?.detail).toMatchObject({
      proxy: vault,
      implementation: vaultV2,
      from: getAddress(`0x${(before ?? '').slice(-40)}`),
    });

    // The critical alert became a ready-to-sign pause of the vault on arbitrum, and nothing was sent.
    const [file, ...others] = await readdir(pauseDir);
    expect(others).toEqual([]);
    const path = join(pauseDir, file ?? '');
    const pause = await readRootFile(path);
    expect(pause).toMatchObject({ purpose: 'pause', signatures: [] });
    expect(pause.leaves.map((l) => l.chainId)).toEqual([42161]);
    expect(harness.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^warn wrote an unsigned emergency pause of arbitrum to ${path}.*lockstep root sign ${path}`),
      ),
    );

    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
    await arbitrum.setStorageAt({ address: vault, index: ERC1967_IMPLEMENTATION_SLOT, value: before ?? '0x' });
    await harness.tick(1);
    expect(await harness.poll()).toEqual(keys.map((k) => `cleared ${k}`));
  });

  it('other code behind the approved implementation is a codehash mismatch once, and clears when the code is back', async () => {
    const { vault, vaultV2 } = harness.devnet.addresses;
    if (!vault || !vaultV2) throw new Error('the deployment has the example vault and its V2');
    const arbitrum = harness.testClient('arbitrum');
    const slot = await arbitrum.getStorageAt({ address: vault, slot: ERC1967_IMPLEMENTATION_SLOT });
    const implementation = getAddress(`0x${(slot ?? '').slice(-40)}`);
    const code = await arbitrum.getCode({ address: implementation });
    const other = await arbitrum.getCode({ address: vaultV2 });
    if (!code || !other || keccak256(code) === keccak256(other)) throw new Error('V1 and V2 have different code');
    // The approved implementation's address stays; the code behind it changes (a metamorphic redeploy).
    await arbitrum.setCode({ address: implementation, bytecode: other });
    onTestFinished(() => arbitrum.setCode({ address: implementation, bytecode: code }));
    await harness.tick(1);
    const key = `codehash-mismatch:arbitrum:${vault}`;
    expect(await harness.poll()).toEqual([`fired ${key}`]);
    const [alert] = await harness.store.active();
    expect(alert).toMatchObject({
      severity: 'critical',
      detail: { implementation, codehash: keccak256(other), approvedCodehash: keccak256(code) },
    });
    for (const _ of [1, 2]) {
      await harness.tick(1);
      expect(await harness.poll()).toEqual([]);
    }
    expect(await readdir(pauseDir)).toHaveLength(2); // the first test's pause, and this one's
    await arbitrum.setCode({ address: implementation, bytecode: code });
    await harness.tick(1);
    expect(await harness.poll()).toEqual([`cleared ${key}`]);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
  });

  it('a guardian set rotated on one chain only is signer-set drift, until the other chain rotates too', async () => {
    const adapter = adapterAddress(harness.devnet.addresses, 'guardian');
    const guardians = Array.from({ length: 15 }, (_, i) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 10 + i }));
    const newKeys = guardians
      .slice(0, 5)
      .map((g) => g.address)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const rotate = async (chain: string, chainId: number) => {
      const reader = createPublicClient({ transport: http(harness.devnet.rpcUrls[chain]) });
      const { current } = await readGuardianSets({ client: reader, adapter, chainId });
      const rotation = { adapter, chainId, newIndex: current.index + 1, newKeys, newQuorum: 3 };
      const signatures = await Promise.all(
        guardians.slice(0, 8).map((account) => signRotation({ account, ...rotation })),
      );
      // Anyone may submit a signed rotation: the deployer pays.
      const sender = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 0 });
      const client = createWalletClient({ account: sender, transport: http(harness.devnet.rpcUrls[chain]) });
      await rotateGuardianSet({ client, adapter, newKeys, newQuorum: 3, signatures });
    };
    await rotate('arbitrum', 42161);
    await harness.tick(1);
    expect(await harness.poll()).toEqual(['fired signer-set-drift:guardian']);
    expect(harness.lines.at(-1)).toMatch(
      /the guardian signer set differs between chains: (ethereum vs arbitrum|arbitrum vs ethereum)/,
    );
    await rotate('ethereum', 1);
    await harness.tick(1);
    expect(await harness.poll()).toEqual(['cleared signer-set-drift:guardian']);
    expect(harness.lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});
