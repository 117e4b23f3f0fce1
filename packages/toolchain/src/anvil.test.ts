import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startAnvils, stopAnvils } from './anvil.mjs';

async function rpc(url: string, method: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
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
});
