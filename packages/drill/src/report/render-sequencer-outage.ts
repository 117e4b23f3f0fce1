/**
 * `report.md`'s sequencer outage section (a `sequencer-outage` drill): per outage, when the
 * sequencer stopped and came back, the keeper's detection, and every transaction forced through L1
 * or queued by the sequencer, with the block it landed in. Empty for a drill without one.
 */
import type { OutageInclusion, SequencerOutageReport } from '../engine/faults/sequencer-outage/report.js';
import type { DrillReport } from '../types.js';
import { formatVirtualTime, escapeMarkdown as md, shortHex } from './format.js';

export function sequencerOutageSection(report: DrillReport): string {
  const entries = report.sequencerOutage ?? [];
  if (entries.length === 0) return '';
  return ['## Sequencer outage', '', ...entries.flatMap(outage)].join('\n');
}

function outage(entry: SequencerOutageReport): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const head = ['Route', 'By', 'What', 'Sent', 'Included', 'Block', 'Outcome'];
  const row = (route: string) => (tx: OutageInclusion) =>
    line([
      route,
      tx.by,
      tx.what,
      formatVirtualTime(tx.sentAt),
      formatVirtualTime(tx.includedAt),
      `#${tx.block} at ${tx.timestamp} (${shortHex(tx.txHash)})`,
      tx.succeeded ? 'succeeded' : 'reverted',
    ]);
  const detection = entry.detection
    ? `the keeper raised \`sequencer-down\` at ${formatVirtualTime(entry.detection.at)}: head #${entry.detection.chainBlock} at ${entry.detection.chainTimestamp}, ${entry.detection.staleSeconds} s behind ${md(entry.hub)} #${entry.detection.hubBlock} (tolerance ${entry.detection.toleranceSeconds} s)`
    : 'the keeper did not see it';
  const forced =
    entry.keeperForcedAt === null
      ? 'the keeper did not force its execution through L1'
      : `the keeper forced its execution through L1 from its poll at ${formatVirtualTime(entry.keeperForcedAt)}`;
  const resumed = entry.resumed
    ? `back at ${formatVirtualTime(entry.endedAt ?? 0)}: block #${entry.resumed.block} stamped ${entry.resumed.timestamp}, ${entry.resumed.jumpSeconds} s after its parent`
    : 'still down when the drill ended';
  return [
    `**${md(entry.chain)}**: down from ${formatVirtualTime(entry.startedAt)} (last block #${entry.lastBlockBefore.block} at ${entry.lastBlockBefore.timestamp}); ${resumed}. Forced inclusion through L1 after ${entry.forceInclusionDelaySeconds} s; ${detection}; ${forced}.`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...entry.forced.map(row('forced (L1)')),
    ...entry.queued.map(row('sequencer queue')),
    '',
  ];
}
