/**
 * The `--monitor` section in words: how the production monitor's alerts line up with the drill's own
 * (terminal summary and `report.md`).
 */
import type { MonitorReport } from '../monitor-section.js';
import { formatVirtualTime, escapeMarkdown as md } from './format.js';

/** One line per lined-up condition (`chain-halted on optimism: drill +00:02:01, monitor +00:02:05 (4 s later)`), then the drill-only kinds. */
export function describeLineup(monitor: Pick<MonitorReport, 'lineup' | 'drillOnlyKinds'>): string[] {
  const lines = monitor.lineup.map((r) => {
    const named = r.drillKind === undefined ? r.kind : `${r.kind} (the drill's ${r.drillKind})`;
    const subject = `${named}${r.chain === null ? '' : ` on ${r.chain}`}`;
    if (r.monitorAt === null)
      return `${subject}: drill ${formatVirtualTime(r.drillAt ?? 0)}, the monitor did not raise it`;
    if (r.drillAt === null)
      return `${subject}: monitor ${formatVirtualTime(r.monitorAt)} (the drill raised no such alert)`;
    const delta = Math.round((r.monitorAt - r.drillAt) * 1000) / 1000;
    const relation = delta === 0 ? 'same moment' : delta > 0 ? `${delta} s later` : `${-delta} s earlier`;
    return `${subject}: drill ${formatVirtualTime(r.drillAt)}, monitor ${formatVirtualTime(r.monitorAt)} (${relation})`;
  });
  if (monitor.drillOnlyKinds.length > 0)
    lines.push(`drill alerts the monitor has no rule for: ${monitor.drillOnlyKinds.join(', ')}`);
  return lines;
}

/** The terminal summary's monitor lines (none without `--monitor`). */
export function monitorSummaryLines(monitor: MonitorReport | undefined): string[] {
  if (!monitor) return [];
  const count = monitor.alerts.length;
  return [
    `  monitor: ${count} alert${count === 1 ? '' : 's'} in ${monitor.polls} polls`,
    ...describeLineup(monitor).map((line) => `    · ${line}`),
  ];
}

/** `report.md`'s monitor section: every alert with its lifetime, then the line-up (empty without `--monitor`). */
export function monitorSection(monitor: MonitorReport | undefined): string {
  if (!monitor) return '';
  const head = `The production monitor (watchers and alert engine) polled the drill's chains ${monitor.polls} times on the drill's clock.`;
  const rows = monitor.alerts.map((a) => [
    formatVirtualTime(a.firedAt),
    a.clearedAt === null ? 'active' : formatVirtualTime(a.clearedAt),
    md(a.kind),
    a.chain === null ? '—' : md(a.chain),
    a.severity,
    md(a.message),
  ]);
  const table =
    rows.length === 0
      ? ['It raised no alert.']
      : [
          '| Fired | Cleared | Alert | Chain | Severity | Message |',
          '| --- | --- | --- | --- | --- | --- |',
          ...rows.map((cells) => `| ${cells.join(' | ')} |`),
        ];
  const lineup = describeLineup(monitor).map((line) => `- ${md(line)}`);
  return [
    '## Production monitor',
    '',
    head,
    '',
    ...table,
    ...(lineup.length > 0 ? ['', 'Against the drill’s own alerts:', '', ...lineup] : []),
  ].join('\n');
}
