/**
 * `report.md`'s clock skew section (a `clock-skew` drill): per chain, the skew it was given, the two
 * heads the keeper compared before activation, what it measured and whether it alerted, and, on the
 * hub's clock, how far from the activation time the chain switched. Empty for a drill without one.
 */
import type { ClockSkewReport, DrillReport } from '../types.js';
import { escapeMarkdown as md } from './format.js';

export function clockSkewSection(report: DrillReport): string {
  const entries = report.clockSkew ?? [];
  if (entries.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const head = ['Chain', 'Skew', 'Heads compared', 'Measured', 'Alert', 'Switch (hub clock)'];
  return [
    '## Clock skew',
    '',
    'Each receiver judges the one activation time by its own chain’s clock; the window above is on the hub’s clock (each switch timestamp less its chain’s skew).',
    '',
    line(head),
    line(head.map(() => '---')),
    ...entries.map((entry) => line(row(entry))),
  ].join('\n');
}

function row(entry: ClockSkewReport): string[] {
  const signed = (seconds: number) => `${seconds > 0 ? '+' : ''}${seconds} s`;
  return [
    md(entry.chain),
    signed(entry.offsetSeconds),
    `#${entry.chainBlock} at ${entry.chainTimestamp} vs ${md(entry.hub)} #${entry.hubBlock} at ${entry.hubTimestamp}`,
    `${signed(entry.measuredSeconds)} (tolerance ${entry.toleranceSeconds} s)`,
    entry.alerted ? '`clock-skew`' : 'none',
    entry.switchOffsetSeconds === null
      ? 'did not switch'
      : entry.switchOffsetSeconds === 0
        ? 'at the activation time'
        : `${Math.abs(entry.switchOffsetSeconds)} s ${entry.switchOffsetSeconds > 0 ? 'late' : 'early'}`,
  ];
}
