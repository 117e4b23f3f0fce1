import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestFeed } from '../alerts/feed.fixture.js';
import { chain, NOW, PROPOSAL_ID, snapshot, upgrade } from '../alerts/snapshot.fixture.js';
import type { Alert } from '../model.js';
import { createMetrics } from './create-metrics.js';

/** `name{a="x",b="y"} 3` lines of the text format, as a map from `name{a="x",b="y"}` to the value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close();
    await once(server, 'close');
  }
});

async function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const halted: Alert = {
  key: 'chain-halted:optimism',
  kind: 'chain-halted',
  severity: 'warning',
  chain: 'optimism',
  message: 'halted',
  detail: {},
  firedAt: NOW,
};

describe('the /metrics endpoint', () => {
  it('shows stage counts, time in stage, lag, reachability and alerts, as the feed moves', async () => {
    const feed = createTestFeed(snapshot());
    const metrics = createMetrics(feed);
    const base = await serve(metrics.handler);
    const scrape = async () => {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return parse(await response.text());
    };

    feed.publish({
      type: 'snapshot',
      snapshot: snapshot({
        chains: [
          chain('ethereum', { lagSeconds: 3 }),
          chain('optimism', { reachable: false, head: undefined, error: 'ECONNREFUSED' }),
        ],
        proposals: [upgrade('queued')],
        alerts: [halted],
      }),
    });
    let samples = await scrape();
    expect(samples.get('lockstep_proposals{stage="queued"}')).toBe(1);
    expect(samples.get('lockstep_proposals{stage="executed"}')).toBe(0);
    expect(
      samples.get(`lockstep_proposal_time_in_stage_seconds{proposal="${PROPOSAL_ID}",chain="optimism",stage="queued"}`),
    ).toBe(100);
    expect(samples.get('lockstep_chain_lag_seconds{chain="ethereum"}')).toBe(3);
    expect(samples.get('lockstep_chain_reachable{chain="ethereum"}')).toBe(1);
    expect(samples.get('lockstep_chain_reachable{chain="optimism"}')).toBe(0);
    expect(samples.get('lockstep_chain_head_block{chain="ethereum"}')).toBe(100);
    expect(samples.get('lockstep_alerts_active{kind="chain-halted",severity="warning"}')).toBe(1);

    const unapproved: Alert = {
      ...halted,
      key: 'unapproved-implementation:optimism:0x1',
      kind: 'unapproved-implementation',
      severity: 'critical',
    };
    feed.publish({ type: 'alert', transition: { type: 'fired', alert: unapproved } });
    feed.publish({ type: 'alert', transition: { type: 'cleared', alert: { ...halted, clearedAt: NOW + 9 } } });
    feed.publish({
      type: 'snapshot',
      snapshot: snapshot({ takenAt: NOW + 10, proposals: [upgrade('executed')], alerts: [unapproved] }),
    });
    samples = await scrape();
    expect(samples.get('lockstep_proposals{stage="queued"}')).toBe(0);
    expect(samples.get('lockstep_proposals{stage="executed"}')).toBe(1);
    expect([...samples.keys()].some((k) => k.startsWith('lockstep_proposal_time_in_stage_seconds'))).toBe(false);
    expect(samples.get('lockstep_alerts_active{kind="chain-halted",severity="warning"}')).toBeUndefined();
    expect(samples.get('lockstep_alerts_active{kind="unapproved-implementation",severity="critical"}')).toBe(1);
    expect(
      samples.get(
        'lockstep_alert_transitions_total{kind="unapproved-implementation",severity="critical",type="fired"}',
      ),
    ).toBe(1);
    expect(samples.get('lockstep_alert_transitions_total{kind="chain-halted",severity="warning",type="cleared"}')).toBe(
      1,
    );
    expect(samples.get('lockstep_chain_lag_seconds{chain="optimism"}')).toBe(11);
    metrics.stop();
  });

  it('answers 404 off /metrics and 405 to a POST', async () => {
    const base = await serve(createMetrics(createTestFeed(snapshot())).handler);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
