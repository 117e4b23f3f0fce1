import type { DrillReport } from '../types.js';
import {
  codehashMatches,
  fallbackExtraSeconds,
  formatDuration,
  formatEth,
  formatVirtualTime,
  formatWallTime,
  escapeMarkdown as md,
  replayCommand,
  sortedTimeline,
} from './format.js';
import { monitorSection } from './format-monitor.js';
import { clockSkewSection } from './render-clock-skew.js';
import { evidenceSection } from './render-evidence.js';
import { presignedPauseSection } from './render-presigned-pause.js';
import { sequencerOutageSection } from './render-sequencer-outage.js';

/** The file `renderTimelineSvg` is written to, beside `report.md`. */
export const TIMELINE_FILE = 'timeline.svg';

/**
 * The post-mortem a person reads (`report.md`): outcome, pre-conditions, what happened (virtual
 * time as `+HH:MM:SS`), the observed outcome per chain, the evidence (each step's transaction), metrics, faults, alerts, expectations, and
 * the command that replays the drill. Every value from the report is escaped.
 */
export function renderMarkdown(report: DrillReport): string {
  const sections = [
    header(report),
    preconditions(report),
    timeline(report),
    outcome(report),
    evidenceSection(report),
    presignedPauseSection(report),
    clockSkewSection(report),
    sequencerOutageSection(report),
    losses(report),
    rounds(report),
    metrics(report),
    faults(report),
    alerts(report),
    monitorSection(report.monitor),
    expectations(report),
    verification(report),
    replay(report),
  ].filter((section) => section !== '');
  return `${sections.join('\n\n')}\n`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function code(text: string): string {
  return /^[0-9A-Za-z]*$/.test(text.replace(/^0x/, '')) && text !== '' ? `\`${text}\`` : md(text || '—');
}

function header(report: DrillReport): string {
  const passed = report.expectations.filter((e) => e.passed).length;
  const verdict = report.outcome === 'pass' ? 'PASS ✓' : 'FAIL ✗';
  return [
    `# Drill ${md(report.scenario)}: ${verdict}`,
    '',
    `> ${md(report.description)}`,
    '',
    `Run ${md(report.runId)}, started ${md(report.startedAt)}, seed ${report.seed}. ` +
      `${passed} of ${report.expectations.length} expectations met; wall time ${formatWallTime(report.wallTimeMs)}.`,
    '',
    `![Timeline of the drill](${TIMELINE_FILE})`,
  ].join('\n');
}

function preconditions(report: DrillReport): string {
  const rows = report.chains.map((c) => [
    md(c.name),
    String(c.chainId),
    `${c.blockTime} s`,
    code(c.proxy),
    code(c.implementationBefore),
  ]);
  const lines = [
    '## Pre-conditions',
    '',
    table(['Chain', 'Chain id', 'Block time', 'Proxy', 'Implementation before'], rows),
  ];
  if (report.kept) {
    lines.push('', 'The chains were kept running (`--keep`):', '');
    for (const c of report.chains) lines.push(`- ${md(c.name)}: ${md(c.rpcUrl)}`);
  }
  return lines.join('\n');
}

function timeline(report: DrillReport): string {
  const entries = sortedTimeline(report);
  const lines = ['## Timeline', ''];
  if (entries.length === 0) lines.push('Nothing was recorded.');
  for (const e of entries) {
    const where = e.chain === null ? '' : ` (${md(e.chain)})`;
    lines.push(`- \`${formatVirtualTime(e.at)}\` ${e.kind}${where}: ${md(e.label)}`);
  }
  return lines.join('\n');
}

function outcome(report: DrillReport): string {
  const rows = report.chains.map((c) => {
    const executed =
      c.executedAtBlock === null
        ? 'never executed'
        : `block ${c.executedAtBlock}${c.executedAtTimestamp === null ? '' : `, ${isoTime(c.executedAtTimestamp)}`}`;
    return [
      md(c.name),
      code(c.implementationAfter),
      codehashMatches(c) ? '✓' : '✗',
      deliveredVia(c),
      executed,
      formatEth(c.fundsAtRisk),
      formatEth(c.fundsLost),
    ];
  });
  const lines = [
    '## Observed outcome',
    '',
    table(
      ['Chain', 'Implementation after', 'Codehash', 'Confirmed by', 'Executed at', 'Funds at risk', 'Funds lost'],
      rows,
    ),
  ];
  const delayed = report.chains.filter((c) => c.fallbackDelaySeconds !== null);
  if (delayed.length > 0) {
    lines.push(
      '',
      'Only the fallback council confirmed the message on ' +
        `${delayed.map((c) => md(c.name)).join(', ')}: ` +
        'each receiver queued it for its fallback delay (never shorter than the timelock) instead of its minimum delay, so ' +
        'those chains could switch only later than the activation time:',
      '',
      ...delayed.map(
        (c) =>
          `- ${md(c.name)}: fallback delay ${formatDuration(c.fallbackDelaySeconds)}; queued ${c.queuedAt === null ? '—' : formatVirtualTime(c.queuedAt)}, executable from ${c.executableAt === null ? '—' : formatVirtualTime(c.executableAt)} (${formatDuration(c.activationDelaySeconds)} after the activation time)`,
      ),
    );
  }
  // Older reports have no reason (undefined): nothing to say.
  const stayed = report.chains.filter((c) => c.notUpgradedReason != null);
  if (stayed.length > 0) {
    lines.push(
      '',
      'Still on the old implementation, and why:',
      '',
      ...stayed.map((c) => `- ${md(c.name)}: ${md(c.notUpgradedReason ?? '')}`),
    );
  }
  return lines.join('\n');
}

/** Which adapters confirmed the message, and the extra wait the fallback alone costs. */
function deliveredVia(c: DrillReport['chains'][number]): string {
  if (c.deliveredVia === null) return '—';
  if (c.deliveredVia !== 'fallback' || c.activationDelaySeconds === null) return c.deliveredVia;
  return `fallback (+${formatDuration(c.activationDelaySeconds)})`;
}

function isoTime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return Number.isNaN(date.getTime()) ? String(unixSeconds) : date.toISOString().replace('.000Z', 'Z');
}

function metrics(report: DrillReport): string {
  const window =
    report.vulnerabilityWindowSeconds === null
      ? '— (some chain never ran the fix)'
      : formatDuration(report.vulnerabilityWindowSeconds);
  const lines = [
    '## Metrics',
    '',
    `- Vulnerability window (first chain fixed → last chain fixed): ${window}`,
    `- Time in queue (dispatch → activation): ${formatDuration(report.timeInQueueSeconds)}`,
    ...fallbackDelayLine(report),
    `- RTO (recovery time): ${formatDuration(report.rtoSeconds)}`,
    `- Time to pause every chain: ${formatDuration(report.timeToPauseAllSeconds ?? null)}`,
    `- RPO (attacker's total take): ${report.rpo === null ? '— (no attacker)' : formatEth(report.rpo)}`,
    `- Wall time: ${formatWallTime(report.wallTimeMs)}`,
  ];
  if (report.phases.length > 0) {
    const total = report.phases.reduce((sum, p) => sum + p.wallMs, 0) || 1;
    lines.push(
      '',
      table(
        ['Phase', 'Wall time', 'Share'],
        report.phases.map((p) => [md(p.phase), formatWallTime(p.wallMs), `${Math.round((100 * p.wallMs) / total)} %`]),
      ),
    );
  }
  return lines.join('\n');
}

/** The extra time the fallback path cost, when some chain was confirmed by the fallback alone. */
function fallbackDelayLine(report: DrillReport): string[] {
  const extra = fallbackExtraSeconds(report);
  if (extra === null) return [];
  return [
    `- Extra time from the fallback delay (activation → executable, on chains only the fallback confirmed): ${formatDuration(extra)}`,
  ];
}

/** Each proposal carried (a wave, the upgrade, a rollback) and the health check after it. */
function rounds(report: DrillReport): string {
  if (report.rounds.length === 0) return '## Proposals\n\nNone (an emergency action only).';
  const rows = report.rounds.map((r) => {
    const failed = r.health.filter((h) => !h.healthy);
    // A target whose message expired on arrival never executed: it stays vulnerable, say so.
    const expired = report.chains.filter((c) => r.chains.includes(c.name) && c.expiredOnArrival);
    const expiredLines = expired.map((c) => `${md(c.name)}: message expired on arrival, not upgraded (re-propose)`);
    const health = r.cancelled
      ? 'not run (cancelled)'
      : r.health.length === 0 && expired.length === 0
        ? 'no chain executed'
        : failed.length === 0 && expired.length === 0
          ? `${r.health.length} of ${r.chains.length} healthy`
          : [...failed.map((h) => `${md(h.chain)}: ${md(h.problems.join('; '))}`), ...expiredLines].join('<br>');
    return [
      md(r.label),
      code(r.proposalId.slice(0, 10)),
      md(r.chains.join(', ')),
      r.cancelled ? 'cancelled' : r.dispatchedAt === null ? '—' : formatVirtualTime(r.dispatchedAt),
      r.activationAt === null ? '—' : formatVirtualTime(r.activationAt),
      health,
    ];
  });
  return [
    '## Proposals and health checks',
    '',
    table(['Proposal', 'Id', 'Chains', 'Dispatched', 'Activation', 'Post-upgrade health'], rows),
  ].join('\n');
}

function faults(report: DrillReport): string {
  if (report.faults.length === 0) return '## Faults\n\nNone injected.';
  const rows = report.faults.map((f) => [
    f.kind,
    md(f.target),
    formatVirtualTime(f.injectedAt),
    f.clearedAt === null ? 'still active at the end' : formatVirtualTime(f.clearedAt),
    md(f.detail),
  ]);
  return ['## Faults', '', table(['Fault', 'Target', 'Injected', 'Cleared', 'Detail'], rows)].join('\n');
}

function alerts(report: DrillReport): string {
  if (report.alerts.length === 0) return '## Alerts\n\nNo alert fired.';
  const rows = [...report.alerts]
    .sort((a, b) => a.at - b.at)
    .map((a) => [
      formatVirtualTime(a.at),
      md(a.kind),
      a.chain === null ? '—' : md(a.chain),
      a.detectedAfterSeconds == null ? '—' : `${a.detectedAfterSeconds} s`,
      md(a.message),
    ]);
  return ['## Alerts', '', table(['At', 'Alert', 'Chain', 'Detected after', 'Message'], rows)].join('\n');
}

function expectations(report: DrillReport): string {
  if (report.expectations.length === 0) return '## Expectations\n\nThe scenario set none.';
  const lines = report.expectations.map(
    (e) => `- ${e.passed ? '✓' : '✗'} ${md(e.description)} (observed: ${md(e.observed)})`,
  );
  return ['## Expectations', '', ...lines].join('\n');
}

/** Each theft with the block that carried it (chain time as virtual `+HH:MM:SS`); empty when nothing was lost. */
function losses(report: DrillReport): string {
  const rows = report.chains.flatMap((c) =>
    c.losses.map((loss) => [
      md(c.name),
      formatEth(loss.wei),
      code(loss.txHash),
      String(loss.blockNumber),
      `${loss.timestamp} (${formatVirtualTime(loss.timestamp - report.originTimestamp)})`,
    ]),
  );
  if (rows.length === 0) return '';
  return ['## Losses', '', table(['chain', 'taken', 'transaction', 'block', 'block time'], rows)].join('\n');
}

/** `--verify`: the checker's verdict, each figure the chains contradict listed; empty when not asked for. */
function verification(report: DrillReport): string {
  const v = report.verification;
  if (!v) return '';
  const failed = v.checks.filter((c) => !c.passed);
  const head =
    failed.length === 0
      ? `All ${v.checks.length} figures recomputed from the chains match (switch times, window, losses, deliveries, executions, implementations, block times).`
      : `${failed.length} of ${v.checks.length} figures differ from what the chains show:`;
  const lines = failed.map((c) => `- ✗ ${md(c.chain ?? 'all chains')} · ${md(c.check)}: ${md(c.detail)}`);
  return ['## Checked against the chains', '', head, ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
}

function replay(report: DrillReport): string {
  const command = replayCommand(report);
  const fence = '`'.repeat(Math.max(3, ...[...command.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return ['## Replay', '', `Seed ${report.seed}. Run it again with:`, '', `${fence}sh`, command, fence].join('\n');
}
