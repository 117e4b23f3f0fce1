/**
 * The drill benchmark: the 4-chain happy path from nothing running to every chain upgraded and
 * verified, cold (the real Foundry deploy on every chain) and warm (deployed state from the cache),
 * with each phase's wall time and the relay latency; then the same drill on more chains to show
 * how the cost grows. Numbers, not assertions: targets are printed next to them.
 *
 * Each measurement runs in a fresh process (`measure-child.mjs`), as a user's drill does: in one
 * long process the warm run would reuse what the cold run of the same drill worked out (every
 * guardian signature recovered, every code hash) and look faster than any real run.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeasureRunParameters } from './measure-run.js';
import type { BenchRun } from './types.js';

export type { BenchRun } from './types.js';

/** The chain counts the bench runs by default: doublings from 4 to the chain cap. */
export const BENCH_COUNTS: readonly number[] = [4, 8, 16, 32, 64, 128];

export type RunBenchParameters = {
  /** Chain counts to run. Default [4, 8, 16, 32, 64, 128]. */
  counts?: readonly number[];
  onRun?: (run: BenchRun) => void;
};

export async function runBench(parameters: RunBenchParameters = {}): Promise<BenchRun[]> {
  const counts = parameters.counts ?? BENCH_COUNTS;
  const runs: BenchRun[] = [];
  const cacheDir = await mkdtemp(join(tmpdir(), 'lockstep-bench-cache-'));
  try {
    for (const chains of counts) {
      // Cold: nothing cached for this chain count, so the chains are deployed; warm: the same again from the cache.
      for (const cache of ['cold', 'warm'] as const) {
        const run = await measureInFreshProcess({ chains, cache, cacheDir });
        runs.push(run);
        parameters.onRun?.(run);
      }
    }
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  return runs;
}

type ChildMessage = { ready: true } | { run: BenchRun } | { error: string };

/** Forks `measure-child.mjs`, hands it the parameters once it has loaded, and resolves with its run. */
function measureInFreshProcess(parameters: MeasureRunParameters): Promise<BenchRun> {
  const child = fork(fileURLToPath(new URL('./measure-child.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  return new Promise<BenchRun>((resolve, reject) => {
    let settled = false;
    child.on('message', (message: ChildMessage) => {
      if ('ready' in message) child.send(parameters);
      else if ('run' in message) {
        settled = true;
        resolve(message.run);
      } else {
        settled = true;
        reject(new Error(`the ${parameters.chains}-chain ${parameters.cache} bench run failed:\n${message.error}`));
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!settled) {
        reject(
          new Error(
            `the ${parameters.chains}-chain ${parameters.cache} bench run's process ended (${signal ?? `exit code ${code}`}) without a result`,
          ),
        );
      }
    });
  });
}
