import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../types.js';

const BIN = fileURLToPath(new URL('../../bin/lockstep-drill.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drill-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('lockstep-drill', () => {
  it('runs a built-in scenario, writes report.json, report.md and timeline.svg, and exits 0', async () => {
    const { code, stdout } = await run(['relayer-crash', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DrillReport;
    expect(report).toMatchObject({ scenario: 'relayer-crash', outcome: 'pass', seed: 1 });
    expect(report.faults.map((f) => f.kind)).toEqual(['crash-relayer']);
    for (const chain of report.chains) expect([chain.deliveries, chain.executions]).toEqual([1, 1]);
    const folder = join(fileURLToPath(new URL('../../../../reports', import.meta.url)), report.scenario, report.runId);
    expect(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8'))).toMatchObject({ runId: report.runId });
    expect(await readFile(join(folder, 'report.md'), 'utf8')).toContain('relayer-crash');
    expect(await readFile(join(folder, 'timeline.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
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
    // A killed child may linger a moment as a zombie until it is reaped: only running ones count.
    const running = (pid: number) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5000;
    while (children.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(children.filter(running)).toEqual([]);
  });

  it('an unknown scenario name exits 2 and lists the built-in ones', async () => {
    const { code, stderr } = await run(['no-such-drill']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/happy-path/);
  });
});
