/**
 * `lockstep-drill <scenario|path> [--seed n] [--chains n] [--keep] [--monitor] [--json] [--guardian-processes]`:
 * runs one drill (or `all` built-in ones), shows its progress, prints its verdict, then writes
 * `<out>/<scenario>/<run-id>/` (`--out` defaults to the repository's `reports/`). Exit codes: `EXIT`.
 * With `--keep` the chains stay up after it exits (recorded in `.lockstep/drill-kept.json`);
 * `lockstep-drill down` stops them.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { keptDrillsFile, recordKeptDrill, stopKeptDrills } from '@lockstep/core/devnet';
import { LockstepError } from '@lockstep/core/errors';
import { keptSection, repoRoot } from '@lockstep/toolchain';
import { renderBench } from '../bench/render-bench.js';
import { runBench } from '../bench/run-bench.js';
import { summarizeBench } from '../bench/summary.js';
import type { BenchRun } from '../bench/types.js';
import { stopTrackedChildren } from '../chains/child-registry.js';
import { DrillSetupError } from '../chains/setup-error.js';
import type { KeptChain } from '../chains/start-chains.js';
import type { DrillProgress } from '../engine/recorder.js';
import { runDrill } from '../engine/run-drill.js';
import {
  formatSummary,
  formatVerification,
  formatVirtualTime,
  ReportWriteError,
  writeReport,
} from '../report/index.js';
import { isScenarioName, listScenarios, loadScenario, ScenarioError, withChainCount } from '../scenario/index.js';
import type { DrillReport } from '../types.js';
import { describeStop, exitCodeFor, watchLifeline } from './lifeline.js';

const USAGE = [
  'usage: lockstep-drill <scenario|path|all> [--seed <n>] [--chains <n>] [--keep] [--verify] [--monitor] [--json] [--guardian-processes] [--no-cache] [--out <dir>]',
  '       --verify: recompute every figure of the report from the chains before they stop (a mismatch fails the drill)',
  "       --monitor: run the production monitor and alert engine over the drill's chains; its alerts go in the report",
  '       lockstep-drill down [--json]   (stops the chains of every drill run with --keep)',
  '       lockstep-drill bench [--chains 4,8,16,32,64,128] [--repeat 3] [--json]   (writes docs/bench.md; each count measured --repeat times, the median reported)',
  '',
  'exit codes: 0 every expectation held · 1 an expectation failed (or the drill broke) · 2 usage or scenario error',
  '            3 report not written · 4 setup failed (a fork URL that does not answer, an anvil that does not start)',
  '            129 / 130 / 143 stopped by SIGHUP (or the parent died) / SIGINT / SIGTERM',
].join('\n');

/** Set once the lifeline fired: stops the drill's processes, then exits the process. */
let stopping: Promise<void> | undefined;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n\nbuilt-in scenarios: ${(await listScenarios()).join(', ')}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const target = positionals[0] ?? '';
  if (target === 'bench') return bench(values.json === true, values.chains, values.repeat);
  if (target === 'down') return down(values.json === true);
  const names = target === 'all' ? await listScenarios() : [target];
  const outRoot = resolve(values.out ?? join(repoRoot, 'reports'));
  let seed: number | undefined;
  try {
    seed = values.seed === undefined ? undefined : seedOf(values.seed);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const reports: DrillReport[] = [];
  // Interrupted mid-drill, orphaned (the parent that started it died) or an error nothing caught:
  // stop every chain and process the drill started (SIGTERM, then SIGKILL after a grace), then exit.
  const lifeline = watchLifeline((reason) => {
    process.stderr.write(`\n${describeStop(reason)}: stopping the drill's chains and processes\n`);
    stopping = stopTrackedChildren().then(() => process.exit(exitCodeFor(reason)));
  });
  let unwritten: ReportWriteError | undefined;
  try {
    for (const name of names) {
      let scenario = await loadScenario(name);
      const chainCount = values.chains === undefined ? undefined : integer(values.chains, '--chains');
      if (chainCount !== undefined) scenario = withChainCount(scenario, chainCount);
      const log = values.json ? () => {} : progressPrinter();
      const { report, release, attachments } = await runDrill({
        scenario,
        ...(seed === undefined ? {} : { seed }),
        keep: values.keep === true,
        verify: values.verify === true,
        monitor: values.monitor === true,
        ...(values.keep ? { keepLogDir: await keptLogDir(scenario.name) } : {}),
        guardianMode: values['guardian-processes'] ? 'process' : 'in-process',
        noCache: values['no-cache'] === true,
        onProgress: log,
      });
      if (!isScenarioName(name)) report.scenarioFile = replayPath(name);
      if (chainCount !== undefined) report.chainCount = chainCount;
      reports.push(report);
      // The verdict first: whatever happens to the report files, it is not lost.
      if (!values.json) process.stderr.write(`${formatSummary(report)}\n`);
      if (!values.json && report.verification) process.stderr.write(`${formatVerification(report.verification)}\n`);
      const dir = join(outRoot, report.scenario, report.runId);
      let written = true;
      try {
        await writeReport(report, dir, { attachments });
        if (!values.json) process.stderr.write(`  report: ${dir}\n`);
      } catch (error) {
        if (!(error instanceof ReportWriteError)) throw error;
        process.stderr.write(`${error.message}\n`);
        unwritten = error;
        written = false;
      }
      if (values.keep) await keepChains(report, written ? dir : null, release());
      if (!written) break; // the next drill's report would go to the same place
    }
  } catch (error) {
    if (stopping) await stopping; // the drill failed because its chains were stopped: exit as stopped
    lifeline.dispose();
    const usage = error instanceof ScenarioError || error instanceof UsageError;
    process.stderr.write(
      `${error instanceof LockstepError || error instanceof UsageError ? error.message : String(error)}\n`,
    );
    if (error instanceof DrillSetupError) return EXIT.setup;
    return usage ? EXIT.usage : EXIT.failed;
  }
  if (stopping) await stopping;
  if (values.json) process.stdout.write(`${JSON.stringify(names.length === 1 ? reports[0] : reports, null, 2)}\n`);
  if (values.keep && reports.length > 0)
    process.stderr.write(
      `chains kept running (detached; recorded in ${relativeToCwd(keptDrillsFile())}) — stop them with: pnpm drill down (or lockstep devnet down)\n`,
    );
  lifeline.dispose();
  if (unwritten) return EXIT.reportNotWritten;
  // A report the chains contradict fails the drill, whatever its expectations say.
  return reports.every((report) => report.outcome === 'pass' && report.verification?.passed !== false)
    ? EXIT.ok
    : EXIT.failed;
}

/**
 * The exit codes: 0 every expectation held; 1 one failed (or the drill broke); 2 a usage or scenario
 * error; 3 the drill ran and printed its verdict, but its report could not be written (read-only
 * folder, full disk); 4 the chains could not be set up (`DrillSetupError`: a fork URL that does not
 * answer, an anvil that does not start), so there is no verdict; 129 / 130 / 143 stopped by SIGHUP
 * (or the parent's death) / SIGINT / SIGTERM.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, reportNotWritten: 3, setup: 4 } as const;

class UsageError extends Error {}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      seed: { type: 'string' },
      chains: { type: 'string' },
      repeat: { type: 'string' },
      keep: { type: 'boolean' },
      verify: { type: 'boolean' },
      monitor: { type: 'boolean' },
      json: { type: 'boolean' },
      'guardian-processes': { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function integer(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: expected a whole number, got "${value}"`);
  return n;
}

/** Seeds are uint32 (0 to 2^32 - 1), as in a scenario's `seed`. */
function seedOf(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value.trim()) || !Number.isSafeInteger(n) || n > 0xffff_ffff)
    throw new UsageError(`--seed: expected a whole number from 0 to 4294967295 (2^32 - 1), got "${value}"`);
  return n;
}

/** A scenario path as the replay command names it: from the repository root (where `pnpm drill` runs), else absolute. */
function replayPath(path: string): string {
  const absolute = resolve(path);
  const fromRoot = relative(repoRoot, absolute);
  return fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot) ? absolute : `./${fromRoot}`;
}

/** A task list on stderr: each phase with its wall time, flow events in virtual time, faults and alerts. */
function progressPrinter(): (progress: DrillProgress) => void {
  const out = (line: string) => process.stderr.write(`${line}\n`);
  return (progress) => {
    switch (progress.type) {
      case 'phase-start':
        out(`  … ${progress.phase}`);
        return;
      case 'phase-end':
        out(`  ✓ ${progress.phase} (${progress.wallMs} ms)${progress.detail ? ` — ${progress.detail}` : ''}`);
        return;
      case 'event':
        out(`      ${formatVirtualTime(progress.at)}  ${progress.event}`);
        return;
      case 'fault':
        out(
          `      ${formatVirtualTime(progress.fault.injectedAt)}  ⚡ ${progress.fault.kind}: ${progress.fault.detail}`,
        );
        return;
      case 'alert':
        out(`      ${formatVirtualTime(progress.alert.at)}  ⚠ ${progress.alert.kind}: ${progress.alert.message}`);
        return;
      case 'note':
        out(`      ${progress.message}`);
    }
  };
}

/** `lockstep-drill bench`: the happy path cold and warm at each chain count; writes docs/bench.md. */
async function bench(json: boolean, chains: string | undefined, repeat: string | undefined): Promise<number> {
  let counts: number[] | undefined;
  let repetitions: number | undefined;
  try {
    counts = chains === undefined ? undefined : chains.split(',').map((c) => integer(c.trim(), '--chains'));
    repetitions = repeat === undefined ? undefined : integer(repeat, '--repeat');
    if (repetitions === 0) throw new UsageError('--repeat: expected at least 1 measurement per chain count, got 0');
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const samples: BenchRun[] = [];
  const runs = await runBench({
    ...(counts ? { counts } : {}),
    ...(repetitions === undefined ? {} : { repeat: repetitions }),
    onRun: (run, repetition) => {
      samples.push(run);
      if (json) return;
      const phases = run.phases.map((p) => `${p.phase} ${(p.wallMs / 1000).toFixed(2)}`).join(' · ');
      process.stderr.write(
        `  ${String(run.chains).padStart(3)} chains ${run.cache.padEnd(4)} #${repetition} ${(run.wallMs / 1000).toFixed(2).padStart(6)} s  ${run.outcome}  load ${run.load.before}  (${phases})\n`,
      );
    },
  });
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
  const summary = summarizeBench(runs);
  const report = join(repoRoot, 'docs', 'bench.md');
  // The profile sections below the marker are written by hand and survive a new run.
  const kept = keptSection(await readFile(report, 'utf8').catch(() => ''));
  await writeFile(report, renderBench(runs, machine, summary) + kept);
  if (json) process.stdout.write(`${JSON.stringify({ machine, runs, samples, ...summary }, null, 2)}\n`);
  else process.stderr.write('wrote docs/bench.md\n');
  return samples.every((run) => run.outcome === 'pass') ? 0 : 1;
}

/**
 * `--keep`: the drill's anvils outlive this process (detached, each in its own process group). Each
 * is printed with its pid and URL and recorded in `.lockstep/drill-kept.json`, which
 * `lockstep-drill down` and `lockstep devnet down` stop.
 */
async function keepChains(report: DrillReport, reportDir: string | null, kept: readonly KeptChain[]): Promise<void> {
  const file = await recordKeptDrill({
    scenario: report.scenario,
    runId: report.runId,
    reportDir,
    keptAt: new Date().toISOString(),
    chains: kept.map((chain) => ({ ...chain, port: Number(new URL(chain.rpcUrl).port) })),
  });
  for (const chain of kept)
    process.stderr.write(`  kept ${chain.name} (${chain.chainId}): ${chain.rpcUrl}  pid ${chain.pid}\n`);
  process.stderr.write(`  recorded in ${relativeToCwd(file)}\n`);
}

/** `lockstep-drill down`: stops every kept drill's chains and removes `.lockstep/drill-kept.json`. */
async function down(json: boolean): Promise<number> {
  try {
    const stopped = await stopKeptDrills();
    if (json) process.stdout.write(`${JSON.stringify(stopped, null, 2)}\n`);
    else if (stopped.chains.length === 0) process.stderr.write('no kept drill was running\n');
    else
      for (const chain of stopped.chains)
        process.stderr.write(`  stopped ${chain.scenario}/${chain.name} (pid ${chain.pid}): ${chain.how}\n`);
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

/** A new folder for one kept drill's anvil logs: `.lockstep/drill-kept-logs/<scenario>-XXXXXX/`. */
async function keptLogDir(scenario: string): Promise<string> {
  const parent = join(dirname(keptDrillsFile()), 'drill-kept-logs');
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, `${scenario}-`));
}

function relativeToCwd(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
