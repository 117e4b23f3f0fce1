/** `lockstep-monitor bench`: runs the monitor benchmark and writes docs/monitor-bench.md. */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@lockstep/toolchain';
import { renderMonitorBench, runMonitorBench } from './run-bench.js';

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'bench') {
    process.stderr.write('usage: lockstep-monitor bench [--chains 4,32] [--window <seconds>]\n');
    return 2;
  }
  const option = (name: string) => {
    const at = rest.indexOf(name);
    return at === -1 ? undefined : rest[at + 1];
  };
  const counts = option('--chains')?.split(',').map(Number) ?? [4, 32];
  const window = Number(option('--window') ?? 60);
  if (counts.some((n) => !Number.isInteger(n) || n < 1) || !(window > 0)) {
    process.stderr.write('--chains takes whole chain counts (4,32); --window takes seconds\n');
    return 2;
  }
  const runs = await runMonitorBench({
    counts,
    windowMs: window * 1000,
    onProgress: (message) => process.stderr.write(`${message}\n`),
    onRun: (run) => process.stderr.write(`${JSON.stringify(run)}\n`),
  });
  const cores = cpus();
  const machine = `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
  const file = join(repoRoot, 'docs', 'monitor-bench.md');
  await writeFile(file, renderMonitorBench(runs, machine));
  process.stderr.write(`wrote ${file}\n`);
  return 0;
}
