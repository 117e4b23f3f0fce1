import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestFeed } from '../alerts/feed.fixture.js';
import { snapshot } from '../alerts/snapshot.fixture.js';
import { createMetrics } from '../metrics/create-metrics.js';
import type { AlertTransition } from '../model.js';
import { createSinks } from './create-sinks.js';
import { createJsonLogSink } from './json-log.js';
import { formatTransition } from './terminal.js';
import type { AlertLogger, TransitionRecord } from './types.js';
import { createWebhookSink } from './webhook.js';

const fired: AlertTransition = {
  type: 'fired',
  alert: {
    key: 'chain-halted:optimism',
    kind: 'chain-halted',
    severity: 'warning',
    chain: 'optimism',
    message: 'optimism produced no block for 40 s',
    detail: { chainId: 10, lastBlock: 77 },
    firedAt: 1_800_000_000,
  },
};
const cleared: AlertTransition = { type: 'cleared', alert: { ...fired.alert, clearedAt: 1_800_000_300 } };

function recordingLogger() {
  const lines = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  const logger: AlertLogger = {
    info: (m) => lines.info.push(m),
    warn: (m) => lines.warn.push(m),
    error: (m) => lines.error.push(m),
  };
  return { logger, lines };
}

type Received = { headers: IncomingMessage['headers']; body: string };

/**
 * A real HTTP server answering each request with the next status of `statuses` (the last one repeats);
 * `null` never answers. On `port` when given (a server coming back), else on a free one.
 */
async function startServer(statuses: (number | null)[], port = 0) {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      if (status === null || status === undefined) return;
      response.writeHead(status).end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    port: (server.address() as AddressInfo).port,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

/** A webhook sink with a short backoff, and what it logged. */
function webhookTo(
  url: string,
  options: {
    retries: number;
    timeoutSeconds?: number;
    headers?: Record<string, string>;
    maxQueued?: number;
    onDrop?: (trigger: string) => void;
  },
) {
  const { logger, lines } = recordingLogger();
  const sink = createWebhookSink({
    name: 'ops',
    url,
    headers: options.headers ?? {},
    retries: options.retries,
    timeoutSeconds: options.timeoutSeconds ?? 5,
    logger,
    backoff: { baseDelayMs: 20, maxDelayMs: 50 },
    ...(options.maxQueued === undefined ? {} : { maxQueued: options.maxQueued }),
    ...(options.onDrop ? { onDrop: options.onDrop } : {}),
  });
  return { sink, lines };
}

describe('the webhook sink', () => {
  it('retries 5xx answers with backoff and delivers the complete transition once the endpoint recovers', async () => {
    const { url, received } = await startServer([503, 502, 200]);
    const { sink, lines } = webhookTo(url, { retries: 3, headers: { Authorization: 'Bearer t0ken' } });
    sink.deliver(fired);
    await sink.flush();
    expect(received).toHaveLength(3);
    expect(received[2]?.headers.authorization).toBe('Bearer t0ken');
    expect(received[2]?.headers['content-type']).toBe('application/json');
    const record = JSON.parse(received[2]?.body ?? '') as TransitionRecord;
    expect(record).toEqual({ type: 'fired', at: '2027-01-15T08:00:00.000Z', alert: fired.alert });
    expect(lines.warn).toHaveLength(2);
    expect(lines.warn[0]).toMatch(/attempt 1 for the fired alert chain-halted:optimism failed \(POST .* answered 503/);
    expect(lines.error).toEqual([]);
  });

  it('gives up after its retries with one logged error naming the alert, and delivers the next transition', async () => {
    const { url, received } = await startServer([500, 500, 500, 200]);
    const { sink, lines } = webhookTo(url, { retries: 2, timeoutSeconds: 5 });
    sink.deliver(fired);
    sink.deliver(cleared);
    await sink.flush();
    expect(received).toHaveLength(4);
    expect(lines.error).toEqual([
      expect.stringMatching(
        /^alert trigger ops: gave up on the fired alert chain-halted:optimism after 3 attempt\(s\): POST .* answered 500/,
      ),
    ]);
    expect((JSON.parse(received[3]?.body ?? '') as TransitionRecord).type).toBe('cleared');
  });

  it('does not retry a 4xx answer other than 429', async () => {
    const { url, received } = await startServer([401]);
    const { sink, lines } = webhookTo(url, { retries: 3, timeoutSeconds: 5 });
    sink.deliver(fired);
    await sink.flush();
    expect(received).toHaveLength(1);
    expect(lines.error[0]).toMatch(/after 1 attempt\(s\): POST .* answered 401/);
  });

  it('times out an endpoint that never answers and retries it, without the caller waiting', async () => {
    const { url, received } = await startServer([null]);
    const { sink, lines } = webhookTo(url, { retries: 1, timeoutSeconds: 0.3 });
    const started = performance.now();
    sink.deliver(fired);
    expect(performance.now() - started).toBeLessThan(50);
    await sink.flush();
    expect(received).toHaveLength(2);
    expect(lines.error[0]).toMatch(/after 2 attempt\(s\): POST .*: no answer in 0.3 s/);
  });

  it('retries an endpoint that refuses connections, then gives up', async () => {
    const { url } = await startServer([200]);
    const closed = servers.pop();
    closed?.close();
    if (closed) await once(closed, 'close');
    const { sink, lines } = webhookTo(url, { retries: 2, timeoutSeconds: 1 });
    sink.deliver(fired);
    await sink.flush();
    expect(lines.warn).toHaveLength(2);
    expect(lines.error[0]).toMatch(/after 3 attempt\(s\): POST http:\/\/127\.0\.0\.1:\d+\/hook: unreachable/);
  });
});

describe('the webhook sink during a long outage', () => {
  const numbered = (n: number): AlertTransition => ({
    type: 'fired',
    alert: { ...fired.alert, key: `chain-halted:chain-${n}`, firedAt: fired.alert.firedAt + n },
  });
  const keys = (received: Received[]) =>
    received.map((r) => (JSON.parse(r.body) as TransitionRecord).alert.key.replace('chain-halted:', ''));

  it('keeps at most maxQueued transitions waiting, drops the oldest with one warning and a counted metric, and delivers the rest once the endpoint is back', async () => {
    // The endpoint goes down: its port refuses connections.
    const down = await startServer([200]);
    const closed = servers.pop();
    closed?.close();
    if (closed) await once(closed, 'close');
    const metrics = createMetrics(createTestFeed(snapshot()));
    const { sink, lines } = webhookTo(down.url, {
      retries: 1000,
      timeoutSeconds: 2,
      maxQueued: 3,
      onDrop: (trigger) => metrics.webhookDropped(trigger),
    });

    sink.deliver(numbered(0));
    // The first transition is being retried against the dead endpoint...
    await expect.poll(() => lines.warn.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(lines.warn[0]).toMatch(/attempt 1 for the fired alert chain-halted:chain-0 failed \(POST .*: unreachable\)/);
    // ...while nine more arrive: only the newest three wait, the six oldest are dropped.
    for (let n = 1; n <= 9; n++) sink.deliver(numbered(n));
    const dropping = lines.warn.filter((line) => /dropping the oldest/.test(line));
    expect(dropping).toEqual([
      `alert trigger ops: 3 alert transition(s) are waiting for ${down.url}; dropping the oldest from now on until it catches up`,
    ]);
    expect(await metrics.registry.getSingleMetricAsString('lockstep_webhook_dropped_total')).toMatch(
      /^lockstep_webhook_dropped_total\{trigger="ops"\} 6$/m,
    );

    // The endpoint comes back on the same port.
    const back = await startServer([200], down.port);
    await sink.flush();
    expect(keys(back.received)).toEqual(['chain-0', 'chain-7', 'chain-8', 'chain-9']);
    expect(lines.warn.filter((line) => /dropping the oldest/.test(line))).toHaveLength(1);
    expect(lines.warn.at(-1)).toBe(`alert trigger ops: caught up with ${down.url}; 6 alert transition(s) were dropped`);
    expect(lines.error).toEqual([]);

    // Caught up, the queue has room again: the next transition goes straight through, nothing dropped.
    sink.deliver(numbered(10));
    await sink.flush();
    expect(keys(back.received).at(-1)).toBe('chain-10');
    expect(await metrics.registry.getSingleMetricAsString('lockstep_webhook_dropped_total')).toMatch(/\} 6$/m);
    metrics.stop();
  });

  it('refuses a queue bound below 1, naming it', () => {
    expect(() => webhookTo('http://127.0.0.1:9/hook', { retries: 0, maxQueued: 0 })).toThrow(
      /a sink queue's limit must be a whole number of at least 1, not 0/,
    );
  });
});

describe('the JSON log sink', () => {
  it('appends one complete JSON object per transition, in order, creating the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-alerts-'));
    try {
      const path = join(dir, 'logs', 'alerts.jsonl');
      const { logger, lines } = recordingLogger();
      const sink = createJsonLogSink('log', path, logger);
      sink.deliver(fired);
      sink.deliver(cleared);
      await sink.flush();
      const records = (await readFile(path, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as TransitionRecord);
      expect(records).toEqual([
        { type: 'fired', at: '2027-01-15T08:00:00.000Z', alert: fired.alert },
        { type: 'cleared', at: '2027-01-15T08:05:00.000Z', alert: cleared.alert },
      ]);
      expect(lines.error).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the terminal sink and the sinks of a config', () => {
  it('prints one line per transition: time, what happened, severity, kind, chain and message', () => {
    expect(formatTransition(fired)).toBe(
      '2027-01-15T08:00:00Z FIRED   warning chain-halted optimism: optimism produced no block for 40 s',
    );
    expect(formatTransition(cleared)).toBe(
      '2027-01-15T08:05:00Z CLEARED warning chain-halted optimism: optimism produced no block for 40 s (active 5 min)',
    );
  });

  it('reads header tokens from the environment, and names a variable that is not set', async () => {
    const { url, received } = await startServer([200]);
    const { logger } = recordingLogger();
    const lines: string[] = [];
    const triggers = {
      ops: { type: 'webhook', url, headers: { Authorization: { env: 'OPS_TOKEN' } }, retries: 0, timeoutSeconds: 5 },
      screen: { type: 'terminal' },
    } as const;
    const sinks = createSinks(triggers, { logger, write: (l) => lines.push(l), env: { OPS_TOKEN: 'abc' } });
    for (const sink of sinks.values()) sink.deliver(fired);
    await Promise.all([...sinks.values()].map((s) => s.flush()));
    expect(received[0]?.headers.authorization).toBe('abc');
    expect(lines).toHaveLength(1);
    expect(() => createSinks(triggers, { logger, write: () => {}, env: {} })).toThrow(
      /monitor\.triggers\.ops\.headers\.Authorization reads the environment variable OPS_TOKEN, which is not set/,
    );
  });
});
