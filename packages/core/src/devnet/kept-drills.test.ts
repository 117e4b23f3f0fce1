import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anvilStatesDir, startAnvil } from '@lockstep/toolchain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keptDrillsFile, readKeptDrills, recordKeptDrill, stopKeptDrills } from './kept-drills.js';
import { isAnvilAlive } from './process.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'kept-drills-'));
});
afterEach(async () => {
  await stopKeptDrills({ cwd });
  await rm(cwd, { recursive: true, force: true });
});

/** A detached anvil, as a kept drill leaves it, released so it no longer ties this process. */
async function keptAnvil(name: string, chainId: number) {
  const logFile = join(cwd, `${name}.log`);
  const anvil = await startAnvil({ name, chainId, logFile });
  anvil.release();
  return { name, chainId, pid: anvil.pid, rpcUrl: anvil.rpcUrl, port: Number(new URL(anvil.rpcUrl).port), logFile };
}

describe('kept drills', () => {
  it('records kept drills, then stops every chain and removes the file', async () => {
    const hub = await keptAnvil('ethereum', 1);
    const op = await keptAnvil('op-mainnet', 10);
    const file = await recordKeptDrill(
      { scenario: 'happy-path', runId: 'r1', reportDir: null, keptAt: new Date().toISOString(), chains: [hub] },
      { cwd },
    );
    expect(file).toBe(keptDrillsFile(cwd));
    await recordKeptDrill(
      { scenario: 'halted-chain', runId: 'r2', reportDir: '/tmp/r2', keptAt: new Date().toISOString(), chains: [op] },
      { cwd },
    );
    const recorded = JSON.parse(await readFile(file, 'utf8')) as { drills: { runId: string }[] };
    expect(recorded.drills.map((d) => d.runId)).toEqual(['r1', 'r2']);
    expect((await readKeptDrills({ cwd }))[1]?.chains[0]?.rpcUrl).toBe(op.rpcUrl);

    // Past the 500 states anvil keeps in memory: it writes the rest beside its log, which stopping removes.
    const mined = await fetch(hub.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_mine', params: ['0x258'] }),
    });
    expect(mined.ok).toBe(true);
    expect((await readdir(anvilStatesDir(hub.logFile), { recursive: true })).length).toBeGreaterThan(1);

    const stopped = await stopKeptDrills({ cwd });
    await expect(stat(anvilStatesDir(hub.logFile))).rejects.toThrow();
    expect(stopped.chains.map((c) => [c.scenario, c.name, c.how])).toEqual([
      ['happy-path', 'ethereum', 'SIGTERM'],
      ['halted-chain', 'op-mainnet', 'SIGTERM'],
    ]);
    expect([isAnvilAlive(hub.pid), isAnvilAlive(op.pid)]).toEqual([false, false]);
    await expect(stat(file)).rejects.toThrow();
    expect((await stopKeptDrills({ cwd })).chains).toEqual([]); // idempotent
  });

  it('forgets recorded drills whose chains are all gone', async () => {
    const gone = { name: 'a', chainId: 1, pid: 2 ** 22 + 1, port: 1, rpcUrl: 'http://127.0.0.1:1', logFile: '/x' };
    await recordKeptDrill({ scenario: 's', runId: 'old', reportDir: null, keptAt: '', chains: [gone] }, { cwd });
    const live = await keptAnvil('ethereum', 1);
    await recordKeptDrill({ scenario: 's', runId: 'new', reportDir: null, keptAt: '', chains: [live] }, { cwd });
    expect((await readKeptDrills({ cwd })).map((d) => d.runId)).toEqual(['new']);
  });
});
