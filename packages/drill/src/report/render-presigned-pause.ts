/**
 * `report.md`'s pre-signed pause section: the root the emergency quorum signed ahead of time (when,
 * by whom, until when, its file) and, per chain, the transaction that set it (usually the pause's
 * own), the block that paused the vault and what the exploit took there. Empty for a drill without a pre-signed pause.
 */
import type { DrillReport, PresignedPauseEvidence } from '../types.js';
import { formatDuration, formatEth, formatVirtualTime, escapeMarkdown as md } from './format.js';
import { cite, shortHash } from './render-evidence.js';

export function presignedPauseSection(report: DrillReport): string {
  const pause = report.presignedPause;
  if (!pause) return '';
  const rows = report.chains.map((chain) => {
    const evidence = chain.presignedPause;
    return [
      md(chain.name),
      evidence ? rootSet(evidence) : '—',
      evidence ? cite(evidence.paused) : 'not paused',
      evidence ? `${evidence.paused.timestamp} (${formatVirtualTime(evidence.paused.at)})` : '—',
      formatEth(chain.fundsLost),
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const head = ['Chain', 'Root set', 'Paused', 'Pause block time', 'Lost'];
  return [
    '## Pre-signed pause',
    '',
    `Root \`${shortHash(pause.root)}\` (file \`${md(pause.rootFile)}\`, owner-only), signed ${formatDuration(-pause.signedAt)} before the drill by ${pause.signers.length} members (the emergency quorum), valid until ${new Date(pause.validUntil * 1000).toISOString()}. ` +
      `Broadcast to every chain at ${formatVirtualTime(pause.broadcastAt)}, the exploit's detection; every chain paused ${formatDuration(report.timeToPauseAllSeconds ?? null)} later. ` +
      `Hub messages dispatched meanwhile: ${pause.hubMessagesDuringPause}.`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}

/** The root's cell: the pause's own transaction set it, another one did, or it was already set. */
function rootSet(evidence: PresignedPauseEvidence): string {
  if (evidence.setRoot === null) return 'already set';
  if (evidence.setRoot.txHash === evidence.paused.txHash) return 'by the pause transaction';
  return cite(evidence.setRoot);
}
