/**
 * A loopback JSON-RPC proxy for child tools that write their RPC URL to disk. forge records the URL
 * of a `forge script --broadcast` run in `cache/<script>/<chain>/run-*.json`; a real URL carries an
 * API key. Given the proxy's `http://127.0.0.1:<port>` instead, forge only ever writes that, and the
 * real URL stays in this process's memory.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LockstepError } from '../errors/base.js';

export type RpcProxy = {
  /** `http://127.0.0.1:<port>`: hand this to the child instead of the real URL. */
  url: string;
  close(): Promise<void>;
};

/** Most bytes of one request body forwarded (a deploy's largest is a contract's creation code). */
const MAX_BODY = 16 * 1024 * 1024;

/**
 * Starts a proxy on 127.0.0.1 (a free port) that forwards each POST body to `target` as is and
 * answers with the target's status and body. Only for http(s) targets.
 *
 * @example
 * const proxy = await startRpcProxy(rpcUrl)
 * try { await runForge(proxy.url) } finally { await proxy.close() }
 */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  if (!/^https?:/.test(target)) throw new LockstepError('startRpcProxy: only http(s) RPC URLs can be proxied');
  const server = createServer((request, response) => {
    void forward(request).then(
      ({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body);
      },
      (error: unknown) => {
        // The child sees a JSON-RPC transport failure; the message never names the real URL.
        const reason = error instanceof Error ? error.name : 'error';
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: `proxy: ${reason}` } }),
        );
      },
    );
  });
  async function forward(request: IncomingMessage): Promise<{ status: number; body: string }> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new LockstepError('request too large');
      chunks.push(chunk as Buffer);
    }
    const upstream = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    return { status: upstream.status, body: await upstream.text() };
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) => reject(new LockstepError('cannot start the local RPC proxy', { cause })));
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
