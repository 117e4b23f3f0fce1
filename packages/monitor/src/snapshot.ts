/**
 * A snapshot from what the watchers saw: the chains' statuses (with each one's last canary), every
 * proposal derived from the stored events on the chains' clocks, the signer sets' consistency, and
 * the active alerts.
 */
import { lastCanaries } from './derive/canaries.js';
import { type DeriveChain, deriveProposals } from './derive/proposals.js';
import { signerSetStatuses } from './derive/signer-sets.js';
import type { Alert, ChainStatus, MonitorSnapshot } from './model.js';
import type { StoredEvent } from './store/types.js';

export type BuildSnapshotParameters = {
  now: number;
  chains: readonly DeriveChain[];
  statuses: readonly ChainStatus[];
  events: readonly StoredEvent[];
  alerts: readonly Alert[];
};

export function buildSnapshot({ now, chains, statuses, events, alerts }: BuildSnapshotParameters): MonitorSnapshot {
  const clocks = Object.fromEntries(
    statuses.filter((s) => s.head !== undefined).map((s) => [s.chainId, s.head?.timestamp ?? now]),
  );
  const canaries = lastCanaries(events);
  return {
    takenAt: now,
    chains: statuses.map((status) => {
      const lastCanary = canaries.get(status.chainId);
      return lastCanary ? { ...status, lastCanary } : { ...status };
    }),
    proposals: deriveProposals({ events, chains, clocks, now }),
    signerSets: signerSetStatuses(statuses),
    alerts: [...alerts],
  };
}
