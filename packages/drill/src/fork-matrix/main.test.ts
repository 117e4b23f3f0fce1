/**
 * The fork matrix for real: a four-chain happy-path drill with its chains kept, then forge's
 * post-upgrade suite on a fresh fork of every chain. One run as the nightly job runs it (the
 * executable, `--json`), one where a chain is tampered with after the drill (it must fail, and the
 * exit code with it), one interrupted by SIGINT; every anvil must be gone afterwards.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestClient, type Hex, http, pad } from 'viem';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import type { RunForkMatrixReturnType } from './run-fork-matrix.js';

const BIN = fileURLToPath(new URL('../../bin/lockstep-fork-matrix.mjs', import.meta.url));
const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
const CHAINS = ['ethereum', 'arbitrum', 'optimism', 'polygon'];

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs the executable; `onStderr` sees stderr as it grows and may signal the child. */
function runBin(args: string[], onStderr?: (stderr: string, child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    onStderr?.(stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Fork anvils' pids and kept chains' URLs, from the progress lines on stderr. */
function startedAnvils(stderr: string) {
  return {
    forkPids: [...stderr.matchAll(/anvil pid (\d+)/g)].map((m) => Number(m[1])),
    keptUrls: [...stderr.matchAll(/ {2}kept \S+ \(\d+\) at (\S+)/g)].map((m) => m[1] ?? ''),
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2000),
    });
    return true;
  } catch {
    return false;
  }
}

async function expectAllStopped(stderr: string, expected: { forks: number; kept: number }) {
  const { forkPids, keptUrls } = startedAnvils(stderr);
  expect(forkPids).toHaveLength(expected.forks);
  expect(keptUrls).toHaveLength(expected.kept);
  for (const pid of forkPids) expect(isRunning(pid), `fork anvil ${pid} still running`).toBe(false);
  for (const url of keptUrls) expect(await answers(url), `kept chain ${url} still answers`).toBe(false);
}

describe('pnpm fork-matrix on the four-chain happy path', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('every chain passes the post-upgrade suite on its own fork; one JSON document; exit 0', async () => {
    const exit = await runBin(['--json']);
    expect(exit.stderr).toBe(''); // --json: no progress, only the document
    expect(exit.code).toBe(0);
    const matrix = JSON.parse(exit.stdout) as RunForkMatrixReturnType & { drill: { outcome: string } };
    expect(matrix.ok).toBe(true);
    expect(matrix.drill.outcome).toBe('pass');
    expect(matrix.chains.map((c) => c.chain).sort()).toEqual([...CHAINS].sort());
    for (const chain of matrix.chains) {
      expect(chain).toMatchObject({ result: 'pass', failed: 0, skipped: 0, failures: [] });
      // Every check ran, the optional ones (receiver, message id, deposit) included.
      expect(chain.passed).toBe(11);
      expect(chain.wallMs).toBeGreaterThan(0);
    }
  }, 300_000);

  it('a chain whose proxy is pointed back at V1 after the drill fails the matrix (exit 1); every anvil stops', async () => {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    let tampered: string | undefined;
    const code = await main([], {
      afterDrill: async ({ report }) => {
        const arbitrum = report.chains.find((c) => c.name === 'arbitrum');
        const v1 = report.addresses?.vaultV1;
        if (!arbitrum || !v1) throw new Error('no arbitrum chain or V1 address in the drill report');
        const client = createTestClient({ mode: 'anvil', transport: http(arbitrum.rpcUrl) });
        await client.setStorageAt({
          address: arbitrum.proxy as Hex,
          index: IMPLEMENTATION_SLOT,
          value: pad(v1 as Hex),
        });
        await client.mine({ blocks: 1 });
        tampered = arbitrum.name;
      },
    });
    vi.restoreAllMocks();
    expect(tampered).toBe('arbitrum');
    expect(code).toBe(1);
    const rows = Object.fromEntries(
      stdout
        .split('\n')
        .map((line) => line.split(/\s+/))
        .filter((cells) => CHAINS.includes(cells[0] ?? ''))
        .map((cells) => [cells[0], cells[2]]),
    );
    expect(rows).toEqual({ ethereum: 'pass', arbitrum: 'fail', optimism: 'pass', polygon: 'pass' });
    // The proxy runs V1 again: the slot, the code, the version and the open sweep all give it away.
    for (const test of [
      'test_ProxyPointsAtTheApprovedImplementation',
      'test_ProxyRunsCodeWithTheApprovedCodehash',
      'test_VersionIsTheNewOne',
      'test_RevertWhen_StrangerSweepsTheVault',
    ]) {
      expect(stdout).toMatch(new RegExp(`✗ arbitrum: PostUpgradeForkTest\\.${test}\\(\\)`));
    }
    expect(stdout).toContain('3 of 4 chains passed');
    await expectAllStopped(stderr, { forks: 4, kept: 4 });
  }, 300_000);

  it('SIGINT during the matrix stops the fork anvils and the kept chains, exit 130', async () => {
    let sent = false;
    const exit = await runBin([], (stderr, child) => {
      if (!sent && /anvil pid \d+/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(exit.code).toBe(130);
    expect(exit.stderr).toContain('SIGINT: stopping every anvil');
    const { forkPids } = startedAnvils(exit.stderr);
    await expectAllStopped(exit.stderr, { forks: forkPids.length, kept: 4 });
    expect(forkPids.length).toBeGreaterThan(0);
  }, 300_000);
});
