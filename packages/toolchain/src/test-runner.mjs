// @ts-check
/**
 * `pnpm test`: the forge suite, the multi-chain fork suite (test/fork, against local anvil chains
 * this runner starts and stops), the gas suites (test/gas, under the isolating `gas` profile, so
 * their flows are checked too), then vitest across every package, each stage timed, ending with
 * one plain line `N passed, N failed` (both runners added up). The exit code is non-zero when any
 * test failed or any stage could not run, whatever the runners' own wrappers would say.
 *
 * Environment (used by the toolchain's own tests and by CI):
 *   LOCKSTEP_TEST_STAGES  comma list of stages to run: `forge`, `fork`, `gas`, `vitest` (default: all)
 *   LOCKSTEP_FORGE_ROOT   Foundry project to test (default: the repository root)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startAnvils, stopAnvils } from './anvil.mjs';
import { runFoundry } from './exec.mjs';
import { deployLocalChains, localChains, rpcEnv } from './local-chains.mjs';
import { repoRoot } from './paths.mjs';

/**
 * @typedef {object} StageResult
 * @property {string} stage
 * @property {number} passed
 * @property {number} failed
 * @property {number} code exit code of the runner
 * @property {number} seconds wall time
 * @property {string} [problem] why the stage counts as failed beyond its tests
 */

/**
 * Reads forge's closing summary (`Ran 3 test suites in …: 10 tests passed, 1 failed, 0 skipped`).
 * @param {string} output forge's stdout
 * @returns {{ passed: number, failed: number } | undefined}
 */
export function parseForgeSummary(output) {
  const matches = [...output.matchAll(/Ran \d+ test suites?.*?: (\d+) tests? passed, (\d+) failed/g)];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

/** @param {string} stage @param {() => Promise<Omit<StageResult, 'stage' | 'seconds'>>} run */
async function timed(stage, run) {
  const started = performance.now();
  process.stderr.write(`\n== ${stage} ==\n`);
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`== ${stage}: ${result.passed} passed, ${result.failed} failed in ${seconds.toFixed(1)} s ==\n`);
  return { stage, seconds, ...result };
}

/** The forge suites that need live chains; `forge test` alone leaves them out (foundry.toml). */
export const FORK_TESTS = 'test/fork/**';

/**
 * @typedef {Omit<StageResult, 'stage' | 'seconds'>} StageOutcome
 */

/**
 * @param {string} root
 * @param {string[]} [extraArgs]
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<StageOutcome>}
 */
async function forgeStage(root, extraArgs = [], env = process.env) {
  const { code, stdout } = await runFoundry('forge', ['test', '--root', root, ...extraArgs], {
    capture: true,
    progress: true,
    env,
  });
  const summary = parseForgeSummary(stdout);
  if (!summary)
    return { passed: 0, failed: 0, code: code || 1, problem: 'forge printed no test summary (compile error?)' };
  return { ...summary, code, problem: code !== 0 && summary.failed === 0 ? `forge exited ${code}` : undefined };
}

/**
 * Starts the local chains, deploys Lockstep on them with the deployment script, runs the fork
 * suites against them, and always stops the chains.
 * @param {string} root
 * @param {string[]} [extraArgs] more forge arguments (e.g. `-vv`)
 * @returns {Promise<StageOutcome>}
 */
export async function forkStage(root, extraArgs = []) {
  const forkDir = join(root, 'test', 'fork');
  if (!existsSync(forkDir) || !readdirSync(forkDir, { recursive: true }).some((f) => String(f).endsWith('.t.sol'))) {
    process.stderr.write('no fork test suites under test/fork; nothing to run\n');
    return { passed: 0, failed: 0, code: 0 };
  }
  const chains = await startAnvils(localChains);
  try {
    for (const c of chains) process.stderr.write(`chain ${c.name} (${c.chainId}) at ${c.rpcUrl}\n`);
    await deployLocalChains(chains, root);
    const args = ['--match-path', FORK_TESTS, '--no-match-path', '__none__', ...extraArgs];
    return await forgeStage(root, args, { ...process.env, ...rpcEnv(chains) });
  } finally {
    await stopAnvils(chains);
  }
}

/**
 * Generates the typed client (`packages/client`, not committed) that the vitest suites import. Uses the
 * pnpm that started this runner (`npm_execpath`), else corepack's (never a global `pnpm`, which a fresh
 * machine does not have); its output goes to stderr.
 * @returns {Promise<number>} the exit code
 */
function generateClient() {
  const pnpm = process.env.npm_execpath;
  const [command, ...args] = pnpm && /pnpm\.c?js$/.test(pnpm) ? [process.execPath, pnpm] : ['corepack', 'pnpm'];
  return runChild(command, [...args, '--filter', '@lockstep/client', 'generate'], ['ignore', 2, 2]);
}

/**
 * Runs a child process from the repository root and resolves with its exit code (127 when it
 * cannot start, 1 when killed by a signal).
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').StdioOptions} stdio
 * @returns {Promise<number>}
 */
function runChild(command, args, stdio) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio });
    child.on('error', () => resolvePromise(127));
    child.on('close', (c) => resolvePromise(c ?? 1));
  });
}

async function vitestStage(root = repoRoot) {
  // `forge test` compiles only what test contracts import; suites that deploy compiled fixtures no
  // test contract imports (the gate tests' implementations under test/fixtures/) read out/ too.
  // A full build here adds only those files to the cache the forge stages left.
  const built = await runFoundry('forge', ['build', '--root', root], { cwd: root, quiet: true, progress: true });
  if (built.code !== 0) {
    const problem = `forge build exited ${built.code} before vitest: ${built.stdout.trim().split('\n').slice(-5).join(' ')}`;
    return { passed: 0, failed: 0, code: built.code, problem };
  }
  const generated = await generateClient();
  if (generated !== 0) {
    const problem = `could not generate the typed client (pnpm --filter @lockstep/client generate exited ${generated})`;
    return { passed: 0, failed: 0, code: generated, problem };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-vitest-'));
  const report = join(dir, 'report.json');
  try {
    const manifest = createRequire(join(repoRoot, 'package.json')).resolve('vitest/package.json');
    const vitest = join(dirname(manifest), 'vitest.mjs');
    const code = await runChild(
      process.execPath,
      [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      'inherit',
    );
    let parsed;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      return { passed: 0, failed: 0, code: code || 1, problem: 'vitest wrote no report' };
    }
    const passed = Number(parsed.numPassedTests ?? 0);
    const failed = Number(parsed.numFailedTests ?? 0);
    return { passed, failed, code, problem: code !== 0 && failed === 0 ? `vitest exited ${code}` : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the stages and returns the process exit code.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
export async function runTests(env = process.env) {
  const known = ['forge', 'fork', 'gas', 'vitest'];
  const stages = (env.LOCKSTEP_TEST_STAGES ?? known.join(',')).split(',').map((s) => s.trim());
  const unknown = stages.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    process.stderr.write(`LOCKSTEP_TEST_STAGES: unknown stage(s) ${unknown.join(', ')} (use ${known.join(', ')})\n`);
    return 2;
  }
  const root = env.LOCKSTEP_FORGE_ROOT ?? repoRoot;
  /** @type {StageResult[]} */
  const results = [];
  if (stages.includes('forge')) results.push(await timed('forge test', () => forgeStage(root)));
  if (stages.includes('fork')) results.push(await timed('forge fork tests (local chains)', () => forkStage(root)));
  if (stages.includes('gas')) {
    const gasEnv = { ...process.env, FOUNDRY_PROFILE: 'gas' };
    results.push(await timed('forge gas suites (isolated)', () => forgeStage(root, [], gasEnv)));
  }
  if (stages.includes('vitest')) results.push(await timed('vitest', () => vitestStage(root)));
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.stdout.write('\n');
  for (const r of results) {
    const note = r.problem ? ` (${r.problem})` : '';
    process.stdout.write(`${r.stage}: ${r.passed} passed, ${r.failed} failed, ${r.seconds.toFixed(1)} s${note}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 || results.some((r) => r.code !== 0 || r.problem) ? 1 : 0;
}
