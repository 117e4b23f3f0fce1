import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonitorSnapshot } from '@lockstep/monitor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCouncilDevnet } from '../test-support.js';

const { lockstep } = useCouncilDevnet('monitor-cli-');
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
    expect(run.stdout).toMatch(/^chain\s+status\s+head\s+lag\s+proxies$/m);
    expect(run.stdout).toMatch(/^arbitrum\s+ok\s+\d+/m);
    expect(run.stdout).toMatch(/signer sets: the same on every chain/);
  });

  it('refuses networks without the hub (exit 2, naming the fix)', async () => {
    const run = await lockstep('monitor', '--once', '--db', db, '--network', 'arbitrum');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/include the hub network/);
  });
});
