/**
 * One evaluation: every running monitor's rules over a snapshot, merged into one list of
 * conditions (one per key). Two monitors that see the same condition raise one alert; its
 * transitions go to the triggers of every monitor that covers it (`monitorCovers`). A rule that
 * raises several kinds runs once per monitor; each kind keeps only its own conditions.
 */
import type { MonitorEntry, NetworkConfig } from '@lockstep/core/config';
import { ALERT_KINDS, type Alert, type AlertCondition, type AlertKind, type MonitorSnapshot } from '../model.js';
import { RULES, type Rule } from './rules/index.js';

export type EvaluateMonitorsParameters = {
  snapshot: MonitorSnapshot;
  previous?: MonitorSnapshot | undefined;
  /** The alerts active before this evaluation. */
  active: readonly Alert[];
  monitors: readonly MonitorEntry[];
  networks: readonly NetworkConfig[];
  /** The rule of each kind. Default: `RULES`. */
  rules?: Readonly<Record<AlertKind, Rule>>;
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
  const rules = parameters.rules ?? RULES;
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
    const ran = new Map<Rule, AlertCondition[]>();
    for (const kind of entry.alerts ?? ALERT_KINDS) {
      const rule = rules[kind];
      const conditions = ran.get(rule) ?? rule(context);
      ran.set(rule, conditions);
      for (const condition of conditions) {
        if (condition.kind === kind && !byKey.has(condition.key)) byKey.set(condition.key, condition);
      }
    }
  }
  return [...byKey.values()];
}
