import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonitorSnapshot } from '@lockstep/monitor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKSTEP_BIN, useCouncilDevnet } from '../test-support.js';

const { lockstep, devnet } = useCouncilDevnet('monitor-cli-');
let db: string;

beforeAll(async () => {
  db = await mkdtemp(join(tmpdir(), 'monitor-cli-db-'));
});

afterAll(async () => {
  await rm(db, { recursive: true, force: true });
});

const NETWORKS = ['--network', 'ethereum', '--network', 'arbitrum'];

describe('lockstep monitor', () => {
  it('--once --json: one snapshot of both chains (reachable, head, the vault, signer sets the same everywhere)', async () => {
    const run = await lockstep('monitor', '--once', '--json', '--db', db, ...NETWORKS);
    expect(run.code, run.stderr).toBe(0);
    const snapshot = JSON.parse(run.stdout) as MonitorSnapshot;
    expect(snapshot.chains.map((c) => [c.chain, c.reachable])).toEqual([
      ['ethereum', true],
      ['arbitrum', true],
    ]);
    expect(snapshot.chains.every((c) => (c.head?.number ?? 0) > 0 && c.checkpoint === c.head?.number)).toBe(true);
    expect(snapshot.chains.every((c) => c.proxies.some((p) => p.codehash === p.approvedCodehash))).toBe(true);
    expect(snapshot.signerSets.every((s) => s.consistent)).toBe(true);
  });

  it('--once without --json prints the chains table and the signer-set line', async () => {
    const run = await lockstep('monitor', '--once', '--db', db, ...NETWORKS);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^chain\s+status\s+head\s+lag\s+canary\s+proxies$/m);
    expect(run.stdout).toMatch(/^arbitrum\s+ok\s+\d+/m);
    expect(run.stdout).toMatch(/signer sets: the same on every chain/);
  });

  it('refuses networks without the hub (exit 2, naming the fix)', async () => {
    const run = await lockstep('monitor', '--once', '--db', db, '--network', 'arbitrum');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/include the hub network/);
  });

  it('refuses a --schema that is not a plain SQL identifier and a --webhook-queue below 1 (exit 2, naming the rule)', async () => {
    const schema = await lockstep('monitor', '--once', '--db', db, '--schema', 'Team-A; DROP', ...NETWORKS);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/--schema.*a plain lower-case SQL identifier \(letters, digits and _\)/);
    const queue = await lockstep('monitor', '--once', '--db', db, '--webhook-queue', '0', ...NETWORKS);
    expect(queue.code).toBe(2);
    expect(queue.stderr).toMatch(/--webhook-queue/);
  });

  it('polls until SIGTERM with --port: the dashboard serves the live snapshot and /metrics, then stops cleanly', async () => {
    const child = spawn(
      process.execPath,
      [LOCKSTEP_BIN, 'monitor', '--port', '0', '--poll-interval', '200', '--db', join(db, 'live'), ...NETWORKS],
      { cwd: devnet().cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /dashboard on (http:\/\/\S+\/)/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      void exit.then((code) => reject(new Error(`lockstep monitor exited (${code}): ${stderr}`)));
    });
    try {
      let snapshot: MonitorSnapshot | undefined;
      for (let i = 0; i < 100 && !snapshot?.chains.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        snapshot = (await (await fetch(`${url}api/snapshot`)).json()) as MonitorSnapshot;
      }
      expect(snapshot?.chains.map((c) => [c.chain, c.reachable])).toEqual([
        ['ethereum', true],
        ['arbitrum', true],
      ]);
      const metrics = await (await fetch(`${url}metrics`)).text();
      expect(metrics).toMatch(/^# TYPE \S+ gauge$/m);
      expect(metrics).toMatch(/chain="arbitrum"/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit, stderr).toBe(0);
  });
});
