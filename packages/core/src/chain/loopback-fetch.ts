/**
 * A `fetch` for JSON-RPC to loopback endpoints (a devnet, a drill's anvils), over node's own HTTP
 * client with kept-alive connections.
 *
 * Why: the global `fetch` (undici) spends 0.6-1.5 ms of CPU on one JSON-RPC call to a local anvil;
 * this spends half that (measured through viem's http transport, one call at a time and 16 at once).
 * With 128 local chains the relayer, guardians, keeper and council tools make ~10,000 such calls per
 * drill, all in one process. Remote endpoints keep the global `fetch` (TLS, proxies, HTTP/2 are its
 * job, not this one's).
 *
 * It does only what viem's http transport asks of it: a POST with a string body, headers and an
 * abort signal, answered with a `Response` of the status, content type and body.
 */
import { Agent, type IncomingMessage, request } from 'node:http';

/**
 * Idle sockets are closed after this long, before a node HTTP server (an RPC-fault proxy) would
 * close them at its own 5 s keep-alive timeout: a request never races the server's close.
 */
const IDLE_SOCKET_MS = 2_000;

const agent = new Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' });

/** Told of every request `loopbackFetch` sends: its URL and body. */
export type LoopbackRequestObserver = (url: string, body: string) => void;

const observers = new Set<LoopbackRequestObserver>();

/**
 * Calls `observer` with every request `loopbackFetch` sends from now on (a benchmark's RPC counter:
 * these requests do not pass through the global `fetch` it wraps). Returns the unsubscribe.
 */
export function observeLoopbackRequests(observer: LoopbackRequestObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Whether `url` is plain HTTP to this machine (`localhost`, 127.0.0.0/8 or `[::1]`). */
export function isLoopbackHttp(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * `fetch` for viem's `http({ fetchFn })` to a loopback URL. A failure (refused, reset, dropped)
 * rejects and viem reports it as an `HttpRequestError`, as it would a failed `fetch`. Nothing is sent
 * twice: a dropped connection is the endpoint's answer (an RPC-fault drill drops them on purpose),
 * and idle sockets close before a server's keep-alive timeout could race a request.
 */
export function loopbackFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const body = typeof init?.body === 'string' ? init.body : '';
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(body)) };
  new Headers(init?.headers).forEach((value, key) => {
    headers[key] = value;
  });
  for (const observer of observers) observer(url.href, body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init?.method ?? 'POST',
        headers,
        agent,
        ...(init?.signal ? { signal: init.signal } : {}),
      },
      (res) => collect(res).then(resolve, reject),
    );
    req.once('error', reject);
    req.end(body);
  });
}

/** The whole answer as a `Response` (status, content type, body). */
function collect(res: IncomingMessage): Promise<Response> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('error', reject);
    res.once('end', () => {
      const status = res.statusCode ?? 0;
      const headers = new Headers();
      const type = res.headers['content-type'];
      if (type !== undefined) headers.set('content-type', type);
      // A null-body status (204, 304) takes no body in a `Response`.
      const text = status === 204 || status === 304 ? null : Buffer.concat(chunks).toString('utf8');
      resolve(new Response(text, { status, statusText: res.statusMessage ?? '', headers }));
    });
  });
}
