/**
 * Profiles the happy-path drill at one chain count: JSON-RPC calls per phase and method
 * (load-independent), wall time, this process's CPU time and the anvils' CPU time per phase.
 * Usage: node --import tsx packages/drill/scripts/profile-drill.ts <chains> [--cold] [--json]
 * Warm (the default): one cold run first fills a temporary drill cache, and only the warm run is
 * profiled. `--cold`: the one run, with an empty cache, is profiled. `--cache-dir <dir>`: the drill
 * cache to use and keep (warm: the one run is profiled, in this fresh process).
 * With `PROFILE_MARKS=1` it prints `MARK <phase> <µs>` on stderr at each phase change (process
 * hrtime, the clock of a `node --cpu-prof` profile), to split a CPU profile by phase.
 * With `PROFILE_CALLERS=1` it also counts each phase's requests by method and calling Lockstep function.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRpcCalls } from '../src/bench/rpc-count.js';
import { runDrill } from '../src/engine/run-drill.js';
import { loadScenario, withChainCount } from '../src/scenario/index.js';
import { anvilChildren } from '../src/testing/anvil-children.js';

/** CPU seconds (user + system) of this process's anvil children. */
function anvilCpu(): number {
  return anvilChildren().reduce((sum, child) => sum + child.cpuSeconds, 0);
}

const chains = Number(process.argv[2] ?? 8);
const json = process.argv.includes('--json');
const cold = process.argv.includes('--cold');
const marks = process.env.PROFILE_MARKS === '1';
const scenario = withChainCount(await loadScenario('happy-path'), chains);
const keptCache = process.argv.indexOf('--cache-dir');
const cacheDir =
  keptCache > 0 ? String(process.argv[keptCache + 1]) : await mkdtemp(join(tmpdir(), 'lockstep-profile-cache-'));
try {
  if (!cold && keptCache < 0) await runDrill({ scenario, cacheDir });
  const byCaller = process.env.PROFILE_CALLERS === '1';
  if (byCaller) Error.stackTraceLimit = 60;
  const counter = countRpcCalls('setup', { byCaller });
  const rows = new Map<string, { wallMs: number; cpu: number; anvil: number }>();
  let mark = { wall: performance.now(), cpu: process.cpuUsage(), anvil: 0 };
  let current = 'setup';
  const close = () => {
    const cpu = process.cpuUsage(mark.cpu);
    const anvil = anvilCpu();
    const row = rows.get(current) ?? { wallMs: 0, cpu: 0, anvil: 0 };
    row.wallMs += performance.now() - mark.wall;
    row.cpu += (cpu.user + cpu.system) / 1e6;
    row.anvil += anvil - mark.anvil;
    rows.set(current, row);
    mark = { wall: performance.now(), cpu: process.cpuUsage(), anvil };
  };
  const load = loadavg()[0] ?? 0;
  const started = performance.now();
  const { report } = await runDrill({
    scenario,
    cacheDir,
    onProgress: (p) => {
      if (p.type !== 'phase-start' && p.type !== 'phase-end') return;
      close();
      current = p.type === 'phase-start' ? p.phase : `between`;
      counter.setPhase(current);
      if (marks) process.stderr.write(`MARK ${current} ${process.hrtime.bigint() / 1000n}\n`);
    },
  });
  close();
  counter.restore();
  const wall = performance.now() - started;
  const out = {
    chains,
    cache: cold ? 'cold' : 'warm',
    load: Math.round(load * 100) / 100,
    outcome: report.outcome,
    wallMs: Math.round(wall),
    phases: [...rows].map(([phase, r]) => ({
      phase,
      wallMs: Math.round(r.wallMs),
      cpuS: Math.round(r.cpu * 100) / 100,
      anvilCpuS: Math.round(r.anvil * 100) / 100,
      rpc: Object.fromEntries([...(counter.counts.get(phase) ?? new Map())].sort((a, b) => b[1] - a[1])),
      requests: Object.fromEntries([...(counter.requests.get(phase) ?? new Map())].sort((a, b) => b[1] - a[1])),
      ...(byCaller
        ? { callers: Object.fromEntries([...(counter.callers.get(phase) ?? new Map())].sort((a, b) => b[1] - a[1])) }
        : {}),
    })),
  };
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else {
    process.stdout.write(`${chains} chains ${out.cache}: ${out.wallMs} ms, load ${out.load}, ${out.outcome}\n`);
    for (const p of out.phases) {
      const total = Object.values(p.rpc).reduce((a, b) => a + b, 0);
      const requests = Object.values(p.requests).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `  ${p.phase}: wall ${p.wallMs} ms, drill cpu ${p.cpuS} s, anvil cpu ${p.anvilCpuS} s, rpc ${total} ${JSON.stringify(p.rpc)}\n` +
          `    requests (HTTP or WebSocket) ${requests} ${JSON.stringify(p.requests)}\n`,
      );
      for (const [caller, count] of Object.entries(p.callers ?? {})) process.stdout.write(`      ${count} ${caller}\n`);
    }
  }
} finally {
  if (keptCache < 0) await rm(cacheDir, { recursive: true, force: true });
}
process.exit(0);
