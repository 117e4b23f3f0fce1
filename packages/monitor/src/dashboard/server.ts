import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorFeed } from '../model.js';
import { type Asset, dashboardAssets } from './assets.js';
import { DashboardStartError } from './errors.js';
import { SseHub } from './sse.js';
import { DashboardStateTracker } from './state.js';

/** A handler for one extra path (e.g. the metrics' `/metrics`), in node:http's own shape. */
export type DashboardRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export type StartDashboardParameters = {
  feed: MonitorFeed;
  /** Where to listen; the loopback address by default, so the dashboard is not on the network. */
  host?: string;
  /** 0 (the default) picks a free port; `url` tells which. */
  port?: number;
  /**
   * Extra paths, matched exactly (without the query string) before the dashboard's own; their
   * handlers answer every method.
   */
  routes?: Record<string, DashboardRoute>;
  /** How often an idle event stream gets a heartbeat comment (default 15 s). */
  heartbeatMs?: number;
};

export type Dashboard = {
  /** The page's address, e.g. `http://127.0.0.1:4100/`. */
  url: string;
  /** How many event streams (open pages) are connected now. */
  eventStreams(): number;
  /** Stops following the feed, ends every event stream and closes the server. */
  close(): Promise<void>;
};

/**
 * Serves the monitor's dashboard over HTTP: `GET /` the page, `GET /api/snapshot` the feed's current
 * snapshot as JSON, `GET /events` a server-sent-event stream with a `snapshot` event (snapshot and
 * recently cleared alerts) on connect and after every feed event, and the page's static files.
 */
export async function startDashboard({
  feed,
  host = '127.0.0.1',
  port = 0,
  routes = {},
  heartbeatMs = 15_000,
}: StartDashboardParameters): Promise<Dashboard> {
  const assets = dashboardAssets();
  const hub = new SseHub(heartbeatMs);
  const tracker = new DashboardStateTracker(feed, (state) => hub.broadcast('snapshot', state));

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://dashboard').pathname;
    const route = routes[path];
    if (route) return route(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${req.method} is not supported; the dashboard only answers GET\n`);
      return;
    }
    if (path === '/events') return hub.open(res, { event: 'snapshot', data: tracker.state() });
    if (path === '/api/snapshot') return sendJson(res, feed.current());
    const asset = assets.get(path);
    if (asset) return sendFile(res, asset);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`not found: ${path}\n`);
  }

  await listen(server, host, port).catch((cause: unknown) => {
    tracker.stop();
    hub.close();
    throw new DashboardStartError({ host, port, cause });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}/`,
    eventStreams: () => hub.size,
    close: async () => {
      tracker.stop();
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets (a page's last asset request, an ended stream) would hold close() for seconds.
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

function sendFile(res: ServerResponse, asset: Asset): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(asset.file);
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': asset.cacheControl });
      stream.pipe(res);
    });
    stream.once('error', reject);
    // 'close' also comes when the page goes away mid-file, so the request always settles.
    stream.once('close', () => resolve());
  });
}
