/**
 * One evaluation: every running monitor's rules over a snapshot, merged into one list of
 * conditions (one per key). Two monitors that see the same condition raise one alert; its
 * transitions go to the triggers of every monitor that covers it (`monitorCovers`).
 */
import type { MonitorEntry, NetworkConfig } from '@lockstep/core/config';
import { ALERT_KINDS, type Alert, type AlertCondition, type MonitorSnapshot } from '../model.js';
import { RULES } from './rules/index.js';

export type EvaluateMonitorsParameters = {
  snapshot: MonitorSnapshot;
  previous?: MonitorSnapshot | undefined;
  /** The alerts active before this evaluation. */
  active: readonly Alert[];
  monitors: readonly MonitorEntry[];
  networks: readonly NetworkConfig[];
};

/** The networks a monitor watches (all of them when it names none). */
export function monitorNetworks(entry: MonitorEntry, networks: readonly NetworkConfig[]): NetworkConfig[] {
  return entry.networks ? networks.filter((n) => entry.networks?.includes(n.name)) : [...networks];
}

/** Whether a running monitor raises this kind of alert on this alert's chain. */
export function monitorCovers(entry: MonitorEntry, alert: Pick<AlertCondition, 'kind' | 'chain'>): boolean {
  if (entry.paused) return false;
  if (entry.alerts && !entry.alerts.includes(alert.kind)) return false;
  return alert.chain === undefined || !entry.networks || entry.networks.includes(alert.chain);
}

/** The conditions every running monitor sees, one per key (the first monitor's wording wins). */
export function evaluateMonitors(parameters: EvaluateMonitorsParameters): AlertCondition[] {
  const byKey = new Map<string, AlertCondition>();
  for (const entry of parameters.monitors) {
    if (entry.paused) continue;
    const context = {
      snapshot: parameters.snapshot,
      previous: parameters.previous,
      active: parameters.active,
      thresholds: entry.thresholds,
      networks: monitorNetworks(entry, parameters.networks),
    };
    for (const kind of entry.alerts ?? ALERT_KINDS) {
      for (const condition of RULES[kind](context)) {
        if (!byKey.has(condition.key)) byKey.set(condition.key, condition);
      }
    }
  }
  return [...byKey.values()];
}
