/**
 * How the drill itself talks to its anvils: one WebSocket per chain (anvil serves WebSocket on its
 * HTTP port), not an HTTP request per call. The drill's clock, monitor and actors send thousands of
 * small calls per chain; over HTTP each one costs about a millisecond of this process's CPU in
 * `fetch` (request and response objects, streams, a socket write), over one open socket about a
 * tenth of that (`docs/bench.md`). What Lockstep's own components send (the relayer, guardians,
 * keeper, council tools) stays on the HTTP URLs they are configured with, as on real networks.
 *
 * Every call is still counted by `countRpcCalls` (under the chain's HTTP URL).
 */
import { type Transport, webSocket } from 'viem';
import { getWebSocketRpcClient } from 'viem/utils';
import { noteRpcRequest } from '../bench/rpc-count.js';

/** Seconds a call may take (an anvil mining a long run of blocks is the slowest). */
const REQUEST_TIMEOUT_MS = 30_000;

const SOCKET_OPTIONS = { keepAlive: false, reconnect: false } as const;

/** The URLs a socket may be open to (a call was sent): only those are closed. */
const opened = new Set<string>();

/** `ws://host:port` for anvil's `http://host:port`. */
export function webSocketUrl(rpcUrl: string): string {
  return rpcUrl.replace(/^http/, 'ws');
}

/**
 * A transport over one WebSocket to the anvil at `rpcUrl` (shared by every client of that URL), no
 * retries, no reconnects: an anvil that went away fails the call, as a refused HTTP request would.
 */
export function drillTransport(rpcUrl: string): Transport {
  const inner = webSocket(webSocketUrl(rpcUrl), { ...SOCKET_OPTIONS, retryCount: 0, timeout: REQUEST_TIMEOUT_MS });
  return (parameters) => {
    const transport = inner(parameters);
    const request: typeof transport.request = (args, options) => {
      noteRpcRequest(rpcUrl, args.method, args.params);
      opened.add(rpcUrl);
      return transport.request(args, options);
    };
    return { ...transport, request };
  };
}

/** Closes the WebSocket to `rpcUrl`, if one is open (before its anvil stops, or when the drill leaves it running). */
export async function closeDrillTransport(rpcUrl: string): Promise<void> {
  if (!opened.delete(rpcUrl)) return;
  // The cached client of that socket (the same options give the same cache entry as the transport's).
  const client = await getWebSocketRpcClient(webSocketUrl(rpcUrl), SOCKET_OPTIONS).catch(() => undefined);
  client?.close();
}
