import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createTestClient, type Hex, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Proposal, STAGES } from './model.js';
import { Monitor } from './monitor.js';
import { openStore } from './store/index.js';
import { freshPgliteDir, openMemoryStore, pgliteMemoryTemplate } from './store/pglite-template.test-util.js';
import type { MonitorStore, StoredEvent } from './store/types.js';
import { DEPLOY_TIMEOUT, type MonitorDevnet, startMonitorDevnet, TWO_DAYS } from './test-devnet.js';

const CHILD = new URL('./monitor-child.fixture.ts', import.meta.url).pathname;

let devnet: MonitorDevnet;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lockstep-monitor-'));
  // The run's PGlite template (made by the first file that needs it) is ready before the tests time.
  [devnet] = await Promise.all([startMonitorDevnet(), pgliteMemoryTemplate()]);
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await devnet?.stop();
  await rm(dir, { recursive: true, force: true });
});

const monitorOn = (store: MonitorStore, chains = devnet.chains()) => new Monitor({ store, chains });
const stagesOf = (proposal: Proposal | undefined) => proposal?.chains.map((c) => [c.chain, c.stage]);
const keyOf = (e: StoredEvent) => `${e.chainId}:${e.blockNumber}:${e.logIndex}:${e.name}`;

describe('Monitor on real anvils', () => {
  it('shows a chain whose RPC is down as unreachable with the error, and goes on with the others', async () => {
    const store = await openMemoryStore();
    try {
      const [hub] = devnet.chains();
      if (!hub) throw new Error('no hub');
      const dead = {
        ...hub,
        name: 'optimism',
        chainId: 10,
        role: 'satellite' as const,
        client: createPublicClient({ transport: http('http://127.0.0.1:9', { retryCount: 0, timeout: 2000 }) }),
      };
      const snapshot = await monitorOn(store, [hub, dead]).pollOnce();
      expect(snapshot.chains.map((c) => [c.chain, c.reachable])).toEqual([
        ['ethereum', true],
        ['optimism', false],
      ]);
      expect(snapshot.chains[1]?.error).toMatch(/HTTP request failed|fetch failed|ECONNREFUSED/);
      expect(snapshot.chains[0]?.head?.number).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('rewinds a reorg of unfinalised blocks: the reverted proposal disappears', async () => {
    const store = await openMemoryStore();
    const test = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrls.ethereum) });
    try {
      const monitor = monitorOn(store);
      await monitor.pollOnce();
      const snapshot = await test.snapshot();
      const proposalId = await devnet.propose('reorged');
      expect((await monitor.pollOnce()).proposals.map((p) => p.id)).toContain(proposalId);
      const before = (await store.events({ chainId: 1 })).length;
      await test.revert({ id: snapshot });
      await test.mine({ blocks: 3 }); // a longer fork without the proposal
      const after = await monitor.pollOnce();
      expect(after.proposals.map((p) => p.id)).not.toContain(proposalId);
      expect((await store.events({ chainId: 1 })).length).toBeLessThan(before);
      const head = after.chains[0]?.head;
      expect(await store.checkpoint(1)).toEqual({ number: head?.number, hash: head?.hash });
    } finally {
      await store.close();
    }
  });

  it(
    'follows an upgrade through every stage on both chains; a restarted and a SIGKILLed monitor, and a fresh read in small ranges, miss and repeat nothing',
    async () => {
      // Both data directories are copies of the run's initialised template (no initdb here or in the child).
      await Promise.all([freshPgliteDir(join(dir, 'main')), freshPgliteDir(join(dir, 'child'))]);
      const store = await openStore({ dataDir: join(dir, 'main') });
      const monitor = monitorOn(store);
      let child = startChild(join(dir, 'child'));
      const proposal = async (id: Hex) => (await monitor.pollOnce()).proposals.find((p) => p.id === id);

      const id = await devnet.propose();
      expect(stagesOf(await proposal(id))).toEqual([
        ['ethereum', 'proposed'],
        ['arbitrum', 'proposed'],
      ]);
      await devnet.approve(id, [1, 2, 3]);
      expect(await proposal(id)).toMatchObject({ approvals: 3, threshold: 6, councilSize: 9 });

      // The child has polled a while: kill it hard, mid-run.
      await waitForOutput(child, 2);
      child.kill('SIGKILL');
      await exited(child);

      await devnet.approve(id, [4, 5, 6]);
      expect(stagesOf(await proposal(id))).toEqual([
        ['ethereum', 'approved'],
        ['arbitrum', 'approved'],
      ]);
      await devnet.schedule(id);
      const scheduled = await proposal(id);
      expect(stagesOf(scheduled)?.map(([, stage]) => stage)).toEqual(['in-timelock', 'in-timelock']);
      expect(scheduled?.readyAt).toBeGreaterThan(scheduled?.proposedAt ?? 0);

      child = startChild(join(dir, 'child'));
      await devnet.advance(TWO_DAYS + 1);
      await devnet.execute(id);
      const dispatched = await proposal(id);
      expect(stagesOf(dispatched)?.map(([, stage]) => stage)).toEqual(['dispatched', 'dispatched']);
      expect(dispatched?.activationTime).toBeGreaterThan(0);

      expect(await devnet.relay()).toBe(2);
      const queuedSnapshot = await monitor.pollOnce();
      const queued = queuedSnapshot.proposals.find((p) => p.id === id);
      expect(stagesOf(queued)?.map(([, stage]) => stage)).toEqual(['queued', 'queued']);
      expect(queued?.chains.every((c) => (c.attestations ?? 0) >= 1)).toBe(true);

      const earliest = Math.min(...queuedSnapshot.chains.map((c) => c.head?.timestamp ?? 0));
      await devnet.advance(Math.max(0, (queued?.activationTime ?? 0) - earliest) + 60);
      expect(stagesOf(await proposal(id))?.map(([, stage]) => stage)).toEqual(['executable', 'executable']);
      expect(await devnet.executeReady()).toBe(2);
      const snapshot = await monitor.pollOnce();
      const executed = snapshot.proposals.find((p) => p.id === id);
      expect(stagesOf(executed)?.map(([, stage]) => stage)).toEqual(['executed', 'executed']);
      // Every stage but cancelled and expired, in order.
      expect(executed?.chains[1]?.history.map((e) => e.stage)).toEqual(
        STAGES.filter((stage) => stage !== 'cancelled' && stage !== 'expired'),
      );
      // Each chain's vault runs V2, whose code is the approved code.
      for (const chain of snapshot.chains) {
        const vault = chain.proxies.find((p) => p.proxy === devnet.addresses.vault);
        expect(vault).toMatchObject({ implementation: devnet.addresses.vaultV2 });
        expect(vault?.codehash).toBe(vault?.approvedCodehash);
        expect(vault?.codehash).toBe(executed?.chains[0]?.approvedCodehash);
      }
      expect(snapshot.signerSets.map((s) => [s.kind, s.consistent])).toEqual([
        ['council', true],
        ['guardian', true],
        ['fallback', true],
      ]);

      // An in-process restart: the same proposals from the store, no event read twice.
      const events = (await store.events()).map(keyOf);
      await store.close();
      const reopened = await openStore({ dataDir: join(dir, 'main') });
      try {
        const again = await monitorOn(reopened).pollOnce();
        expect(again.proposals.find((p) => p.id === id)).toEqual(executed);
        expect((await reopened.events()).map(keyOf)).toEqual(events);
      } finally {
        await reopened.close();
      }

      // The restarted child (after its SIGKILL) catches up to exactly the same events as a fresh read.
      await waitForOutput(child, 3);
      child.kill('SIGTERM');
      await exited(child);
      const childStore = await openStore({ dataDir: join(dir, 'child') });
      const fresh = await openMemoryStore();
      try {
        // A fresh read in ranges of 2 blocks, one range a poll, over as many polls as it takes, stitches the same events.
        const ranged = new Monitor({ store: fresh, chains: devnet.chains(), maxBlockRange: 2, maxRangesPerPoll: 1 });
        let polls = 0;
        for (let s = await ranged.pollOnce(); s.chains.some((c) => c.checkpoint !== c.head?.number); polls++) {
          s = await ranged.pollOnce();
        }
        expect(polls).toBeGreaterThan(3);
        const truth = (await fresh.events()).map(keyOf);
        expect(truth).toEqual(events);
        expect((await childStore.events()).map(keyOf)).toEqual(truth);
      } finally {
        await Promise.all([childStore.close(), fresh.close()]);
      }
    },
    DEPLOY_TIMEOUT,
  );
});

/** A monitor in a child process on the store in `dataDir` (see monitor-child.fixture.ts). */
function startChild(dataDir: string): ChildProcess {
  const chains = devnet
    .chains()
    .map(({ client: _client, ...chain }) => ({ ...chain, rpcUrl: devnet.rpcUrls[chain.name] }));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ dataDir, chains })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    child.emit('polled', output.split('\n').filter((l) => l.startsWith('polled')).length);
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[child monitor] ${chunk}`));
  return child;
}

/** Resolves once the child has printed `rounds` more rounds than it had when called. */
function waitForOutput(child: ChildProcess, rounds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let start: number | undefined;
    const onPolled = (count: number) => {
      start ??= count;
      if (count - start >= rounds) {
        child.off('polled', onPolled);
        resolve();
      }
    };
    child.on('polled', onPolled);
    child.once('exit', (code) => reject(new Error(`the child monitor exited (${code})`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
