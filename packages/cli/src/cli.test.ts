import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, resolveKey } from '@lockstep/core/config';
import { findFreePortRange, recordKeptDrill, stopDevnet } from '@lockstep/core/devnet';
import { startAnvil } from '@lockstep/toolchain';
import { createPublicClient, http, parseEther } from 'viem';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLockstep } from './test-support.js';

/** Runs the real `lockstep` executable in `cwd`. */
const lockstep = (cwd: string, ...args: string[]) => runLockstep(args, { cwd });

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

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cli-devnet-'));
});
afterEach(async () => {
  await stopDevnet({ cwd });
  await rm(cwd, { recursive: true, force: true });
});

describe('lockstep devnet', () => {
  it('up, status --json, down: one JSON document each, and no anvil left', async () => {
    const basePort = await findFreePortRange(4);
    const up = await lockstep(cwd, 'devnet', 'up', '--base-port', String(basePort), '--json');
    expect(up.code, up.stderr).toBe(0);
    const started = JSON.parse(up.stdout) as { chains: { name: string; pid: number }[] };
    expect(started.chains.map((c) => c.name)).toEqual(['ethereum', 'arbitrum', 'optimism', 'polygon']);
    expect(up.stderr).toMatch(/arbitrum \(chain 42161\) ready at/); // progress per chain, on stderr

    const status = await lockstep(cwd, 'devnet', 'status', '--json');
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout) as {
      healthy: boolean;
      chains: { rpc: { chainId: number; blockNumber: string } }[];
    };
    expect(doc.healthy).toBe(true);
    expect(doc.chains.map((c) => c.rpc.chainId)).toEqual([1, 42161, 10, 137]);
    expect(doc.chains[1]?.rpc.blockNumber).toMatch(/^\d+$/); // bigint as a string

    const again = await lockstep(cwd, 'devnet', 'up', '--base-port', String(basePort));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/a devnet is already running/);

    const down = await lockstep(cwd, 'devnet', 'down', '--json');
    expect(down.code).toBe(0);
    expect((JSON.parse(down.stdout) as { chains: unknown[] }).chains).toHaveLength(4);
    const pids = started.chains.map((c) => c.pid);
    expect(anvilPids().filter((pid) => pids.includes(pid))).toEqual([]);
    await expect(stat(join(cwd, '.lockstep', 'devnet.json'))).rejects.toThrow();

    const none = await lockstep(cwd, 'devnet', 'status');
    expect([none.code, none.stdout.trim()]).toEqual([0, 'no devnet running (start one with `lockstep devnet up`)']);
  });

  it("down also stops a kept drill's chains (.lockstep/drill-kept.json)", async () => {
    const anvil = await startAnvil({ name: 'ethereum', chainId: 1, logFile: join(cwd, 'ethereum.log') });
    anvil.release();
    const port = Number(new URL(anvil.rpcUrl).port);
    await recordKeptDrill(
      {
        scenario: 'happy-path',
        runId: 'r1',
        reportDir: null,
        keptAt: new Date().toISOString(),
        chains: [
          {
            name: 'ethereum',
            chainId: 1,
            pid: anvil.pid,
            port,
            rpcUrl: anvil.rpcUrl,
            logFile: join(cwd, 'ethereum.log'),
          },
        ],
      },
      { cwd },
    );
    const down = await lockstep(cwd, 'devnet', 'down');
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/ethereum \(drill happy-path\)\s+\|?\s*\d+\s+\|?\s*SIGTERM/);
    expect(anvilPids()).not.toContain(anvil.pid);
    await expect(stat(join(cwd, '.lockstep', 'drill-kept.json'))).rejects.toThrow();
  });

  it('funds the reporter on up; advance puts every chain on one clock; status shows time and skew', async () => {
    const up = await lockstep(cwd, 'devnet', 'up', '--base-port', String(await findFreePortRange(4)), '--json');
    expect(up.code, up.stderr).toBe(0);
    const chains = (JSON.parse(up.stdout) as { chains: { name: string; rpcUrl: string }[] }).chains;
    const reporter = (
      await resolveKey(defaultConfig().keys.reporter ?? { env: 'NONE' }, {}, { allowTestMnemonic: true })
    ).address;
    expect(up.stderr).toContain(`ethereum (chain 1): funded ${reporter} with 100 ETH`);
    const hub = createPublicClient({ transport: http(chains[0]?.rpcUrl) });
    expect(await hub.getBalance({ address: reporter })).toBe(parseEther('100'));

    const before = JSON.parse((await lockstep(cwd, 'devnet', 'status', '--json')).stdout) as {
      clock: { latest: string };
    };
    const advance = await lockstep(cwd, 'devnet', 'advance', '48h', '--json');
    expect(advance.code, advance.stderr).toBe(0);
    const moved = JSON.parse(advance.stdout) as { seconds: number; timestamp: string; chains: { timestamp: string }[] };
    expect(moved.seconds).toBe(172_800);
    expect(BigInt(moved.timestamp) - BigInt(before.clock.latest)).toBeGreaterThanOrEqual(172_800n);
    expect(new Set(moved.chains.map((c) => c.timestamp))).toEqual(new Set([moved.timestamp])); // one clock

    const status = await lockstep(cwd, 'devnet', 'status', '--json');
    const doc = JSON.parse(status.stdout) as {
      clock: { latest: string; skewSeconds: number };
      chains: { time: string; behindSeconds: number }[];
    };
    expect(BigInt(doc.clock.latest)).toBeGreaterThanOrEqual(BigInt(moved.timestamp));
    expect(doc.clock.skewSeconds).toBeLessThan(15); // the 12 s hub mines on its own cadence
    expect(doc.chains[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = await lockstep(cwd, 'devnet', 'status');
    expect(text.stdout).toMatch(/clock skew: \d+ s between the earliest and the latest chain/);

    const bad = await lockstep(cwd, 'devnet', 'advance', 'soon', '--json');
    expect(bad.code).toBe(2);
    const error = JSON.parse(bad.stdout) as { error: { details: string; problems: string[] } };
    expect(error.error.problems).toEqual([expect.stringMatching(/^<duration>: expected seconds/)]);
    expect(error.error.details).toMatch(/<duration>/);
  });

  it('prints its version with --version', async () => {
    const version = await lockstep(cwd, '--version');
    expect([version.code, version.stdout.trim()]).toEqual([0, 'lockstep 0.1.0']);
    expect(JSON.parse((await lockstep(cwd, '--version', '--json')).stdout)).toEqual({ version: '0.1.0' });
  });

  it('exits 2 with the usage on an unknown flag, a bad value or an unknown command', async () => {
    const flag = await lockstep(cwd, 'devnet', 'status', '--bogus');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--bogus'/);
    expect(flag.stderr).toMatch(/usage: lockstep devnet status/);
    expect(flag.stdout).toBe('');

    const value = await lockstep(cwd, 'devnet', 'up', '--base-port', 'abc');
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/--base-port/);

    const command = await lockstep(cwd, 'devnet', 'sideways');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command: devnet sideways/);
  });

  it('exits 1 naming the problem when the config path is missing or malformed', async () => {
    const missing = await lockstep(cwd, 'devnet', 'up', '--config', 'nope.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no Lockstep config at ${join(cwd, 'nope.json')}`);

    await writeFile(join(cwd, 'bad.json'), '{ "networks": [ }');
    const malformed = await lockstep(cwd, 'devnet', 'up', '--config', 'bad.json', '--json');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^error: \(config\): invalid JSON/);
    expect(malformed.stderr).toContain(join(cwd, 'bad.json'));
    const error = JSON.parse(malformed.stdout) as { error: { name: string; shortMessage: string } };
    expect(error.error.name).toBe('ConfigError');
    await expect(stat(join(cwd, '.lockstep', 'devnet.json'))).rejects.toThrow();
  });
});
