import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anvilStatesDir, startAnvils, stopAnvils } from './anvil.mjs';

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Command lines of running anvil processes (Linux /proc). */
function anvilCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')];
      } catch {
        return [];
      }
    })
    .filter((cmd) => cmd.includes('anvil'));
}

describe('startAnvils', () => {
  it('starts chains with their own chain ids on distinct ports, and stops them all', async () => {
    const anvils = await startAnvils([
      { name: 'hub', chainId: 1 },
      { name: 'arbitrum', chainId: 42161 },
    ]);
    try {
      expect(new Set(anvils.map((a) => a.rpcUrl)).size).toBe(2);
      expect(await rpc(anvils[0]?.rpcUrl ?? '', 'eth_chainId')).toBe('0x1');
      expect(await rpc(anvils[1]?.rpcUrl ?? '', 'eth_chainId')).toBe('0xa4b1');
    } finally {
      await stopAnvils(anvils);
    }
    for (const a of anvils) expect(alive(a.pid)).toBe(false);
  });

  it('names the chain that failed and leaves no other anvil running', async () => {
    const fine = 900_000 + Math.floor(Math.random() * 99_999); // unique, so other runs cannot interfere
    await expect(
      startAnvils([
        { name: 'fine', chainId: fine },
        { name: 'broken', chainId: fine + 1, extraArgs: ['--no-such-flag'] },
      ]),
    ).rejects.toThrow(new RegExp(`anvil "broken" \\(chain ${fine + 1}\\) did not start`));
    expect(anvilCommandLines().filter((cmd) => cmd.includes(`--chain-id ${fine} `))).toEqual([]);
  });

  it('with a log file: output goes there, in its own process group, and release() lets this process go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anvil-log-'));
    const logFile = join(dir, 'kept.log');
    const [anvil] = await startAnvils([{ name: 'kept', chainId: 31337, logFile }]);
    try {
      expect(anvil).toBeDefined();
      const pid = anvil?.pid ?? 0;
      expect(readFileSync(logFile, 'utf8')).toMatch(/Listening on/);
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ...": a group of its own, led by the anvil.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])).toBe(pid);
      anvil?.release();
      expect(await rpc(anvil?.rpcUrl ?? '', 'eth_chainId')).toBe('0x7a69');
    } finally {
      if (anvil) await stopAnvils([anvil]);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(alive(anvil?.pid ?? 0)).toBe(false);
  });

  // anvil keeps 500 states in memory and writes older ones to disk (~150 kB each), by default under
  // ~/.foundry/anvil/tmp, and never removes them when it is stopped: every long drill leaked ~80 MB.
  it('keeps the states anvil writes to disk in its own folder, and removes it when the chain stops', async () => {
    const [anvil] = await startAnvils([{ name: 'long', chainId: 31337 }]);
    expect(anvil).toBeDefined();
    const dir = anvil?.statesDir ?? '';
    try {
      await rpc(anvil?.rpcUrl ?? '', 'anvil_mine', ['0x258']); // 600 blocks: past the 500 kept in memory
      expect(readdirSync(dir, { recursive: true }).length).toBeGreaterThan(1);
    } finally {
      if (anvil) await stopAnvils([anvil]);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('a kept chain writes its states next to its log, where whoever stops it removes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anvil-log-'));
    const logFile = join(dir, 'kept.log');
    const [anvil] = await startAnvils([{ name: 'kept', chainId: 31337, logFile }]);
    try {
      expect(anvil?.statesDir).toBe(anvilStatesDir(logFile));
      await rpc(anvil?.rpcUrl ?? '', 'anvil_mine', ['0x258']);
      expect(readdirSync(anvilStatesDir(logFile), { recursive: true }).length).toBeGreaterThan(1);
    } finally {
      if (anvil) await stopAnvils([anvil]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
