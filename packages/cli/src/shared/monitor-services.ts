/**
 * What runs beside the monitor's watchers in `lockstep monitor`: the alert engine (the config's
 * monitors and triggers, reconciled with the store's ledger, its transitions published on the
 * monitor's feed) and, with `--port`, the dashboard with the Prometheus metrics on `/metrics`.
 */
import type { LockstepConfig, NetworkConfig } from '@lockstep/core/config';
import {
  type Alerting,
  createMetrics,
  type Dashboard,
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
};

export type MonitorServices = { alerting: Alerting; dashboard?: Dashboard; stop(): Promise<void> };

export async function startMonitorServices(parameters: MonitorServicesParameters): Promise<MonitorServices> {
  const { monitor, store, config, networks, logger, options } = parameters;
  const alerting = startAlerting({
    feed: monitor,
    ledger: store,
    config: { ...config, networks },
    logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.fail(m) },
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
  const metrics = createMetrics(monitor);
  const dashboard = await startDashboard({
    feed: monitor,
    port: parameters.port,
    routes: { '/metrics': metrics.handler },
  }).catch(async (error: unknown) => {
    metrics.stop();
    await alerting.stop();
    throw error;
  });
  logger.info(`dashboard on ${dashboard.url} (Prometheus metrics on ${dashboard.url}metrics)`);
  return {
    alerting,
    dashboard,
    async stop() {
      await dashboard.close();
      metrics.stop();
      await alerting.stop();
    },
  };
}
