/**
 * The alert engine attached to the real Monitor on real anvils (ethereum as the hub, arbitrum) with
 * the default deployment: the alerts come from what the watchers read on the chains, through the
 * store's ledger, as in production. The monitor's clock is the chains' clock, moved on by hand, so a
 * halt is a chain whose blocks stop while the other's go on.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { parseConfig, TEST_MNEMONIC } from '@lockstep/core/config';
import { adapterAddress } from '@lockstep/core/deploy';
import { ERC1967_IMPLEMENTATION_SLOT } from '@lockstep/core/detect';
import { readGuardianSets, rotateGuardianSet, signRotation } from '@lockstep/core/guardian';
import { readRootFile } from '@lockstep/core/roots';
import { createPublicClient, createTestClient, createWalletClient, getAddress, http, pad, publicActions } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../model.js';
import { Monitor } from '../monitor.js';
import { IN_MEMORY, openStore } from '../store/index.js';
import type { MonitorStore } from '../store/types.js';
import { DEPLOY_TIMEOUT, type MonitorDevnet, NETWORKS, startMonitorDevnet } from '../test-devnet.js';
import { type Alerting, startAlerting } from './start-alerting.js';

let devnet: MonitorDevnet;
let pauseDir: string;
let store: MonitorStore;
let monitor: Monitor;
let alerting: Alerting;
/** The monitor's clock: the newest block's timestamp, moved on by `tick`. */
let now = 0;
const transitions: AlertTransition[] = [];
const lines: string[] = [];

const testClient = (chain: string) =>
  createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrls[chain]) }).extend(publicActions);

/** The newest block's timestamp on any chain. */
async function newestTimestamp(): Promise<number> {
  const heads = await Promise.all(NETWORKS.map((n) => testClient(n.name).getBlock()));
  return Math.max(...heads.map((b) => Number(b.timestamp)));
}

/**
 * Moves the clock on by `seconds` (or past a block a transaction just mined) and mines one block at
 * that time on each of `chains`.
 */
async function tick(seconds: number, chains = NETWORKS.map((n) => n.name)): Promise<void> {
  now = Math.max(now + seconds, (await newestTimestamp()) + 1);
  for (const chain of chains) {
    const client = testClient(chain);
    await client.setNextBlockTimestamp({ timestamp: BigInt(now) });
    await client.mine({ blocks: 1 });
  }
}

/** One poll, and the transitions the alert engine made of it. */
async function poll(): Promise<string[]> {
  const before = transitions.length;
  await monitor.pollOnce();
  await alerting.settled();
  return transitions.slice(before).map((t) => `${t.type} ${t.alert.key}`);
}

beforeAll(async () => {
  pauseDir = await mkdtemp(join(tmpdir(), 'lockstep-pauses-'));
  devnet = await startMonitorDevnet();
  store = await openStore({ dataDir: IN_MEMORY });
  const config = parseConfig({
    ...structuredClone(devnet.config),
    monitor: {
      monitors: [{ name: 'release', thresholds: { haltSeconds: 30 }, triggers: ['screen'] }],
      triggers: { screen: { type: 'terminal' } },
      emergencyPause: { dir: pauseDir },
    },
  });
  const { hub, receiver } = devnet.addresses;
  if (!hub) throw new Error('the deployment has a hub');
  const fallbackAdapter = adapterAddress(devnet.addresses, 'fallback');
  now = await newestTimestamp();
  await tick(1);
  monitor = new Monitor({ store, chains: devnet.chains(), clock: () => now });
  alerting = startAlerting({
    feed: monitor,
    ledger: store,
    config,
    logger: { info: () => {}, warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) },
    pauseBasis: async () => ({
      deployment: { hubChainId: 1, hub, receiver, adapter: fallbackAdapter },
      membersNonce: Number(
        await testClient('ethereum').readContract({
          address: fallbackAdapter,
          abi: councilFallbackAdapterAbi,
          functionName: 'rotationNonce',
        }),
      ),
    }),
    write: (line) => lines.push(line),
    onTransition: (transition) => {
      transitions.push(transition);
      monitor.publish({ type: 'alert', transition });
    },
  });
  expect(await poll()).toEqual([]);
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await alerting?.stop();
  await store?.close();
  await devnet?.stop();
  await rm(pauseDir, { recursive: true, force: true });
});

describe('alerts from the real monitor on anvils', () => {
  it('a chain that stops producing blocks is halted once, and clears when its blocks resume', async () => {
    await tick(20, ['ethereum']);
    expect(await poll()).toEqual([]); // arbitrum's newest block is 20 s old: under the 30 s threshold
    await tick(20, ['ethereum']);
    expect(await poll()).toEqual(['fired chain-halted:arbitrum']);
    await tick(20, ['ethereum']);
    expect(await poll()).toEqual([]); // still halted: fired once
    expect(monitor.current().alerts.map((a) => a.key)).toEqual(['chain-halted:arbitrum']);
    await tick(1);
    expect(await poll()).toEqual(['cleared chain-halted:arbitrum']);
    expect(lines.filter((l) => l.includes('chain-halted arbitrum'))).toEqual([
      expect.stringMatching(/FIRED {3}warning chain-halted arbitrum: arbitrum produced no block for 40 s/),
      expect.stringMatching(/CLEARED warning chain-halted arbitrum: .*\(active 21 s\)$/),
    ]);
  });

  it('code installed without a proposal is critical on that chain only, writes an unsigned pause of it, and clears when undone', async () => {
    const { vault, vaultV2 } = devnet.addresses;
    if (!vault || !vaultV2) throw new Error('the deployment has the example vault and its V2');
    const arbitrum = testClient('arbitrum');
    const before = await arbitrum.getStorageAt({ address: vault, slot: ERC1967_IMPLEMENTATION_SLOT });
    // Someone with the proxy's upgrade power (here: a cheatcode) installs V2 on arbitrum, outside the council.
    await arbitrum.setStorageAt({ address: vault, index: ERC1967_IMPLEMENTATION_SLOT, value: pad(vaultV2) });
    await tick(1);
    // The registry recorded V1 as the approved implementation: V2 is not approved, and no proposal installed it.
    const keys = [
      `unapproved-implementation:arbitrum:${vault}`,
      `implementation-changed-without-proposal:arbitrum:${vault}`,
    ];
    expect(await poll()).toEqual(keys.map((k) => `fired ${k}`));
    const active = await store.active();
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
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^warn wrote an unsigned emergency pause of arbitrum to ${path}.*lockstep root sign ${path}`),
      ),
    );

    await tick(1);
    expect(await poll()).toEqual([]);
    await arbitrum.setStorageAt({ address: vault, index: ERC1967_IMPLEMENTATION_SLOT, value: before ?? '0x' });
    await tick(1);
    expect(await poll()).toEqual(keys.map((k) => `cleared ${k}`));
  });

  it('a guardian set rotated on one chain only is signer-set drift, until the other chain rotates too', async () => {
    const adapter = adapterAddress(devnet.addresses, 'guardian');
    const guardians = Array.from({ length: 15 }, (_, i) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 10 + i }));
    const newKeys = guardians
      .slice(0, 5)
      .map((g) => g.address)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const rotate = async (chain: string, chainId: number) => {
      const reader = createPublicClient({ transport: http(devnet.rpcUrls[chain]) });
      const { current } = await readGuardianSets({ client: reader, adapter, chainId });
      const rotation = { adapter, chainId, newIndex: current.index + 1, newKeys, newQuorum: 3 };
      const signatures = await Promise.all(
        guardians.slice(0, 8).map((account) => signRotation({ account, ...rotation })),
      );
      // Anyone may submit a signed rotation: the deployer pays.
      const sender = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 0 });
      const client = createWalletClient({ account: sender, transport: http(devnet.rpcUrls[chain]) });
      await rotateGuardianSet({ client, adapter, newKeys, newQuorum: 3, signatures });
    };
    await rotate('arbitrum', 42161);
    await tick(1);
    expect(await poll()).toEqual(['fired signer-set-drift:guardian']);
    expect(lines.at(-1)).toMatch(
      /the guardian signer set differs between chains: (ethereum vs arbitrum|arbitrum vs ethereum)/,
    );
    await rotate('ethereum', 1);
    await tick(1);
    expect(await poll()).toEqual(['cleared signer-set-drift:guardian']);
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});
