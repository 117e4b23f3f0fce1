/**
 * Prometheus metrics fed from the monitor's feed (prom-client, one registry per monitor): proposals
 * per stage, time in the current stage per proposal and chain (stage="queued" is the time in
 * queue), lag, head and reachability per chain, alerts active per kind and severity, and alerts
 * fired and cleared since the start, and alert transitions a webhook dropped during an outage (fed by
 * `webhookDropped`, the sinks' drop hook). `handler` serves them on GET /metrics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import {
  type Alert,
  type AlertTransition,
  type MonitorFeed,
  type MonitorSnapshot,
  STAGES,
  type Stage,
} from '../model.js';

/** Stages a proposal can still leave: their time-in-stage is worth a series. */
const SETTLED: readonly Stage[] = ['executed', 'cancelled', 'expired'];

export type Metrics = {
  registry: Registry;
  /** A node:http handler: GET /metrics answers the text format; other paths 404, other methods 405. */
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  /** Counts one alert transition the webhook trigger `trigger` dropped because its queue was full. */
  webhookDropped(trigger: string): void;
  /** Stops following the feed. */
  stop(): void;
};

export function createMetrics(feed: MonitorFeed): Metrics {
  const registry = new Registry();
  const active = new Map<string, Alert>();

  const proposals = new Gauge({
    name: 'lockstep_proposals',
    help: 'Proposals on their target chains, by the stage they are at (one per proposal and chain).',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  const timeInStage = new Gauge({
    name: 'lockstep_proposal_time_in_stage_seconds',
    help: 'Seconds a proposal has been at its current stage on a chain (stage="queued": time in queue).',
    labelNames: ['proposal', 'chain', 'stage'] as const,
    registers: [registry],
  });
  const perChain = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ['chain'] as const, registers: [registry] });
  const lag = perChain(
    'lockstep_chain_lag_seconds',
    "Seconds between the monitor's clock and the chain head's timestamp.",
  );
  const reachable = perChain('lockstep_chain_reachable', '1 when the chain answered the last poll, else 0.');
  const head = perChain('lockstep_chain_head_block', 'The newest block number seen on the chain.');
  new Gauge({
    name: 'lockstep_alerts_active',
    help: 'Alerts active now, by kind and severity.',
    labelNames: ['kind', 'severity'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const alert of active.values()) this.inc({ kind: alert.kind, severity: alert.severity });
    },
  });
  const transitions = new Counter({
    name: 'lockstep_alert_transitions_total',
    help: 'Alerts fired and cleared since the monitor started, by kind, severity and transition.',
    labelNames: ['kind', 'severity', 'type'] as const,
    registers: [registry],
  });

  const dropped = new Counter({
    name: 'lockstep_webhook_dropped_total',
    help: 'Alert transitions a webhook trigger dropped (oldest first) because its queue was full during an outage.',
    labelNames: ['trigger'] as const,
    registers: [registry],
  });

  const onSnapshot = (snapshot: MonitorSnapshot) => {
    proposals.reset();
    for (const stage of STAGES) proposals.set({ stage }, 0);
    timeInStage.reset();
    for (const proposal of snapshot.proposals) {
      for (const onChain of proposal.chains) {
        proposals.inc({ stage: onChain.stage });
        if (SETTLED.includes(onChain.stage)) continue;
        timeInStage.set(
          { proposal: proposal.id, chain: onChain.chain, stage: onChain.stage },
          Math.max(0, snapshot.takenAt - onChain.stageSince),
        );
      }
    }
    for (const chain of snapshot.chains) {
      reachable.set({ chain: chain.chain }, chain.reachable ? 1 : 0);
      if (chain.lagSeconds !== undefined) lag.set({ chain: chain.chain }, chain.lagSeconds);
      else if (chain.head) lag.set({ chain: chain.chain }, Math.max(0, snapshot.takenAt - chain.head.timestamp));
      if (chain.head) head.set({ chain: chain.chain }, chain.head.number);
    }
    active.clear();
    for (const alert of snapshot.alerts) if (alert.clearedAt === undefined) active.set(alert.key, alert);
  };

  const onTransition = ({ type, alert }: AlertTransition) => {
    transitions.inc({ kind: alert.kind, severity: alert.severity, type });
    if (type === 'fired') active.set(alert.key, alert);
    else active.delete(alert.key);
  };

  onSnapshot(feed.current());
  const unsubscribe = feed.subscribe((event) => {
    if (event.type === 'snapshot') onSnapshot(event.snapshot);
    else onTransition(event.transition);
  });

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('use GET\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  };

  return { registry, handler, webhookDropped: (trigger) => dropped.inc({ trigger }), stop: unsubscribe };
}
