import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { emptySnapshot, Feed } from '../feed.js';
import { createMetrics } from '../metrics/index.js';
import type { Alert } from '../model.js';
import { DashboardStartError } from './errors.js';
import { sampleSnapshot } from './sample-snapshot.test-util.js';
import { type Dashboard, startDashboard } from './server.js';
import { EventStreamClient } from './sse-client.test-util.js';
import type { DashboardState } from './state.js';

const running: Dashboard[] = [];
const clients: EventStreamClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(running.splice(0).map((dashboard) => dashboard.close()));
});

async function start(feed = new Feed(sampleSnapshot()), heartbeatMs?: number) {
  const dashboard = await startDashboard({ feed, ...(heartbeatMs ? { heartbeatMs } : {}) });
  running.push(dashboard);
  return { feed, dashboard };
}

function events(url: string): EventStreamClient {
  const client = new EventStreamClient(url);
  clients.push(client);
  return client;
}

async function nextState(client: EventStreamClient): Promise<DashboardState> {
  return JSON.parse((await client.nextNamed('snapshot')).data) as DashboardState;
}

describe('startDashboard', () => {
  it('listens on the loopback address and a free port by default', async () => {
    const { dashboard } = await start();
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the page, its modules and the installed ECharts build', async () => {
    const { dashboard } = await start();
    const page = await fetch(dashboard.url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).toContain('"echarts": "/vendor/echarts.js"');
    const app = await fetch(new URL('/app.js', dashboard.url));
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await app.text()).toContain("new EventSource('/events')");
    const echarts = await fetch(new URL('/vendor/echarts.js', dashboard.url));
    expect(echarts.status).toBe(200);
    expect(await echarts.text()).toMatch(/export\{.*as init,/s);
  });

  it('answers /api/snapshot with the feed’s current snapshot', async () => {
    const { feed, dashboard } = await start();
    const first = await fetch(new URL('/api/snapshot', dashboard.url));
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await first.json()).toEqual(sampleSnapshot());
    feed.publish({ type: 'snapshot', snapshot: sampleSnapshot({ stepSeconds: 90 }) });
    const second = await fetch(new URL('/api/snapshot?fresh=1', dashboard.url));
    expect(await second.json()).toEqual(sampleSnapshot({ stepSeconds: 90 }));
  });

  it('answers unknown paths with 404, other methods with 405, and never serves the page tsconfig', async () => {
    const { dashboard } = await start();
    const missing = await fetch(new URL('/nope', dashboard.url));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not found: /nope\n');
    expect((await fetch(new URL('/tsconfig.json', dashboard.url))).status).toBe(404);
    expect((await fetch(new URL('/../src/model.ts', dashboard.url))).status).toBe(404);
    const post = await fetch(new URL('/api/snapshot', dashboard.url), { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves extra routes: the metrics handler at /metrics', async () => {
    const feed = new Feed(sampleSnapshot());
    const metrics = createMetrics(feed);
    const dashboard = await startDashboard({ feed, routes: { '/metrics': metrics.handler } });
    running.push(dashboard);
    const response = await fetch(new URL('/metrics', dashboard.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^lockstep_alerts_active\{.*kind="signer-set-drift".*\} 1$/m);
    metrics.stop();
  });

  it('streams the current state on connect and a new one after every snapshot the feed publishes', async () => {
    const { feed, dashboard } = await start();
    const client = events(new URL('/events', dashboard.url).href);
    const response = await client.response;
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect((await nextState(client)).snapshot).toEqual(sampleSnapshot());
    feed.publish({ type: 'snapshot', snapshot: sampleSnapshot({ stepSeconds: 90, polygonHalted: true }) });
    const next = await nextState(client);
    expect(next.snapshot.takenAt).toBe(sampleSnapshot({ stepSeconds: 90 }).takenAt);
    expect(next.snapshot.alerts.map((alert) => alert.kind)).toContain('chain-halted');
  });

  it('lists cleared alerts, newest first, and drops one that fires again', async () => {
    const { feed, dashboard } = await start(new Feed(emptySnapshot(100)));
    const client = events(new URL('/events', dashboard.url).href);
    expect((await nextState(client)).recentlyCleared).toEqual([]);
    const alert = (key: string, clearedAt?: number): Alert => ({
      key,
      kind: 'chain-halted',
      severity: 'critical',
      message: key,
      detail: {},
      firedAt: 50,
      ...(clearedAt ? { clearedAt } : {}),
    });
    feed.publish({ type: 'alert', transition: { type: 'cleared', alert: alert('a', 60) } });
    feed.publish({ type: 'alert', transition: { type: 'cleared', alert: alert('b', 70) } });
    await nextState(client);
    expect((await nextState(client)).recentlyCleared.map((a) => a.key)).toEqual(['b', 'a']);
    feed.publish({ type: 'alert', transition: { type: 'fired', alert: alert('a') } });
    expect((await nextState(client)).recentlyCleared.map((a) => a.key)).toEqual(['b']);
  });

  it('sends heartbeats on an idle stream', async () => {
    const { dashboard } = await start(undefined, 50);
    const client = events(new URL('/events', dashboard.url).href);
    await nextState(client);
    expect((await client.next(2000)).event).toBe('comment');
  });

  it('forgets a stream when its page goes away', async () => {
    const { feed, dashboard } = await start();
    const client = events(new URL('/events', dashboard.url).href);
    await nextState(client);
    expect(dashboard.eventStreams()).toBe(1);
    client.close();
    await expect.poll(() => dashboard.eventStreams(), { timeout: 15_000 }).toBe(0);
    feed.publish({ type: 'snapshot', snapshot: sampleSnapshot({ stepSeconds: 50 }) });
  });

  it('ends every event stream on close and stops following the feed', async () => {
    const feed = new Feed(sampleSnapshot());
    const dashboard = await startDashboard({ feed });
    const client = events(new URL('/events', dashboard.url).href);
    await nextState(client);
    let listeners = 0;
    const counting = feed.subscribe(() => listeners++);
    await dashboard.close();
    await client.ended;
    await expect(fetch(dashboard.url)).rejects.toThrow();
    feed.publish({ type: 'snapshot', snapshot: sampleSnapshot({ stepSeconds: 50 }) });
    expect(listeners).toBe(1);
    counting();
  });

  it('names a taken port and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const error = await startDashboard({ feed: new Feed(emptySnapshot(0)), port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DashboardStartError);
      expect((error as DashboardStartError).shortMessage).toBe(
        `dashboard: cannot listen on 127.0.0.1:${port}: the port is taken — stop what uses it or choose another port (0 picks a free one)`,
      );
    } finally {
      blocker.close();
    }
  });
});
