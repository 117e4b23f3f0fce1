/**
 * The alert engine, attached to a feed: every snapshot is evaluated by the config's monitors, the
 * conditions are reconciled with the ledger (fire once, clear when gone), and each transition goes
 * to the triggers of the monitors covering it, plus the emergency-pause rule for critical ones.
 * Evaluations run one at a time off the feed's path; when snapshots arrive faster than they are
 * evaluated, only the newest waiting one is evaluated. Sinks queue their deliveries, so a slow
 * webhook never delays the next evaluation.
 */
import { type LockstepConfig, monitorSettings } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import type { Alert, AlertLedger, AlertTransition, MonitorFeed, MonitorSnapshot } from '../model.js';
import { createSinks } from '../sinks/create-sinks.js';
import type { AlertLogger, AlertSink } from '../sinks/types.js';
import { reconcileAlerts } from './book.js';
import { describeEmergencyPause, type PauseBasis, writeEmergencyPause } from './emergency-pause.js';
import { evaluateMonitors, monitorCovers } from './evaluate.js';

export type StartAlertingParameters = {
  feed: MonitorFeed;
  ledger: AlertLedger;
  config: Pick<LockstepConfig, 'networks' | 'monitor'>;
  logger: AlertLogger;
  /** The sinks by trigger name. Default: built from the config's triggers (`createSinks`). */
  sinks?: ReadonlyMap<string, AlertSink>;
  /** Where terminal triggers write when the sinks are built here. Default: the logger's `info`. */
  write?: (line: string) => void;
  /** Called with each transition once the ledger recorded it (the engine publishes it on its feed). */
  onTransition?: (transition: AlertTransition) => void;
  /** Reads what a pause root needs; required when the config has `monitor.emergencyPause`. */
  pauseBasis?: () => Promise<PauseBasis>;
};

export type Alerting = {
  /** Resolves when every snapshot received so far is evaluated and its deliveries done or given up. */
  settled(): Promise<void>;
  /** Stops listening, finishes the evaluation under way and flushes the sinks. */
  stop(): Promise<void>;
};

export function startAlerting(parameters: StartAlertingParameters): Alerting {
  const { feed, ledger, config, logger } = parameters;
  const settings = monitorSettings(config);
  const pause = settings.emergencyPause;
  const pausable = new Set<string>(pause?.on ?? []);
  if (pause && !parameters.pauseBasis) {
    throw new LockstepError(
      'monitor.emergencyPause is set, but the alert engine was started without a way to read the deployment (pauseBasis)',
    );
  }
  const sinks =
    parameters.sinks ?? createSinks(settings.triggers, { logger, write: parameters.write ?? ((l) => logger.info(l)) });
  for (const entry of settings.monitors) {
    for (const trigger of entry.triggers) {
      if (!sinks.has(trigger))
        throw new LockstepError(`monitor ${entry.name} names the trigger ${trigger}, which has no sink`);
    }
  }

  let previous: MonitorSnapshot | undefined;
  let waiting: MonitorSnapshot | undefined;
  let loop: Promise<void> = Promise.resolve();
  let busy = false;
  const pauses = new Set<Promise<void>>();

  const route = (transition: AlertTransition) => {
    const names = new Set(
      settings.monitors.filter((m) => monitorCovers(m, transition.alert)).flatMap((m) => m.triggers),
    );
    for (const name of names) sinks.get(name)?.deliver(transition);
  };

  const emergencyPause = (alerts: Alert[], snapshot: MonitorSnapshot) => {
    if (!pause || !parameters.pauseBasis || alerts.length === 0) return;
    const basis = parameters.pauseBasis;
    const task = (async () => {
      try {
        const written = await writeEmergencyPause({ alerts, snapshot, settings: pause, basis: await basis() });
        if (written) logger.warn(describeEmergencyPause(written));
      } catch (error) {
        logger.error(
          `could not write the emergency pause for ${alerts.map((a) => a.key).join(', ')}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    })();
    pauses.add(task);
    void task.finally(() => pauses.delete(task));
  };

  const evaluate = async (snapshot: MonitorSnapshot) => {
    const active = await ledger.active();
    const conditions = evaluateMonitors({
      snapshot,
      previous,
      active,
      monitors: settings.monitors,
      networks: config.networks,
    });
    const transitions = await reconcileAlerts(ledger, conditions, snapshot.takenAt, active);
    previous = snapshot;
    for (const transition of transitions) {
      parameters.onTransition?.(transition);
      route(transition);
    }
    emergencyPause(
      transitions.filter((t) => t.type === 'fired' && pausable.has(t.alert.kind)).map((t) => t.alert),
      snapshot,
    );
  };

  const drain = async () => {
    while (waiting) {
      const snapshot = waiting;
      waiting = undefined;
      try {
        await evaluate(snapshot);
      } catch (error) {
        logger.error(
          `alert evaluation of the snapshot at ${snapshot.takenAt} failed (the next snapshot tries again): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    busy = false;
  };

  const unsubscribe = feed.subscribe((event) => {
    if (event.type !== 'snapshot') return;
    waiting = event.snapshot;
    if (!busy) {
      busy = true;
      loop = drain();
    }
  });

  const settled = async () => {
    await loop;
    await Promise.all([...pauses]);
    await Promise.all([...sinks.values()].map((sink) => sink.flush()));
  };

  return {
    settled,
    async stop() {
      unsubscribe();
      await settled();
    },
  };
}
