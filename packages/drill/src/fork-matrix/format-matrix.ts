/** Renders a fork matrix for people: one row per chain, then every failed check with forge's reason. */
import type { RunForkMatrixReturnType } from './run-fork-matrix.js';

const HEADERS = ['chain', 'chain id', 'result', 'passed', 'failed', 'skipped', 'wall ms'] as const;

export function formatMatrix(matrix: RunForkMatrixReturnType): string {
  const rows = matrix.chains.map((c) => [
    c.chain,
    String(c.chainId),
    c.result,
    String(c.passed),
    String(c.failed),
    String(c.skipped),
    String(c.wallMs),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const problems = matrix.chains.flatMap((c) => [
    ...c.failures.map((f) => `  ✗ ${c.chain}: ${f.test}${f.reason ? ` — ${f.reason}` : ''}`),
    ...(c.error ? [`  ✗ ${c.chain}: ${c.error}`] : []),
  ]);
  if (problems.length > 0) out.push('', ...problems);
  const passed = matrix.chains.filter((c) => c.result === 'pass').length;
  out.push(
    '',
    `${passed} of ${matrix.chains.length} chains passed · matrix ${seconds(matrix.wallMs)} (forge build ${seconds(matrix.buildMs)}, ${matrix.concurrency} at a time)`,
  );
  return out.join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
