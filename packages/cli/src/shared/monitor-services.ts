/**
 * What runs beside the monitor's watchers in `lockstep monitor`: the alert engine (the config's
 * monitors and triggers, reconciled with the store's ledger, its transitions published on the
 * monitor's feed) and, with `--port`, the dashboard with the Prometheus metrics on `/metrics`, which
 * also count the alert transitions a webhook trigger dropped during an outage.
 */
import { type LockstepConfig, monitorSettings, type NetworkConfig } from '@lockstep/core/config';
import {
  type Alerting,
  createMetrics,
  createSinks,
  type Dashboard,
  type Metrics,
  type Monitor,
  type MonitorStore,
  startAlerting,
  startDashboard,
} from '@lockstep/monitor';
import type { Logger } from '../logger.js';
import { readRootBasis, rootContext } from './root-context.js';

export type MonitorServicesParameters = {
  monitor: Monitor;
  store: MonitorStore;
  config: LockstepConfig;
  networks: NetworkConfig[];
  logger: Logger;
  /** The flags a pause root needs to find the deployment and the networks again. */
  options: { config?: string | undefined; network: string[]; rpc: string[]; root?: string | undefined };
  usage: string;
  /** Serve the dashboard (and /metrics) on this port. */
  port?: number | undefined;
  /** The most alert transitions a webhook trigger keeps waiting during an outage (default: the sinks'). */
  webhookQueueLimit?: number | undefined;
};

export type MonitorServices = { alerting: Alerting; dashboard?: Dashboard; stop(): Promise<void> };

export async function startMonitorServices(parameters: MonitorServicesParameters): Promise<MonitorServices> {
  const { monitor, store, config, networks, logger, options } = parameters;
  const alertLogger = {
    info: (m: string) => logger.info(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string) => logger.fail(m),
  };
  // Built here rather than by the engine so a webhook's dropped transitions reach the metrics.
  let metrics: Metrics | undefined;
  const sinks = createSinks(monitorSettings(config).triggers, {
    logger: alertLogger,
    write: (line) => logger.info(line),
    ...(parameters.webhookQueueLimit === undefined ? {} : { webhookQueueLimit: parameters.webhookQueueLimit }),
    onWebhookDrop: (trigger) => metrics?.webhookDropped(trigger),
  });
  const alerting = startAlerting({
    feed: monitor,
    ledger: store,
    config: { ...config, networks },
    sinks,
    logger: alertLogger,
    onTransition: (transition) => monitor.publish({ type: 'alert', transition }),
    pauseBasis: async () => {
      const context = await rootContext(
        { config: options.config, network: options.network, rpc: options.rpc, deployments: options.root },
        parameters.usage,
        { check: false },
      );
      return { deployment: context.deployment, membersNonce: (await readRootBasis(context)).membersNonce };
    },
  });
  if (parameters.port === undefined) return { alerting, stop: () => alerting.stop() };
  metrics = createMetrics(monitor);
  const dashboard = await startDashboard({
    feed: monitor,
    port: parameters.port,
    routes: { '/metrics': metrics.handler },
  }).catch(async (error: unknown) => {
    metrics?.stop();
    await alerting.stop();
    throw error;
  });
  logger.info(`dashboard on ${dashboard.url} (Prometheus metrics on ${dashboard.url}metrics)`);
  return {
    alerting,
    dashboard,
    async stop() {
      await dashboard.close();
      metrics?.stop();
      await alerting.stop();
    },
  };
}
