import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anvilStatesDir } from '@lockstep/toolchain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { DevnetAlreadyRunningError, DevnetStartError } from '../errors/devnet.js';
import { advanceAll, advanceTime } from './advance-time.js';
import { findFreePortRange } from './find-free-ports.js';
import { getDevnetStatus } from './get-devnet-status.js';
import { readDevnet } from './read-devnet.js';
import { startDevnet } from './start-devnet.js';
import { devnetStateFile, writeDevnetStateFile } from './state-file.js';
import { stopDevnet } from './stop-devnet.js';

/** Pids of every process whose command line is an anvil (Linux /proc). */
function anvilPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
        return argv0.endsWith('/anvil') ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function mine(rpcUrl: string, blocks: number): Promise<void> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_mine', params: [`0x${blocks.toString(16)}`] });
  const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(response.ok).toBe(true);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

let cwd: string;
let basePort: number;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'core-devnet-'));
  basePort = await findFreePortRange(4);
});
afterEach(async () => {
  await stopDevnet({ cwd });
  await rm(cwd, { recursive: true, force: true });
});

describe('startDevnet', () => {
  it('starts the four default chains; status sees them mining; stopDevnet leaves no process', async () => {
    const events: string[] = [];
    const devnet = await startDevnet(defaultConfig(), { cwd, basePort, onProgress: (e) => events.push(e.type) });
    expect(devnet.chains.map((c) => [c.name, c.chainId, c.port])).toEqual([
      ['ethereum', 1, basePort],
      ['arbitrum', 42161, basePort + 1],
      ['optimism', 10, basePort + 2],
      ['polygon', 137, basePort + 3],
    ]);
    expect(events.filter((e) => e === 'ready')).toHaveLength(4);
    expect(await readDevnet({ cwd })).toEqual(devnet);

    const first = await getDevnetStatus({ cwd });
    expect(first.running && first.healthy).toBe(true);
    expect(first.chains.map((c) => c.rpc?.chainId)).toEqual([1, 42161, 10, 137]);
    await new Promise((r) => setTimeout(r, 800));
    const second = await getDevnetStatus({ cwd });
    const arbitrum = (s: typeof first) => s.chains.find((c) => c.name === 'arbitrum')?.rpc?.blockNumber ?? -1n;
    expect(arbitrum(second)).toBeGreaterThan(arbitrum(first)); // 0.25 s blocks

    // Past the 500 states anvil keeps in memory: it writes the rest to the folder it was given.
    const ethereum = devnet.chains[0];
    await mine(ethereum?.rpcUrl ?? '', 600);
    const states = anvilStatesDir(ethereum?.logFile ?? '');
    expect(readdirSync(states, { recursive: true }).length).toBeGreaterThan(1);

    const pids = devnet.chains.map((c) => c.pid);
    expect(anvilPids()).toEqual(expect.arrayContaining(pids));
    const stopped = await stopDevnet({ cwd });
    expect(await exists(states)).toBe(false); // anvil never removes them; `down` does
    expect(stopped.chains.map((c) => c.how)).toEqual(['SIGTERM', 'SIGTERM', 'SIGTERM', 'SIGTERM']);
    expect(anvilPids().filter((pid) => pids.includes(pid))).toEqual([]);
    expect(await exists(devnetStateFile(cwd))).toBe(false);
    expect((await stopDevnet({ cwd })).chains).toEqual([]); // idempotent
    expect(await getDevnetStatus({ cwd })).toMatchObject({ running: false, chains: [] });
  });

  it('refuses to start a second devnet from the same folder', async () => {
    const devnet = await startDevnet(defaultConfig(), { cwd, basePort });
    const error = await caught(startDevnet(defaultConfig(), { cwd, basePort: basePort + 100 }));
    expect(error).toBeInstanceOf(DevnetAlreadyRunningError);
    expect((error as DevnetAlreadyRunningError).pids).toEqual(devnet.chains.map((c) => c.pid));
    expect(await readDevnet({ cwd })).toEqual(devnet); // untouched
  });

  it('replaces a stale state file whose processes are gone', async () => {
    const stale = await startDevnet(defaultConfig(), { cwd, basePort });
    await stopDevnet({ cwd });
    await writeDevnetStateFile(stale); // as if `down` never ran, but the anvils died
    const events: string[] = [];
    const fresh = await startDevnet(defaultConfig(), { cwd, basePort, onProgress: (e) => events.push(e.type) });
    expect(events[0]).toBe('cleaned-stale');
    expect(fresh.chains.map((c) => c.pid)).not.toEqual(stale.chains.map((c) => c.pid));
  });

  it('names the chain whose port is taken and leaves no chain running', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(basePort + 2, '127.0.0.1', r));
    const before = new Set(anvilPids());
    try {
      const error = await caught(startDevnet(defaultConfig(), { cwd, basePort }));
      expect(error).toBeInstanceOf(DevnetStartError);
      expect((error as DevnetStartError).network).toBe('optimism');
      expect((error as DevnetStartError).shortMessage).toMatch(/^networks\.optimism: anvil \(chain 10, port \d+\)/);
    } finally {
      blocker.close();
    }
    expect(anvilPids().filter((pid) => !before.has(pid))).toEqual([]);
    expect(await exists(devnetStateFile(cwd))).toBe(false);
  });

  it('keeps chain state across down and up with a state dir', async () => {
    const config = { networks: defaultConfig().networks.slice(0, 1) };
    const first = await startDevnet(config, { cwd, basePort, stateDir: 'state' });
    const jumped = await advanceTime(first.chains[0]?.rpcUrl ?? '', 100_000);
    await stopDevnet({ cwd }); // anvil dumps its state on SIGTERM
    expect(await exists(join(cwd, 'state', 'ethereum.json'))).toBe(true);
    await startDevnet(config, { cwd, basePort, stateDir: 'state' });
    const head = (await getDevnetStatus({ cwd })).chains[0]?.rpc;
    // A fresh chain would start at block 0 and today's time; a loaded one keeps the jump.
    expect(head?.blockNumber).toBeGreaterThanOrEqual(jumped.blockNumber);
    expect(head?.timestamp).toBeGreaterThanOrEqual(jumped.timestamp);
  });
});

describe('advanceTime', () => {
  it('moves block.timestamp by 48 h in well under a second, on every chain', async () => {
    const devnet = await startDevnet(defaultConfig(), { cwd, basePort });
    const before = await getDevnetStatus({ cwd });
    const started = performance.now();
    const after = await advanceAll(devnet, 48 * 3600);
    expect(performance.now() - started).toBeLessThan(1000);
    for (const chain of after) {
      const old = before.chains.find((c) => c.name === chain.name)?.rpc?.timestamp ?? 0n;
      expect(chain.timestamp - old).toBeGreaterThanOrEqual(48n * 3600n);
      expect(chain.timestamp - old).toBeLessThan(48n * 3600n + 60n);
    }
  });

  it('rejects a negative or fractional number of seconds', async () => {
    await expect(advanceTime('http://127.0.0.1:1', -1)).rejects.toThrow(/whole number of seconds/);
    await expect(advanceTime('http://127.0.0.1:1', 1.5)).rejects.toThrow(/whole number of seconds/);
  });
});
