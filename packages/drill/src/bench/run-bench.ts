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

/**
 * How often each chain count is measured, cold and warm, by default. The bench reports the median
 * run: on a 2-core machine single runs of the same code vary by ±10 %, enough to move a growth
 * ratio across its ×2.1 limit.
 */
export const BENCH_REPEAT = 3;

export type RunBenchParameters = {
  /** Chain counts to run. Default [4, 8, 16, 32, 64, 128]. */
  counts?: readonly number[];
  /** Measurements per chain count and cache (at least 1). Default `BENCH_REPEAT`. */
  repeat?: number;
  /** Told of every measurement, as it ends (`repetition` counts from 1). */
  onRun?: (run: BenchRun, repetition: number) => void;
};

/**
 * Measures each chain count `repeat` times, cold then warm: each repetition starts from an empty
 * drill cache of its own, so each cold run deploys and the warm run after it loads what it cached.
 * Returns, per chain count and cache, the median run, with every measurement's wall time in
 * `wallMsSamples`.
 */
export async function runBench(parameters: RunBenchParameters = {}): Promise<BenchRun[]> {
  const counts = parameters.counts ?? BENCH_COUNTS;
  const repeat = parameters.repeat ?? BENCH_REPEAT;
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a whole number ≥ 1, got ${repeat}`);
  const runs: BenchRun[] = [];
  for (const chains of counts) {
    const samples: Record<'cold' | 'warm', BenchRun[]> = { cold: [], warm: [] };
    for (let repetition = 1; repetition <= repeat; repetition++) {
      const cacheDir = await mkdtemp(join(tmpdir(), 'lockstep-bench-cache-'));
      try {
        // Cold: nothing cached, so the chains are deployed; warm: the same again from the cache.
        for (const cache of ['cold', 'warm'] as const) {
          const run = await measureInFreshProcess({ chains, cache, cacheDir });
          samples[cache].push(run);
          parameters.onRun?.(run, repetition);
        }
      } finally {
        await rm(cacheDir, { recursive: true, force: true });
      }
    }
    runs.push(medianRun(samples.cold), medianRun(samples.warm));
  }
  return runs;
}

/** The run of median wall time among `samples` (the lower of the two middle ones for an even count), with every wall time. */
export function medianRun(samples: readonly BenchRun[]): BenchRun {
  const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new RangeError('no measurements');
  return { ...median, wallMsSamples: sorted.map((run) => run.wallMs) };
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
