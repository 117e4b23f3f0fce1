import type { MonitorThresholds, NetworkConfig } from '@lockstep/core/config';
import type { Alert, AlertCondition, MonitorSnapshot } from '../../model.js';

/** What a rule looks at: the snapshot, the one before it, the alerts active now and one monitor's scope. */
export type RuleContext = {
  snapshot: MonitorSnapshot;
  /** The snapshot before `snapshot` (absent on the first poll after a start). */
  previous?: MonitorSnapshot | undefined;
  /** The alerts active before this evaluation (from the ledger: they survive a restart). */
  active: readonly Alert[];
  thresholds: MonitorThresholds;
  /** The networks in the monitor's scope (a chain status outside them is not looked at). */
  networks: readonly NetworkConfig[];
};

/** A rule: pure, from what the monitor sees to the conditions that hold now (one per key). */
export type Rule = (context: RuleContext) => AlertCondition[];
