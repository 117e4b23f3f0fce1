import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createTestClient, type Hex, http } from 'viem';
import { privateKeyToAccount, privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import type { LockstepConfig } from '../config/schema.js';
import { QuorumNotMetError } from '../errors/relay.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { httpAttestationSource } from '../relay/guardian/attestation-source.js';
import { createGuardianNode, type GuardianNodeEvent } from './node.js';
import { guardianStorePath, readGuardianStore } from './store.js';

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

let anvils: Anvil[] = [];
let dir: string;
let config: LockstepConfig;
const account = privateKeyToAccount(`0x${'11'.repeat(32)}`);
// No contract at these addresses: the node scans empty logs, which is all the cursor needs.
const addresses = {
  hub: privateKeyToAddress(`0x${'22'.repeat(32)}`),
  guardianAdapter: privateKeyToAddress(`0x${'33'.repeat(32)}`),
};

beforeAll(async () => {
  anvils = await startAnvils([{ name: 'ethereum', chainId: 1 }]);
  dir = await mkdtemp(join(tmpdir(), 'core-guardian-rewind-'));
  config = defaultConfig();
  config.networks = config.networks
    .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
    .map((n) => (n.role === 'hub' ? { ...n, finalityDepth: 0 } : n));
});

afterAll(async () => {
  await stopAnvils(anvils);
  await rm(dir, { recursive: true, force: true });
});

describe('guardian node on a hub chain that went backwards', () => {
  it('drops a cursor past the head, then one whose block hash changed, and says so', async () => {
    const rpcUrl = anvils[0]?.rpcUrl ?? '';
    const test = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
    const events: GuardianNodeEvent[] = [];
    const start = () =>
      createGuardianNode({
        config,
        account,
        hubRpcUrl: rpcUrl,
        addresses,
        storeDir: dir,
        pollIntervalMs: 3_600_000,
        onEvent: (event) => events.push(event),
      });

    const snapshot = () => test.request({ method: 'evm_snapshot' } as never) as Promise<Hex>;
    let genesis = await snapshot();
    await test.mine({ blocks: 20 });
    const first = await start();
    await first.poll();
    expect(first.health().cursor).toBe(21);
    await first.stop();

    // The devnet restarts: the chain is back at genesis, then makes a few blocks.
    await test.revert({ id: genesis });
    genesis = await snapshot();
    await test.mine({ blocks: 5 });
    events.length = 0;
    const second = await start();
    await second.poll();
    expect(events.find((e) => e.type === 'chain-reset')).toMatchObject({
      reason: 'cursor-past-head',
      previousCursor: 21n,
      head: 5n,
      cursor: 0n,
    });
    expect(second.health()).toMatchObject({ cursor: 6, hubChainId: 1, hub: addresses.hub });
    await second.stop();

    // Restarted again and grown past the old cursor: the head alone cannot tell, the hash does.
    await test.revert({ id: genesis });
    // Other blocks than before (another time): their hashes differ.
    await test.increaseTime({ seconds: 3600 });
    await test.mine({ blocks: 30 });
    events.length = 0;
    const third = await start();
    await third.poll();
    const reset = events.find((e) => e.type === 'chain-reset');
    expect(reset).toMatchObject({ reason: 'block-hash-changed', previousCursor: 6n, cursor: 0n });
    expect(reset && 'message' in reset ? reset.message : '').toMatch(/went backwards.*scanning again from block 0/);
    expect(third.health().cursor).toBe(31);
    await third.stop();

    const store = await readGuardianStore(
      guardianStorePath(dir, { hubChainId: 1, hub: addresses.hub }, account.address),
    );
    expect(store).toMatchObject({ cursor: 31n, hubChainId: 1 });
    expect(store?.cursorHash).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe("the relayer's diagnosis of guardians that did not sign", () => {
  it('tells a guardian that passed the block from one that is behind, on another hub, or down', async () => {
    const rpcUrl = anvils[0]?.rpcUrl ?? '';
    await createTestClient({ mode: 'anvil', transport: http(rpcUrl) }).mine({ blocks: 3 });
    const node = await createGuardianNode({
      config,
      account,
      hubRpcUrl: rpcUrl,
      addresses,
      storeDir: join(dir, 'diagnosis'),
      pollIntervalMs: 3_600_000,
    });
    try {
      await node.poll();
      const cursor = node.health().cursor;
      const source = httpAttestationSource([node.url, 'http://127.0.0.1:9'], { timeoutMs: 1000 });
      const message = (blockNumber: bigint) =>
        ({ messageId: `0x${'ab'.repeat(32)}`, blockNumber }) as DispatchedMessage;
      const hub = { chainId: 1, address: addresses.hub };
      const passed = await source.diagnose?.(message(BigInt(cursor - 2)), hub);
      expect(passed).toEqual([
        { url: node.url, state: 'passed', cursor },
        { url: 'http://127.0.0.1:9', state: 'unreachable' },
      ]);
      expect((await source.diagnose?.(message(BigInt(cursor + 5)), hub))?.[0]).toMatchObject({ state: 'behind' });
      expect((await source.diagnose?.(message(1n), { ...hub, chainId: 5 }))?.[0]).toMatchObject({
        state: 'other-hub',
        hub: { chainId: 1, address: addresses.hub },
      });

      const error = new QuorumNotMetError({
        messageId: `0x${'ab'.repeat(32)}`,
        chainId: 42161,
        got: 0,
        need: 1,
        guardians: passed ?? [],
        blockNumber: BigInt(cursor - 2),
      });
      expect(error.shortMessage).toMatch(/scanned past block \d+ without signing it: waiting will not help/);
      expect(error.shortMessage).toMatch(/127\.0\.0\.1:9 did not answer/);
      expect(error.shortMessage).not.toMatch(/wait for more guardians/);
    } finally {
      await node.stop();
    }
  });
});
