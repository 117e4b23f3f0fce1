/**
 * The monitor's terminal view of one snapshot: the chains (reachable, head, lag, checkpoint, signer
 * sets) and a proposals × chains table of stages, compact enough to print every poll.
 */
import type { MonitorSnapshot, Proposal } from '@lockstep/monitor';
import { table } from '../logger.js';

const short = (hex: string) => `${hex.slice(0, 10)}…`;

export function snapshotText(snapshot: MonitorSnapshot): string {
  const time = new Date(snapshot.takenAt * 1000).toISOString();
  const chains = table(
    ['chain', 'status', 'head', 'lag', 'proxies'],
    snapshot.chains.map((c) => [
      c.chain,
      c.reachable ? 'ok' : `UNREACHABLE (${c.error ?? 'no answer'})`,
      c.head ? String(c.head.number) : '-',
      c.lagSeconds === undefined ? '-' : `${c.lagSeconds}s`,
      c.proxies
        .map(
          (p) =>
            `${p.name}${p.paused ? ' (paused)' : ''}${p.approvedCodehash && p.codehash !== p.approvedCodehash ? ' (CODEHASH MISMATCH)' : ''}`,
        )
        .join(', ') || '-',
    ]),
  );
  const drift = snapshot.signerSets.filter((s) => !s.consistent).map((s) => s.kind);
  const lines = [
    `monitor ${time}`,
    chains,
    `signer sets: ${drift.length === 0 ? 'the same on every chain' : `DRIFT in ${drift.join(', ')}`}`,
  ];
  if (snapshot.proposals.length > 0)
    lines.push(
      '',
      proposalsTable(
        snapshot.proposals,
        snapshot.chains.map((c) => c.chain),
      ),
    );
  if (snapshot.alerts.length > 0) lines.push('', ...snapshot.alerts.map((a) => `[${a.severity}] ${a.message}`));
  return lines.join('\n');
}

/** One row per proposal: its id, kind and council participation, then its stage on each chain. */
function proposalsTable(proposals: readonly Proposal[], chains: readonly string[]): string {
  return table(
    ['proposal', 'kind', 'approvals', ...chains],
    proposals.map((p) => [
      short(p.id),
      p.kind,
      `${p.approvals}/${p.threshold}`,
      ...chains.map((name) => p.chains.find((c) => c.chain === name)?.stage ?? '-'),
    ]),
  );
}
