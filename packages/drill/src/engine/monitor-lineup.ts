/**
 * How the production monitor's alerts line up with the drill's own: one row per (kind, chain) that
 * either raised, for the kinds the monitor has a rule for, with when each raised it first. The
 * drill's other alerts (responses such as `upgrade-held`, detections the monitor has no rule for)
 * are named apart.
 */
import { ALERT_KINDS } from '@lockstep/monitor';
import type { MonitorAlertReport, MonitorLineup } from '../monitor-section.js';
import type { AlertReport } from '../types.js';

/**
 * The drill's alerts that are a monitor kind under another name: both apply core's
 * `detectUnacknowledged` to a dispatched message (each with its own deadline).
 */
const MONITOR_KIND_OF: Readonly<Record<string, string>> = { 'message-not-acknowledged': 'delivery-late' };

export type LineupReturnType = { lineup: MonitorLineup[]; drillOnlyKinds: string[] };

export function lineUpAlerts(drill: readonly AlertReport[], monitor: readonly MonitorAlertReport[]): LineupReturnType {
  const ruled = new Set<string>(ALERT_KINDS);
  const rows = new Map<string, MonitorLineup>();
  const kindOf = (drillKind: string) => MONITOR_KIND_OF[drillKind] ?? drillKind;
  const row = (kind: string, chain: string | null): MonitorLineup => {
    const id = `${kind}\u0000${chain ?? ''}`;
    let found = rows.get(id);
    if (!found) {
      found = { kind, chain, drillAt: null, monitorAt: null };
      rows.set(id, found);
    }
    return found;
  };
  for (const alert of drill.filter((a) => ruled.has(kindOf(a.kind)))) {
    const entry = row(kindOf(alert.kind), alert.chain);
    if (alert.kind !== entry.kind) entry.drillKind = alert.kind;
    entry.drillAt = entry.drillAt === null ? alert.at : Math.min(entry.drillAt, alert.at);
  }
  for (const alert of monitor) {
    const entry = row(alert.kind, alert.chain);
    entry.monitorAt = entry.monitorAt === null ? alert.firedAt : Math.min(entry.monitorAt, alert.firedAt);
  }
  const first = (r: MonitorLineup) =>
    Math.min(r.drillAt ?? Number.POSITIVE_INFINITY, r.monitorAt ?? Number.POSITIVE_INFINITY);
  return {
    lineup: [...rows.values()].sort((x, y) => first(x) - first(y)),
    drillOnlyKinds: [...new Set(drill.filter((a) => !ruled.has(kindOf(a.kind))).map((a) => a.kind))].sort(),
  };
}
