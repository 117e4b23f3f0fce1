import { createPublicClient, createTestClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { advanceTime } from '../devnet/advance-time.js';
import { ContractRevertError } from '../errors/chain.js';
import { createRelayer } from '../relay/create-relayer.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import { dispatchVaultUpgrade, type Fixture, NETWORKS, startFixture } from '../relay/test-fixture.js';
import { executeReady } from './execute-ready.js';

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
});

describe('executeReady', () => {
  it('reports not-yet-active, then executes on every chain; a reverting chain is reported and retried', async () => {
    const { hub, receiver, adapters, vaultV1, vaultV2 } = fixture.addresses;
    const guardianAdapter = adapterAddress(fixture.addresses, 'guardian');
    if (!hub || !vaultV1 || !vaultV2) throw new Error('incomplete deployment');
    await dispatchVaultUpgrade(fixture, 'execute');
    const readers = Object.fromEntries(
      NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
    );
    const source = localAttestationSource({ keys: fixture.guardianKeys, adapter: guardianAdapter, clients: readers });
    const relayer = createRelayer({
      config: fixture.config,
      account: fixture.relayer,
      rpcUrls: fixture.rpcUrls,
      source,
      addresses: { hub, receiver, adapters },
    });
    expect((await relayer.runOnce()).delivered).toHaveLength(3);
    const { messages } = await scanDispatched({ client: readers[1] ?? createPublicClient({ transport: http() }), hub });
    const networkClients = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls);
    const clients = Object.fromEntries([...networkClients].map(([chainId, entry]) => [chainId, entry.client]));

    const early = await executeReady({ clients, receiver, messages });
    expect(early.map((r) => [r.chainId, r.status])).toEqual(NETWORKS.map((n) => [n.chainId, 'not-yet-active']));

    // Activation: delivery margin (30 min) + minDelay (1 h) after dispatch, on every chain.
    await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', 5400 + 60)));
    // On optimism the approved implementation's code changes: execute must refuse it.
    const optimism = createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls.optimism) });
    const v2Code = await readers[10]?.getCode({ address: vaultV2 });
    const v1Code = await readers[10]?.getCode({ address: vaultV1 });
    if (!v2Code || !v1Code) throw new Error('no vault code');
    await optimism.setCode({ address: vaultV2, bytecode: v1Code });

    const due = await executeReady({ clients, receiver, messages });
    const byChain = new Map(due.map((r) => [r.chainId, r]));
    for (const chainId of [1, 42161]) {
      const report = byChain.get(chainId);
      expect(report).toMatchObject({ status: 'executed' });
      if (report?.status !== 'executed') throw new Error('not executed');
      expect(report.blockNumber).toBeGreaterThan(0n);
      expect(report.timestamp).toBeGreaterThan(0n);
    }
    const failed = byChain.get(10);
    expect(failed).toMatchObject({ status: 'failed' });
    if (failed?.status !== 'failed') throw new Error('not failed');
    expect(failed.reason).toMatch(/^ReceiverCodehashMismatch\(/);
    expect(failed.error).toBeInstanceOf(ContractRevertError);

    // Fixed before expiry: the next round executes it, and the others are already done.
    await optimism.setCode({ address: vaultV2, bytecode: v2Code });
    const next = await executeReady({ clients, receiver, messages });
    expect(next.map((r) => [r.chainId, r.status])).toEqual([
      [1, 'already-executed'],
      [42161, 'already-executed'],
      [10, 'executed'],
    ]);
  });

  it('reports expired once the grace period is over', async () => {
    const { hub, receiver, adapters } = fixture.addresses;
    const guardianAdapter = adapterAddress(fixture.addresses, 'guardian');
    if (!hub) throw new Error('no hub');
    const readers = Object.fromEntries(
      NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
    );
    const fromBlock = (await readers[1]?.getBlockNumber()) ?? 0n;
    await dispatchVaultUpgrade(fixture, 'expire');
    const relayer = createRelayer({
      config: fixture.config,
      account: fixture.relayer,
      rpcUrls: fixture.rpcUrls,
      source: localAttestationSource({ keys: fixture.guardianKeys, adapter: guardianAdapter, clients: readers }),
      addresses: { hub, receiver, adapters },
      fromBlock: fromBlock + 1n,
    });
    expect((await relayer.runOnce()).delivered).toHaveLength(3);
    const { messages } = await scanDispatched({
      client: readers[1] ?? createPublicClient({ transport: http() }),
      hub,
      fromBlock: fromBlock + 1n,
    });
    expect(messages).toHaveLength(3);
    await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', 8 * 86_400)));
    const clients = Object.fromEntries(
      [...createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls)].map(([id, e]) => [id, e.client]),
    );
    const reports = await executeReady({ clients, receiver, messages });
    expect(reports.map((r) => r.status)).toEqual(['expired', 'expired', 'expired']);
  });
});
