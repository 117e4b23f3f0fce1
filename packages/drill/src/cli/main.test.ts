import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountReadOnlyFolder } from '../report/read-only-folder.test-util.js';
import type { DrillReport } from '../types.js';

const BIN = fileURLToPath(new URL('../../bin/lockstep-drill.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drill-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type RunResult = {
  code: number | null;
  stdout: string;
  stderr: string;
  /** ms from the last byte of output to the process's exit. */
  lingerMs: number;
};

function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      ...(cwd ? { cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    let lastOutput = performance.now();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      lastOutput = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      lastOutput = performance.now();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr, lingerMs: performance.now() - lastOutput }));
  });
}

/** A process that is still running (a killed child may linger a moment as a zombie until it is reaped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

function isAnvil(pid: number): boolean {
  try {
    return (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '').endsWith('/anvil');
  } catch {
    return false;
  }
}

/** The lines after the one-line stop message that are not progress lines (indented): none is expected. */
function afterStop(stderr: string, signal: string): string[] {
  const lines = stderr.split('\n');
  const at = lines.indexOf(`${signal}: stopping the drill's chains and processes`);
  expect(at, stderr).toBeGreaterThanOrEqual(0);
  return lines.slice(at + 1).filter((line) => line.trim() !== '' && !line.startsWith('  '));
}

/** The TCP ports a process listens on (its sockets' inodes matched in /proc/net/tcp). */
function listeningPorts(pid: number): number[] {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          return m?.[1] ? [m[1]] : [];
        } catch {
          return [];
        }
      }),
    );
  } catch {
    return [];
  }
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && inodes.has(cols[9] ?? '')) // 0A: LISTEN
    .map((cols) => Number.parseInt(cols[1]?.split(':')[1] ?? '', 16));
}

/** Whether something accepts a connection on 127.0.0.1:`port`. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return condition();
}

describe('lockstep-drill', () => {
  it('runs a built-in scenario, writes report.json, report.md and timeline.svg, and exits 0', async () => {
    const { code, stdout, stderr, lingerMs } = await run(['relayer-crash', '--json'], { LOCKSTEP_DEBUG_HANDLES: '1' });
    expect(code).toBe(0);
    // The process ends right after its verdict: nothing (a forgotten 60 s timer...) holds its event loop.
    expect(stderr).not.toContain('still open after the verdict');
    expect(lingerMs).toBeLessThan(3000);
    const report = JSON.parse(stdout) as DrillReport;
    expect(report).toMatchObject({ scenario: 'relayer-crash', outcome: 'pass', seed: 1 });
    expect(report.faults.map((f) => f.kind)).toEqual(['crash-relayer']);
    for (const chain of report.chains) expect([chain.deliveries, chain.executions]).toEqual([1, 1]);
    const folder = join(fileURLToPath(new URL('../../../../reports', import.meta.url)), report.scenario, report.runId);
    expect(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8'))).toMatchObject({ runId: report.runId });
    expect(await readFile(join(folder, 'report.md'), 'utf8')).toContain('relayer-crash');
    expect(await readFile(join(folder, 'timeline.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('--verify recomputes the report from the chains before they stop: the verdict is printed and kept in report.json', async () => {
    const { code, stdout, stderr } = await run(['halted-chain', '--verify', '--out', dir]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/✓ verified: \d+ figures recomputed from the chains, all match/);
    expect(stdout).toBe('');
    const [file] = (await readdir(join(dir, 'halted-chain'))).map((run) =>
      join(dir, 'halted-chain', run, 'report.json'),
    );
    const report = JSON.parse(await readFile(file ?? '', 'utf8')) as DrillReport;
    expect(report.verification?.passed).toBe(true);
    // The loss on the halted chain is among the figures checked, with its block.
    expect(report.verification?.checks.filter((c) => c.check === 'loss').map((c) => c.chain)).toEqual(['polygon']);
  });

  it('a drill whose expectation fails exits 1 and names it; the seed is replayable', async () => {
    const base = JSON.parse(
      await readFile(fileURLToPath(new URL('../../scenarios/halted-chain.json', import.meta.url)), 'utf8'),
    ) as Record<string, unknown>;
    const file = join(dir, 'strict-halt.json');
    await writeFile(
      file,
      JSON.stringify({ ...base, name: 'strict-halt', expect: { upgraded: 'all', maxVulnerabilityWindowSeconds: 12 } }),
    );
    const { code, stderr } = await run([file, '--seed', '7']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/FAIL strict-halt \(seed 7\)/);
    expect(stderr).toMatch(/✗ the vulnerability window is at most 12 s/);
    // The replay command runs the file, not a built-in named after it.
    expect(stderr).toContain(`replay: pnpm drill ${file} --seed 7`);
  });

  it('a chain named op-mainnet runs through the relayer process (--rpc op-mainnet=<url>) and the report', async () => {
    const base = JSON.parse(
      await readFile(fileURLToPath(new URL('../../scenarios/relayer-crash.json', import.meta.url)), 'utf8'),
    ) as { chains: { name: string }[] } & Record<string, unknown>;
    const file = join(dir, 'op-mainnet.json');
    const chains = base.chains.map((c) => (c.name === 'optimism' ? { ...c, name: 'op-mainnet' } : c));
    await writeFile(file, JSON.stringify({ ...base, name: 'dash-names', chains }));
    const out = await mkdtemp(join(dir, 'out-'));
    const { code, stdout, stderr } = await run([file, '--json', '--out', out]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as DrillReport;
    const op = report.chains.find((c) => c.name === 'op-mainnet');
    expect([op?.deliveries, op?.executions]).toEqual([1, 1]);
    const folder = join(out, 'dash-names', report.runId);
    expect(await readFile(join(folder, 'report.md'), 'utf8')).toContain('op-mainnet');
    expect(await readFile(join(folder, 'timeline.svg'), 'utf8')).toContain('op-mainnet');
  });

  it('refuses a seed beyond uint32 (exit 2) before anything starts', async () => {
    const { code, stderr } = await run(['happy-path', '--seed', '4294967296']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--seed: expected a whole number from 0 to 4294967295 \(2\^32 - 1\), got "4294967296"/);
    expect(stderr).not.toMatch(/propose/);
  });

  it('refuses a bench with --repeat 0 or a malformed --chains (exit 2) before anything is measured', async () => {
    for (const args of [
      ['bench', '--repeat', '0'],
      ['bench', '--chains', '4,x'],
    ]) {
      const { code, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /--repeat: expected at least 1 measurement per chain count, got 0|--chains: expected a whole number, got "x"/,
      );
      expect(stderr).not.toMatch(/chains cold/);
    }
  });

  it('a report that cannot be written: the verdict comes first, the cause is named, exit 3, nothing left', async (context) => {
    const readOnly = await mountReadOnlyFolder();
    if (!readOnly) return context.skip('mounting a read-only tmpfs is not allowed here');
    try {
      const { code, stderr } = await run(['happy-path', '--out', readOnly.dir]);
      expect(code).toBe(3);
      const verdict = stderr.indexOf('✓ PASS happy-path (seed 1)');
      const failure = stderr.indexOf(`cannot write the report to ${join(readOnly.dir, 'happy-path')}`);
      expect(verdict).toBeGreaterThanOrEqual(0);
      expect(failure).toBeGreaterThan(verdict);
      expect(stderr).toMatch(/read-only folder .*\(EROFS\) — choose another --out or free space/);
      expect(await readdir(readOnly.dir)).toEqual([]);
    } finally {
      await readOnly.remove();
    }
  });

  it('a malformed scenario file exits 2 naming the field and the fix; nothing starts', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ name: 'bad', chains: [{ name: 'ethereum', chainId: 1, blockTime: 12 }] }));
    const { code, stderr } = await run([file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/hub/);
  });

  it('SIGTERM mid-drill exits 143 and leaves no chain or process behind', async () => {
    const child = spawn(process.execPath, [BIN, 'happy-path'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('… propose+approve')) resolve();
      });
    });
    const children = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    expect(children.length).toBeGreaterThanOrEqual(4); // the four anvils
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    await waitUntil(() => !children.some(running), 5000);
    expect(children.filter(running)).toEqual([]);
  });

  it('SIGINT while the chains start (anvils spawned, not all listening) stops every anvil it spawned and exits 130', async () => {
    // Eight chains: their anvils take a while to come up, and the signal lands before they all listen.
    const child = spawn(process.execPath, [BIN, 'happy-path', '--chains', '8'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Anvils only: tsx's esbuild service is a child too, and runs before the drill's signal handlers exist.
    const anvilsOf = (pid: number) => childrenOf(pid).filter(isAnvil);
    expect(await waitUntil(() => anvilsOf(child.pid ?? 0).length > 0, 120_000)).toBe(true);
    const anvils = anvilsOf(child.pid ?? 0);
    child.kill('SIGINT');
    const beforeUp = !stderr.includes('✓ anvil start');
    expect(await exited).toBe(130);
    expect(beforeUp).toBe(true); // the signal came while the chains were starting
    await waitUntil(() => !anvils.some(running), 5000);
    expect(anvils.filter(running)).toEqual([]);
    expect(afterStop(stderr, 'SIGINT')).toEqual([]);
  });

  it('SIGINT once the chains are up stops its anvils (pids and ports) and exits 130 with one line', async () => {
    const child = spawn(process.execPath, [BIN, 'happy-path'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('✓ anvil start')) resolve();
      });
    });
    const anvils = childrenOf(child.pid ?? 0);
    expect(anvils.length).toBeGreaterThanOrEqual(4);
    const ports = anvils.flatMap(listeningPorts);
    expect(ports.length).toBeGreaterThanOrEqual(4);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    await waitUntil(() => !anvils.some(running), 5000);
    expect(anvils.filter(running)).toEqual([]);
    expect(await Promise.all(ports.map(answers))).toEqual(ports.map(() => false));
    expect(afterStop(stderr, 'SIGINT')).toEqual([]);
  });

  it('a drill whose parent dies (pnpm killed) stops itself and its anvils within seconds', async () => {
    // A shell stands in for pnpm: it starts the drill as its child and is then killed outright,
    // so nothing forwards a signal; the orphaned drill must notice on its own.
    const parent = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" happy-path; :`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      parent.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('… propose+approve')) resolve();
      });
    });
    const [drill] = childrenOf(parent.pid ?? 0);
    expect(drill).toBeDefined();
    const anvils = childrenOf(drill ?? 0);
    expect(anvils.length).toBeGreaterThanOrEqual(4);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !running(drill ?? 0), 5000)).toBe(true);
    await waitUntil(() => !anvils.some(running), 3000);
    expect(anvils.filter(running)).toEqual([]);
    expect(stderr).toMatch(/parent process \d+ is gone: stopping the drill's chains and processes/);
    expect(stderr).not.toMatch(/PASS happy-path/);
  });

  it('a fork URL that does not answer is a setup failure (exit 4) naming chains[i].fork.url and the fix', async () => {
    const file = join(dir, 'dead-fork.json');
    // A loopback port nobody listens on (taken, then released).
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await writeFile(
      file,
      JSON.stringify({
        description: 'A fork of a node that is down.',
        chains: [
          { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
          { name: 'arbitrum', chainId: 42161, blockTime: 0.25, fork: { url: `http://127.0.0.1:${port}` } },
        ],
      }),
    );
    const { code, stderr } = await run([file]);
    expect(code).toBe(4);
    expect(stderr).toContain(`chains[1].fork.url: http://127.0.0.1:${port} did not answer eth_chainId (`);
    expect(stderr).toMatch(/ECONNREFUSED/);
    expect(stderr).toMatch(/— make chains\[1\]\.fork\.url the http\(s\) RPC URL of a node that is up/);
  });

  it('--help names every exit code', async () => {
    const { code, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/4 setup failed/);
  });

  it('--keep exits with the verdict and leaves the anvils running, recorded with pids and URLs; down stops them', async () => {
    const cwd = await mkdtemp(join(dir, 'keep-'));
    try {
      await keepAndStop(cwd);
    } finally {
      await run(['down'], {}, cwd); // whatever failed, no chain is left running
    }
  });

  async function keepAndStop(cwd: string): Promise<void> {
    const { code, stderr, lingerMs } = await run(['happy-path', '--keep', '--out', join(cwd, 'reports')], {}, cwd);
    expect(code, stderr).toBe(0);
    expect(lingerMs).toBeLessThan(3000); // it does not block
    const state = JSON.parse(readFileSync(join(cwd, '.lockstep', 'drill-kept.json'), 'utf8')) as {
      drills: { scenario: string; reportDir: string; chains: { name: string; pid: number; rpcUrl: string }[] }[];
    };
    const [kept] = state.drills;
    expect(kept?.scenario).toBe('happy-path');
    const chains = kept?.chains ?? [];
    expect(chains.map((c) => c.name)).toEqual(['ethereum', 'arbitrum', 'optimism', 'polygon']);
    for (const c of chains) {
      expect(stderr).toContain(`kept ${c.name} (`);
      expect(stderr).toContain(`${c.rpcUrl}  pid ${c.pid}`);
      expect(running(c.pid)).toBe(true);
    }
    expect(stderr).toMatch(/stop them with: pnpm drill down/);
    // The chains answer after the drill's process is gone, and the report names their URLs.
    const response = await fetch(chains[0]?.rpcUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    expect(((await response.json()) as { result: string }).result).toBe('0x1');
    const report = JSON.parse(await readFile(join(kept?.reportDir ?? '', 'report.json'), 'utf8')) as DrillReport;
    expect(report.kept).toBe(true);
    expect(report.chains.map((c) => c.rpcUrl).sort()).toEqual(chains.map((c) => c.rpcUrl).sort());

    const down = await run(['down'], {}, cwd);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain('stopped happy-path/ethereum');
    await waitUntil(() => !chains.some((c) => running(c.pid)), 5000);
    expect(chains.filter((c) => running(c.pid))).toEqual([]);
    expect(() => readFileSync(join(cwd, '.lockstep', 'drill-kept.json'))).toThrow();
  }

  it('an unknown scenario name exits 2 and lists the built-in ones', async () => {
    const { code, stderr } = await run(['no-such-drill']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/happy-path/);
  });
});
