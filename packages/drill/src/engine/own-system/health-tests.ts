/**
 * The scenario's forge health tests (`system.healthTests`): one forge test contract of the team's
 * project, checked against its build before any chain starts, then run against every chain after
 * the upgrade (as `lockstep-fork-matrix` runs `test/fork/PostUpgrade.t.sol`). The test forks the
 * live chain itself (`vm.createSelectFork(vm.envString("LOCKSTEP_HEALTH_RPC"))`): a forge fork only
 * reads the chain, so nothing it does changes the drill's state. Runs go one at a time: parallel
 * forge runs would compete for the same build cache (and the same cores).
 */
import { resolve } from 'node:path';
import { runFoundry } from '@lockstep/toolchain';
import type { AbiFunction } from 'viem';
import { parseForgeTestResults } from '../../fork-matrix/forge-json.js';
import type { HealthTestResult, OwnHealthTests } from '../../types.js';
import { readForgeArtifact } from './artifacts.js';
import { OwnSystemError } from './own-system-error.js';

/** What the drill puts in every health test's environment (a scenario's `env` cannot override them). */
export const HEALTH_TEST_ENV = [
  'LOCKSTEP_HEALTH_RPC',
  'LOCKSTEP_PROXY',
  'LOCKSTEP_RELEASE',
  'LOCKSTEP_CHAIN_ID',
] as const;

export type ResolvedHealthTests = {
  /** The Foundry project, absolute. */
  root: string;
  /** `test/health/PriceFeedHealth.t.sol:PriceFeedHealthTest` */
  id: string;
  source: string;
  contract: string;
  /** The contract's test functions (`test_OwnerStillPublishes`), from its artifact. */
  tests: string[];
  env: Record<string, string>;
};

export type HealthTestTarget = { rpcUrl: string; chainId: number; proxy: string; release: string };

export type HealthTestRun = {
  results: HealthTestResult[];
  /** Why forge gave no results (it could not compile or start); the run then fails. */
  error?: string;
};

/** Checks the selector against `<project>/out/`: the contract exists and has test functions. */
export async function resolveHealthTests(project: string, tests: OwnHealthTests): Promise<ResolvedHealthTests> {
  const field = 'system.healthTests';
  const artifact = await readForgeArtifact(project, tests.test, `${field}.test`);
  const names = artifact.abi
    .filter((item): item is AbiFunction => item.type === 'function')
    .map((fn) => fn.name)
    .filter((name) => name.startsWith('test'));
  if (names.length === 0)
    throw new OwnSystemError(
      `${field}.test: ${tests.test} has no test functions — name a forge test contract (functions named test…), e.g. test/health/PriceFeedHealth.t.sol:PriceFeedHealthTest`,
    );
  const reserved = Object.keys(tests.env).filter((name) => (HEALTH_TEST_ENV as readonly string[]).includes(name));
  if (reserved.length > 0)
    throw new OwnSystemError(
      `${field}.env: ${reserved.join(', ')} ${reserved.length === 1 ? 'is' : 'are'} set by the drill for each chain — remove ${reserved.length === 1 ? 'it' : 'them'} from env`,
    );
  const [source = '', contract = ''] = tests.test.split(':');
  return { root: resolve(project), id: tests.test, source, contract, tests: names, env: tests.env };
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs the health tests against one chain (queued behind any other run). */
export function runHealthTests(tests: ResolvedHealthTests, target: HealthTestTarget): Promise<HealthTestRun> {
  const run = queue.then(() => runNow(tests, target));
  queue = run.catch(() => {});
  return run;
}

async function runNow(tests: ResolvedHealthTests, target: HealthTestTarget): Promise<HealthTestRun> {
  const env = {
    ...process.env,
    ...tests.env,
    LOCKSTEP_HEALTH_RPC: target.rpcUrl,
    LOCKSTEP_PROXY: target.proxy,
    LOCKSTEP_RELEASE: target.release,
    LOCKSTEP_CHAIN_ID: String(target.chainId),
  };
  const run = await runFoundry(
    'forge',
    [
      'test',
      '--root',
      tests.root,
      '--match-path',
      tests.source,
      '--match-contract',
      `^${tests.contract}$`,
      // A project's foundry.toml may leave its live-chain tests out of plain runs; this one is asked for.
      '--no-match-path',
      '__none__',
      '--no-storage-caching',
      '--json',
    ],
    { cwd: tests.root, quiet: true, env },
  );
  const parsed = parseForgeTestResults(run.stdout);
  if (!parsed || parsed.length === 0)
    return { results: [], error: `forge ran no test of ${tests.id} (exit ${run.code}): ${lastLine(run.stdout)}` };
  const results = parsed.map((r) => ({
    test: r.test,
    // A skipped test checked nothing: on a chain the drill names, that is a failure.
    passed: r.status === 'pass',
    reason: r.status === 'skip' ? `skipped${r.reason ? `: ${r.reason}` : ''}` : r.reason,
  }));
  return run.code === 0 || results.some((r) => !r.passed)
    ? { results }
    : { results, error: `forge exited ${run.code}: ${lastLine(run.stdout)}` };
}

/** The health tests' problems, one line per failed test (empty: all passed). */
export function healthTestProblems(run: HealthTestRun): string[] {
  return [
    ...(run.error ? [run.error] : []),
    ...run.results.filter((r) => !r.passed).map((r) => `forge ${r.test} failed${r.reason ? `: ${r.reason}` : ''}`),
  ];
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
