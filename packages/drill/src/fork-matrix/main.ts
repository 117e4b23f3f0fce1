/**
 * `lockstep-fork-matrix [--scenario <name|path>] [--chains <n>] [--seed <n>] [--concurrency <n>] [--json]`
 * (`pnpm fork-matrix`, the nightly job): runs a drill (default `happy-path`) keeping its chains, then
 * checks every chain's post-upgrade state with forge on a fresh fork of it (`runForkMatrix`), prints
 * the per-chain matrix (stdout; progress on stderr) or one JSON document with `--json`, and stops
 * every anvil. Exit codes: 0 every chain passed, 1 a chain failed (or the drill did), 2 usage,
 * 130 interrupted.
 */
import { parseArgs } from 'node:util';
import { LockstepError } from '@lockstep/core/errors';
import { type RunDrillReturnType, runDrill } from '../engine/run-drill.js';
import { loadScenario, ScenarioError, withChainCount } from '../scenario/index.js';
import { formatMatrix } from './format-matrix.js';
import { defaultConcurrency, type ForkMatrixProgress, runForkMatrix } from './run-fork-matrix.js';

const USAGE =
  'usage: lockstep-fork-matrix [--scenario <name|path>] [--chains <n>] [--seed <n>] [--concurrency <n>] [--json]';
const DEFAULT_SCENARIO = 'happy-path';

export type ForkMatrixCommandOptions = {
  /** Runs between the drill and the matrix, with the drill's chains still up (tests tamper with them here). */
  afterDrill?: (drill: RunDrillReturnType) => Promise<void>;
};

export async function main(argv: readonly string[], options: ForkMatrixCommandOptions = {}): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let chainCount: number | undefined;
  let seed: number | undefined;
  let concurrency: number;
  try {
    ({ values } = parse(argv));
    chainCount = values.chains === undefined ? undefined : integer(values.chains, '--chains', 1);
    seed = values.seed === undefined ? undefined : integer(values.seed, '--seed', 0);
    concurrency =
      values.concurrency === undefined ? defaultConcurrency() : integer(values.concurrency, '--concurrency', 1);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = values.json === true;
  const log = (line: string) => {
    if (!json) process.stderr.write(`${line}\n`);
  };

  // SIGINT/SIGTERM: the fork anvils stop at once; the drill's chains stop as soon as the drill
  // hands them back (it cannot be cut short mid-step). A second signal exits without waiting.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${signal}: stopping every anvil…\n`);
    controller.abort(new Error(`interrupted (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let drill: RunDrillReturnType | undefined;
  try {
    let scenario = await loadScenario(values.scenario ?? DEFAULT_SCENARIO);
    if (chainCount !== undefined) scenario = withChainCount(scenario, chainCount);
    log(`drill ${scenario.name} on ${scenario.chains.length} chains (chains kept for the matrix)`);
    drill = await runDrill({
      scenario,
      keep: true,
      ...(seed === undefined ? {} : { seed }),
      onProgress: (p) => {
        if (p.type === 'phase-end') log(`  ✓ ${p.phase} (${p.wallMs} ms)`);
      },
    });
    const { report } = drill;
    log(`drill ${report.outcome} in ${(report.wallTimeMs / 1000).toFixed(1)} s`);
    for (const chain of report.chains) log(`  kept ${chain.name} (${chain.chainId}) at ${chain.rpcUrl}`);
    if (controller.signal.aborted) return 130;
    await options.afterDrill?.(drill);
    log(`post-upgrade checks on a fork of each chain, ${concurrency} at a time`);
    const matrix = await runForkMatrix({
      report,
      depositWei: scenario.attacker.depositWei,
      concurrency,
      signal: controller.signal,
      onProgress: (p) => log(progressLine(p)),
    });
    const order = scenario.chains.map((chain) => chain.name);
    matrix.chains.sort((x, y) => order.indexOf(x.chain) - order.indexOf(y.chain));
    if (json) {
      const document = { drill: { outcome: report.outcome, wallTimeMs: report.wallTimeMs }, ...matrix };
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatMatrix(matrix)}\n`);
      if (report.outcome !== 'pass') process.stdout.write(`the drill itself failed its expectations\n`);
    }
    return matrix.ok && report.outcome === 'pass' ? 0 : 1;
  } catch (error) {
    if (controller.signal.aborted) return 130;
    process.stderr.write(`${error instanceof LockstepError ? error.message : String(error)}\n`);
    return error instanceof ScenarioError ? 2 : 1;
  } finally {
    await drill?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function progressLine(p: ForkMatrixProgress): string {
  switch (p.type) {
    case 'build-start':
      return '  … forge build';
    case 'build-end':
      return `  ✓ forge build (${p.wallMs} ms)`;
    case 'chain-start':
      return `  … ${p.chain} (${p.chainId}): fork at ${p.forkRpcUrl} (anvil pid ${p.pid})`;
    case 'chain-end': {
      const r = p.result;
      const mark = r.result === 'pass' ? '✓' : '✗';
      return `  ${mark} ${r.chain}: ${r.result}, ${r.passed} passed, ${r.failed} failed (${r.wallMs} ms)`;
    }
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      scenario: { type: 'string' },
      chains: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function integer(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number ≥ ${min}, got "${value}"`);
  return n;
}
