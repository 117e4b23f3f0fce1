import type { DrillReport } from '../types.js';
import {
  fallbackExtraSeconds,
  formatDuration,
  formatEth,
  formatWallTime,
  replayCommand,
  wasUpgraded,
} from './format.js';
import { monitorSummaryLines } from './format-monitor.js';

export type FormatSummaryOptions = {
  /** Where the report was written; named on the last line. */
  reportDir?: string;
};

/** A few plain lines for the terminal at the end of a drill (no colour; the caller may add some). */
export function formatSummary(report: DrillReport, options: FormatSummaryOptions = {}): string {
  const upgraded = report.chains.filter(wasUpgraded).length;
  const passed = report.expectations.filter((e) => e.passed).length;
  const extra = fallbackExtraSeconds(report);
  const fallback = extra === null ? '' : ` + fallback delay ${formatDuration(extra)}`;
  const lines = [
    `${report.outcome === 'pass' ? '✓ PASS' : '✗ FAIL'} ${report.scenario} (seed ${report.seed}): ${upgraded} of ${report.chains.length} chains changed implementation, ${passed} of ${report.expectations.length} expectations met`,
    `  window ${formatDuration(report.vulnerabilityWindowSeconds)} · queue ${formatDuration(report.timeInQueueSeconds)}${fallback} · RTO ${formatDuration(report.rtoSeconds)} · lost ${report.rpo === null ? '— (no attacker)' : formatEth(report.rpo)}`,
    `  ${report.faults.length} fault${report.faults.length === 1 ? '' : 's'} · ${report.alerts.length} alert${report.alerts.length === 1 ? '' : 's'} · wall time ${formatWallTime(report.wallTimeMs)}`,
    ...monitorSummaryLines(report.monitor),
  ];
  for (const e of report.expectations.filter((expectation) => !expectation.passed))
    lines.push(`  ✗ ${e.description} (observed: ${e.observed})`);
  if (options.reportDir) lines.push(`  report: ${options.reportDir}`);
  lines.push(`  replay: ${replayCommand(report)}`);
  return lines.join('\n');
}
