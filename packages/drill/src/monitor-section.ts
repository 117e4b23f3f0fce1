/**
 * The report's `monitor` section (`--monitor`): the alerts the production monitor (`@lockstep/monitor`'s
 * watchers and alert engine) raised over the drill's chains, on the drill's clock, and how they line
 * up with the drill's own alerts.
 */

/** One alert the production monitor raised: its lifetime in virtual seconds since the drill started. */
export type MonitorAlertReport = {
  kind: string;
  /** The condition's key (`chain-halted:optimism`): the same condition fires once. */
  key: string;
  chain: string | null;
  severity: 'critical' | 'warning' | 'info';
  firedAt: number;
  /** null: still active when the drill ended. */
  clearedAt: number | null;
  message: string;
};

/**
 * One condition both alert sources could raise (a drill alert of a kind the monitor has a rule for,
 * or any monitor alert): when each raised it first, null when it did not.
 */
export type MonitorLineup = {
  /** The monitor's name for the condition. */
  kind: string;
  /** The drill's name for it, when it differs (`message-not-acknowledged` for `delivery-late`). */
  drillKind?: string;
  chain: string | null;
  drillAt: number | null;
  monitorAt: number | null;
};

export type MonitorReport = {
  /** Rounds the monitor polled (one per drill step, plus one at the end). */
  polls: number;
  /** Every alert, in firing order. */
  alerts: MonitorAlertReport[];
  lineup: MonitorLineup[];
  /** The drill's alerts of kinds the monitor has no rule for (responses, equivocation): not in `lineup`. */
  drillOnlyKinds: string[];
};
