/**
 * `--monitor`: the production monitor attached to the drill's chains — `@lockstep/monitor`'s
 * `Monitor` (watchers, store, snapshot) and its alert engine (`startAlerting`, the config's monitor
 * settings: the default ones for a drill's config), exactly as `lockstep monitor` runs them, with
 * two differences a rehearsal needs: the monitor's clock is the drill's virtual clock (chain time),
 * and it polls when the drill steps (`poll`), never on a wall-clock timer, so a seed gives the same
 * alerts every run. The store is an in-memory PGlite; the alert transitions go to the report
 * instead of the config's triggers.
 */
import type { LockstepConfig } from '@lockstep/core/config';
import { monitorSettings } from '@lockstep/core/config';
import type { DeploymentAddresses } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import {
  type AlertSink,
  type AlertTransition,
  IN_MEMORY,
  Monitor,
  type MonitorStore,
  openStore,
  startAlerting,
  watchedContracts,
} from '@lockstep/monitor';
import type { DrillChain } from '../../chains/start-chains.js';
import type { VirtualClock } from '../../chains/virtual-clock.js';
import type { MonitorAlertReport } from '../../monitor-section.js';

/** The monitor or its alert engine failed on something that is not a chain's (the store, an evaluation). */
export class DrillMonitorError extends LockstepError {
  override name = 'DrillMonitorError';
}

export type ProductionMonitor = {
  /** One monitor round at the clock's current time, its snapshot evaluated before it returns. */
  poll(): Promise<void>;
  /** Rounds polled so far. */
  readonly polls: number;
  /** Every alert so far, in firing order, its times in virtual seconds since the drill started. */
  alerts(): MonitorAlertReport[];
  /** Stops the alert engine (the store is the caller's to close). */
  stop(): Promise<void>;
};

/** The monitor's store: in-memory PGlite (slow to open on a loaded machine: start it early). */
export function openDrillMonitorStore(): Promise<MonitorStore> {
  return openStore({ dataDir: IN_MEMORY });
}

export type AttachMonitorParameters = {
  store: MonitorStore;
  chains: readonly DrillChain[];
  deployment: DeploymentAddresses;
  config: LockstepConfig;
  clock: VirtualClock;
};

export function attachMonitor(parameters: AttachMonitorParameters): ProductionMonitor {
  const { store, config, clock } = parameters;
  const failures: string[] = [];
  const fail = (error: unknown) => failures.push(error instanceof Error ? error.message : String(error));
  const contracts = watchedContracts(parameters.deployment);
  const monitor = new Monitor({
    store,
    chains: parameters.chains.map((chain) => ({
      name: chain.name,
      chainId: chain.chainId,
      role: chain.role,
      finalityDepth: chain.finalityDepth,
      contracts,
      client: chain.client,
    })),
    clock: () => clock.origin + clock.now,
    onError: fail,
  });
  // The report is the only sink: every trigger the settings name delivers nowhere.
  const sinks = new Map<string, AlertSink>(
    Object.keys(monitorSettings(config).triggers).map((name) => [
      name,
      { name, deliver: () => {}, flush: async () => {} },
    ]),
  );
  const transitions: AlertTransition[] = [];
  const alerting = startAlerting({
    feed: monitor,
    ledger: store,
    config,
    sinks,
    logger: { info: () => {}, warn: () => {}, error: fail },
    onTransition: (transition) => transitions.push(transition),
  });
  let polls = 0;
  const virtual = (at: number) => Math.round((at - clock.origin) * 1000) / 1000;

  return {
    async poll() {
      await monitor.pollOnce();
      await alerting.settled();
      polls++;
      if (failures.length > 0) {
        throw new DrillMonitorError(`the monitor attached to the drill failed at +${clock.now} s`, {
          details: failures.join('; '),
        });
      }
    },
    get polls() {
      return polls;
    },
    alerts() {
      const alerts: MonitorAlertReport[] = [];
      for (const { type, alert } of transitions) {
        if (type === 'fired') {
          alerts.push({
            kind: alert.kind,
            key: alert.key,
            chain: alert.chain ?? null,
            severity: alert.severity,
            firedAt: virtual(alert.firedAt),
            clearedAt: null,
            message: alert.message,
          });
        } else {
          const open = alerts.findLast((a) => a.key === alert.key && a.clearedAt === null);
          if (open) open.clearedAt = virtual(alert.clearedAt ?? alert.firedAt);
        }
      }
      return alerts;
    },
    stop: () => alerting.stop(),
  };
}
