/**
 * An in-process JSON-RPC fault proxy in front of one chain's endpoint (in the spirit of Toxiproxy,
 * on plain `node:http`): it forwards every request to the upstream URL unless its mode says
 * otherwise. Modes: `pass` (forward), `error` (a share of requests answered with a JSON-RPC
 * "limit exceeded" error, as a rate-limiting provider does), `timeout` (a share never answered
 * until the client gives up), `latency` (every answer held back), `drop` (a share of connections
 * destroyed before forwarding). Whether a request is hit is drawn from the seed, keyed by what it
 * asks (method and params, not its id) and how many times the same question came before, never
 * from `Math.random`: the same traffic meets the same faults, and a client's extra receipt polls
 * (wall-clock timing) never shift which of its other requests fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededInt } from '../setup/seeded.js';

/** What the proxy does to the requests it receives. `rate`: the share of requests hit, in (0, 1]. */
export type RpcFaultMode =
  | { mode: 'pass' }
  | { mode: 'error'; rate: number }
  | { mode: 'timeout'; rate: number }
  | { mode: 'latency'; latencyMs: number }
  | { mode: 'drop'; rate: number };

/** What the proxy has done so far (every request counted once, by what happened to it). */
export type RpcProxyStats = { forwarded: number; errored: number; timedOut: number; delayed: number; dropped: number };

export type RpcProxy = {
  /** The URL the faulty actors use instead of the upstream's. */
  readonly url: string;
  readonly upstream: string;
  /** Changes what the proxy does to the requests it receives from now on (held ones stay held). */
  setMode(mode: RpcFaultMode): void;
  readonly stats: Readonly<RpcProxyStats>;
  /** Answers held requests with a dropped connection, and stops listening. */
  close(): Promise<void>;
};

export type StartRpcProxyParameters = {
  upstream: string;
  /** The drill's seed: which requests fail is drawn from it. */
  seed: number;
  /** Names the proxy's draws (e.g. `optimism:relayer`), so two proxies draw independently. */
  label: string;
  mode?: RpcFaultMode;
};

/** JSON-RPC's "limit exceeded": what a rate-limited provider answers (viem: `LimitExceededRpcError`). */
const LIMIT_EXCEEDED = -32005;

/** Starts a proxy on 127.0.0.1 (a free port) in front of `upstream`. */
export async function startRpcProxy(parameters: StartRpcProxyParameters): Promise<RpcProxy> {
  const { upstream, seed, label } = parameters;
  let mode: RpcFaultMode = parameters.mode ?? { mode: 'pass' };
  /** How many times each question (method and params) was asked so far. */
  const asked = new Map<string, number>();
  const stats: RpcProxyStats = { forwarded: 0, errored: 0, timedOut: 0, delayed: 0, dropped: 0 };
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();

  /** Whether this asking of `question` is hit at `rate`: a seeded draw per question and occurrence. */
  const hit = (question: string, rate: number) => {
    const n = asked.get(question) ?? 0;
    asked.set(question, n + 1);
    return seededInt(seed, `rpc:${label}:${question}:${n}`, 1_000_000) < rate * 1_000_000;
  };

  const server = createServer((request, response) => {
    const current = mode;
    void readBody(request).then(async (body) => {
      const question = questionOf(body);
      if (current.mode === 'error' && hit(question, current.rate)) {
        stats.errored++;
        return answer(response, 200, errorBody(body));
      }
      if (current.mode === 'timeout' && hit(question, current.rate)) {
        stats.timedOut++;
        held.add(response);
        response.once('close', () => held.delete(response));
        return; // never answered: the client's own timeout is the only way out
      }
      if (current.mode === 'drop' && hit(question, current.rate)) {
        stats.dropped++;
        request.socket.destroy();
        return;
      }
      if (current.mode === 'latency') {
        stats.delayed++;
        await new Promise((resolve) => setTimeout(resolve, current.latencyMs));
      } else stats.forwarded++;
      await forward(upstream, body, response);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // The proxy never keeps a drill's process alive on its own.
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    upstream,
    setMode(next) {
      mode = next;
    },
    stats,
    async close() {
      for (const socket of sockets) socket.destroy();
      held.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

/** Forwards the body to the upstream and copies its answer back (a dead upstream: 502). */
async function forward(upstream: string, body: string, response: ServerResponse): Promise<void> {
  try {
    const reply = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    answer(response, reply.status, await reply.text());
  } catch (error) {
    answer(response, 502, JSON.stringify({ error: `upstream ${upstream} unreachable: ${String(error)}` }));
  }
}

function answer(response: ServerResponse, status: number, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

/** The JSON-RPC error answer to a request (or to each request of a batch), with the request's id. */
function errorBody(body: string): string {
  const error = (id: unknown) => ({
    jsonrpc: '2.0',
    id: id ?? null,
    error: { code: LIMIT_EXCEEDED, message: 'rpc-fault proxy: request rate limit exceeded' },
  });
  const parsed = parseJson(body);
  if (Array.isArray(parsed)) return JSON.stringify(parsed.map((item) => error(idOf(item))));
  return JSON.stringify(error(idOf(parsed)));
}

/** What a request asks, without its id: its method and params (each member's, for a batch). */
function questionOf(body: string): string {
  const parsed = parseJson(body);
  const one = (item: unknown) =>
    typeof item === 'object' && item !== null
      ? JSON.stringify([(item as { method?: unknown }).method, (item as { params?: unknown }).params])
      : body;
  return Array.isArray(parsed) ? parsed.map(one).join('|') : one(parsed);
}

function idOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'id' in value ? value.id : null;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
