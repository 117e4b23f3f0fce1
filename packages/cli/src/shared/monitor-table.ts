/**
 * The monitor's terminal view of one snapshot: the chains (reachable, head, lag, last canary, proxies,
 * signer sets) and a proposals × chains table of stages, compact enough to print every poll.
 */
import type { ChainStatus, MonitorSnapshot, Proposal } from '@lockstep/monitor';
import { table } from '../logger.js';

const short = (hex: string) => `${hex.slice(0, 10)}…`;

export function snapshotText(snapshot: MonitorSnapshot): string {
  const time = new Date(snapshot.takenAt * 1000).toISOString();
  const chains = table(
    ['chain', 'status', 'head', 'lag', 'canary', 'proxies'],
    snapshot.chains.map((c) => [
      c.chain,
      c.reachable ? 'ok' : `UNREACHABLE (${c.error ?? 'no answer'})`,
      c.head ? String(c.head.number) : '-',
      c.lagSeconds === undefined ? '-' : `${c.lagSeconds}s`,
      canaryText(c, snapshot.takenAt),
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

/**
 * The chain's last canary (`lockstep canary`): its latency, hub dispatch to delivery, and how long ago
 * it was delivered on the monitor's clock: `12s, 3m ago`; `-` before the chain has seen one.
 */
export function canaryText(chain: ChainStatus, now: number): string {
  const canary = chain.lastCanary;
  if (!canary) return '-';
  return `${canary.latencySeconds}s, ${age(now - canary.deliveredAt)}`;
}

/** A coarse age: `just now`, `45s ago`, `3m ago`, `2h ago`, `4d ago`. */
function age(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 1) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}
