import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { OpenStoreOptions } from './open.js';
import { describeEachBackend, useTestDatabase } from './test-backends.js';
import { batchOf, blockHash } from './test-batches.js';
import type { MonitorStore } from './types.js';

const CHAIN = 10;
const PER_BLOCK = 200;
/** Commits timed before the kill, and where in a commit's time the kills land. */
const WARM_UP = 3;
const FRACTIONS = [0.1, 0.35, 0.6, 0.85];
const FIXTURE = fileURLToPath(new URL('./commit-loop.fixture.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the commit-loop child, measures how long its first commits take, then kills it with SIGKILL
 * `fraction` of a commit's time after it announces the next one, so the kill lands inside the
 * transaction. Returns the block it was committing when killed.
 */
async function killMidCommit(
  store: OpenStoreOptions,
  fraction: number,
): Promise<{ killedAt: number; commitMs: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE, JSON.stringify({ store, chainId: CHAIN, perBlock: PER_BLOCK })],
    {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const durations: number[] = [];
  let began = 0;
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const [what, n] = line.split(' ');
      if (what === 'done') durations.push(performance.now() - began);
      if (what !== 'begin') continue;
      began = performance.now();
      if (durations.length < WARM_UP) continue;
      const commitMs = durations.sort((a, b) => a - b)[durations.length >> 1] as number;
      await sleep(commitMs * fraction);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      return { killedAt: Number(n), commitMs };
    }
    throw new Error(`the commit loop exited (${await exited}) before committing ${WARM_UP} blocks: ${stderr}`);
  } finally {
    child.kill('SIGKILL');
  }
}

describeEachBackend('monitor store killed with SIGKILL', (backend) => {
  const db = useTestDatabase(backend);

  it('reopens consistent: the checkpoint, block hashes and events agree, and committing resumes', async () => {
    // A first store creates the schema, so the child's own migration is a no-op, like a restart's.
    await (await db.open()).close();
    for (const fraction of FRACTIONS) {
      const { killedAt } = await killMidCommit(db.database().options, fraction);
      const store = await db.open();
      await expectConsistent(store, killedAt);
      await store.close();
    }
    const store = await db.open();
    const last = (await store.checkpoint(CHAIN))?.number ?? 0;

    // A restarted monitor re-reads from its checkpoint; re-committing the last block repeats nothing.
    await store.commit(CHAIN, batchOf(CHAIN, last, last + 1, PER_BLOCK));
    expect(await store.events({ chainId: CHAIN })).toHaveLength((last + 1) * PER_BLOCK);
    expect(await store.checkpoint(CHAIN)).toEqual({ number: last + 1, hash: blockHash(last + 1) });
  }, 300_000);
});

/** What a store must hold after a kill during the commit of `killedAt`: that commit whole, or not at all. */
async function expectConsistent(store: MonitorStore, killedAt: number): Promise<void> {
  const checkpoint = await store.checkpoint(CHAIN);
  // Nothing committed before the kill's commit is lost; on a loaded machine the kill can land a
  // commit or two later than the one it aimed at, so later checkpoints are whole commits too.
  expect(checkpoint?.number).toBeGreaterThanOrEqual(killedAt - 1);
  const last = checkpoint?.number ?? 0;
  expect(checkpoint?.hash).toBe(blockHash(last));
  expect(await store.blockHash(CHAIN, last)).toBe(blockHash(last));
  expect(await store.blockHash(CHAIN, last + 1)).toBeUndefined();
  expect(await store.events({ chainId: CHAIN })).toEqual(batchOf(CHAIN, 1, last, PER_BLOCK).events);
}
