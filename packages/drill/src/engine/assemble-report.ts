/**
 * The drill's report from what it observed: per-chain results, the measures (vulnerability window,
 * time in queue, time to pause, RTO, RPO), faults, alerts, rounds, timeline and phases, and the
 * scenario's expectations evaluated against them.
 */
import type { Address } from 'viem';
import type { MonitorReport } from '../monitor-section.js';
import type {
  AlertReport,
  ChainReport,
  DrillReport,
  DrillReportAddresses,
  PresignedPauseReport,
  TimelineEntry,
} from '../types.js';
import { clockSkewSection } from './defenders/clock-check.js';
import type { ProductionMonitor } from './defenders/production-monitor.js';
import type { DrillContext } from './drill-context.js';
import { evaluateExpectations } from './expectations.js';
import { sequencerOutageSection } from './faults/sequencer-outage/section.js';
import { lineUpAlerts } from './monitor-lineup.js';
import { feeReport } from './phases/execute/fee-policy.js';

export type AssembleReportParameters = {
  chainReports: ChainReport[];
  startedAt: Date;
  /** `performance.now()` when the drill started. */
  wallStart: number;
  kept: boolean;
  /** Emergency drills (virtual times): the exploit detected, every chain paused, unpaused on the fix. */
  detectedAt: number | undefined;
  pausedAllAt: number | undefined;
  recoveredAt: number | undefined;
  /** Rollbacks (virtual times): the first failed health check, every failing chain healthy again. */
  rollbackDetectedAt: number | undefined;
  rollbackRecoveredAt: number | undefined;
  /** Pre-signed pause drills: the root and its broadcast. */
  presignedPause?: PresignedPauseReport | undefined;
};

export function assembleReport(ctx: DrillContext, parameters: AssembleReportParameters): DrillReport {
  const { scenario, seed, recorder, rounds, attacker, attackerOn, addresses: a } = ctx;
  const { chainReports, startedAt, detectedAt, pausedAllAt, recoveredAt, rollbackDetectedAt, rollbackRecoveredAt } =
    parameters;
  // On the hub's clock: a skewed chain's timestamps are its own clock's.
  const executedTimes = chainReports.flatMap((c) =>
    c.executedAtTimestamp === null ? [] : [c.executedAtTimestamp - ctx.clock.offsetOf(c.name)],
  );
  const window =
    executedTimes.length === chainReports.length && executedTimes.length > 0
      ? Math.max(...executedTimes) - Math.min(...executedTimes)
      : null;
  const first = rounds[0];
  /** Emergency drills: detection to unpaused on the fix; rollbacks: detection to every failing chain healthy again. */
  const rto = (): number | null => {
    if (rollbackDetectedAt !== undefined)
      return rollbackRecoveredAt === undefined ? null : Math.round(rollbackRecoveredAt - rollbackDetectedAt);
    return detectedAt !== undefined && recoveredAt !== undefined ? Math.round(recoveredAt - detectedAt) : null;
  };
  const chainOrder = new Map(ctx.chains.map((chain, i) => [chain.name, i]));
  const totalLost = [...attacker.stolen.values()].reduce((sum, v) => sum + v, 0n);
  const partial: Omit<DrillReport, 'outcome' | 'expectations'> = {
    scenario: scenario.name,
    description: scenario.description,
    runId: runId(startedAt, seed),
    seed,
    startedAt: startedAt.toISOString(),
    chains: chainReports,
    vulnerabilityWindowSeconds: window,
    timeInQueueSeconds:
      first?.report.activationAt != null && first.report.dispatchedAt !== null
        ? Math.round(first.report.activationAt - first.report.dispatchedAt)
        : null,
    faults: recorder.faults,
    alerts: [...recorder.alerts].sort(byMoment(chainOrder, (x) => x.kind)),
    rtoSeconds: rto(),
    rounds: rounds.map((round) => round.report),
    timeToPauseAllSeconds:
      detectedAt !== undefined && pausedAllAt !== undefined ? Math.round(pausedAllAt - detectedAt) : null,
    ...(parameters.presignedPause ? { presignedPause: parameters.presignedPause } : {}),
    rpo: attackerOn ? totalLost.toString() : null,
    timeline: [...recorder.timeline].sort(
      byMoment(chainOrder, (x) => `${KIND_ORDER.indexOf(x.kind).toString().padStart(2, '0')}${x.label}`),
    ),
    phases: recorder.phases,
    wallTimeMs: Math.round(performance.now() - parameters.wallStart),
    kept: parameters.kept,
    originTimestamp: ctx.clock.origin,
    addresses: reportAddresses(a),
    ...(ctx.productionMonitor ? { monitor: monitorSection(ctx.productionMonitor, recorder.alerts) } : {}),
    ...executionFeesSection(ctx),
    ...clockSkewSection(ctx),
    ...sequencerOutageSection(ctx),
  };
  const expectations = evaluateExpectations(scenario, partial);
  return {
    ...partial,
    outcome: expectations.every((e) => e.passed) ? 'pass' : 'fail',
    expectations,
  };
}

/** Within one moment and lane, the order things are caused in: a fault before what it causes, the keeper before the attacker, alerts last. */
const KIND_ORDER: readonly TimelineEntry['kind'][] = [
  'phase',
  'fault',
  'fault-cleared',
  'queued',
  'activation',
  'executed',
  'exploit',
  'alert',
];

/**
 * One order for things that happen at one moment, whichever finished first: by time, then the
 * flow lane before the chains in scenario order, then `tie` (kind, label).
 */
function byMoment<T extends { at: number; chain: string | null }>(
  chainOrder: ReadonlyMap<string, number>,
  tie: (item: T) => string,
): (x: T, y: T) => number {
  const lane = (item: T) => (item.chain === null ? -1 : (chainOrder.get(item.chain) ?? chainOrder.size));
  return (x, y) => x.at - y.at || lane(x) - lane(y) || (tie(x) < tie(y) ? -1 : tie(x) > tie(y) ? 1 : 0);
}

function monitorSection(monitor: ProductionMonitor, drillAlerts: readonly AlertReport[]): MonitorReport {
  const alerts = monitor.alerts();
  return { polls: monitor.polls, alerts, ...lineUpAlerts(drillAlerts, alerts) };
}

function runId(startedAt: Date, seed: number): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}-s${seed}`;
}

/** The deployment's addresses as the report copies them, in the deployment's order: those set only. */
function reportAddresses(a: DrillContext['addresses']): DrillReportAddresses {
  const report: DrillReportAddresses = {};
  for (const [name, value] of Object.entries(a)) {
    if (typeof value === 'string') report[name] = value;
    else if (value) {
      report[name] = Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, Address] => entry[1] !== undefined),
      );
    }
  }
  return report;
}

/** The capped keeper's fee attempts, when the scenario caps it. */
function executionFeesSection(ctx: DrillContext): Pick<DrillReport, 'executionFees'> {
  const fees = feeReport(ctx);
  return fees ? { executionFees: fees } : {};
}
