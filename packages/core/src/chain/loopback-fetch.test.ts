import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAnvil } from '@lockstep/toolchain';
import { createPublicClient, HttpRequestError, TimeoutError } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchingRpcHttp, rpcHttp } from './clients.js';
import { isLoopbackHttp, observeLoopbackRequests } from './loopback-fetch.js';

let anvil: Awaited<ReturnType<typeof startAnvil>>;
beforeAll(async () => {
  anvil = await startAnvil({ name: 'loopback', chainId: 31337 });
});
afterAll(async () => {
  await anvil?.stop();
});

/** A local HTTP server answering with `handler`; resolves with its URL and a closer. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('isLoopbackHttp', () => {
  it('is plain HTTP to this machine only', () => {
    for (const url of ['http://127.0.0.1:8545', 'http://localhost:8545/', 'http://[::1]:8545', 'http://127.1.2.3/rpc'])
      expect({ url, loopback: isLoopbackHttp(url) }).toEqual({ url, loopback: true });
    for (const url of [
      'https://127.0.0.1:8545',
      'ws://127.0.0.1:8545',
      'http://10.0.0.1:8545',
      'http://eth.example',
      'nope',
    ])
      expect({ url, loopback: isLoopbackHttp(url) }).toEqual({ url, loopback: false });
  });
});

describe('rpcHttp to a loopback endpoint', () => {
  it('answers JSON-RPC from a real anvil without the global fetch', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const client = createPublicClient({ transport: rpcHttp(anvil.rpcUrl, { retryCount: 0 }) });
      const [chainId, block, many] = await Promise.all([
        client.getChainId(),
        client.getBlockNumber({ cacheTime: 0 }),
        Promise.all(Array.from({ length: 32 }, () => client.getBalance({ address: `0x${'11'.repeat(20)}` }))),
      ]);
      expect(chainId).toBe(31337);
      expect(block).toBeGreaterThanOrEqual(0n);
      expect(many).toEqual(Array(32).fill(0n));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an HTTP error status with its body, as viem does for fetch', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded');
    });
    try {
      const client = createPublicClient({ transport: rpcHttp(server.url, { retryCount: 0 }) });
      const error = await client.getChainId().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpRequestError);
      expect((error as HttpRequestError).status).toBe(503);
      expect((error as HttpRequestError).details).toContain('overloaded');
    } finally {
      await server.close();
    }
  });

  it('fails a dead endpoint with an HttpRequestError, and a silent one with a TimeoutError', async () => {
    const dead = await serve(() => undefined);
    const deadUrl = dead.url;
    await dead.close();
    const refused = await createPublicClient({ transport: rpcHttp(deadUrl, { retryCount: 0 }) })
      .getChainId()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpRequestError);
    expect(String((refused as HttpRequestError).cause)).toMatch(/ECONNREFUSED/);

    const silent = await serve(() => undefined); // reads the request, never answers
    try {
      const started = performance.now();
      const timedOut = await createPublicClient({ transport: rpcHttp(silent.url, { retryCount: 0, timeout: 300 }) })
        .getChainId()
        .catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });

  it('reports a connection the server drops as an HttpRequestError, and never sends the call twice', async () => {
    let received = 0;
    const server = await serve((req) => {
      received += 1;
      req.socket.destroy(); // an RPC-fault proxy's dropped connection
    });
    try {
      const client = createPublicClient({ transport: rpcHttp(server.url, { retryCount: 0 }) });
      const dropped = await client.getChainId().catch((e: unknown) => e);
      expect(dropped).toBeInstanceOf(HttpRequestError);
      expect(String((dropped as HttpRequestError).cause)).toMatch(/socket hang up|ECONNRESET/);
      expect(received).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('holds no process open: a script that made a call exits at once', () => {
    const script = `
      import { loopbackFetch } from ${JSON.stringify(new URL('./loopback-fetch.ts', import.meta.url).pathname)};
      const response = await loopbackFetch(${JSON.stringify(anvil.rpcUrl)}, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      console.log((await response.json()).result, Date.now());
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    const exited = Date.now();
    const [chainId, answeredAt] = run.stdout.trim().split(' ');
    expect(chainId).toBe('0x7a69');
    expect(run.status).toBe(0);
    // An idle kept-alive socket that held the process would keep it for IDLE_SOCKET_MS (2 s) more.
    expect(exited - Number(answeredAt)).toBeLessThan(1_500);
  });
});

describe('batchingRpcHttp', () => {
  it('sends the calls several clients on one loopback URL make together as one batch', async () => {
    const bodies: string[] = [];
    const unobserve = observeLoopbackRequests((url, body) => {
      if (url.startsWith(anvil.rpcUrl)) bodies.push(body);
    });
    try {
      const members = Array.from({ length: 3 }, () => createPublicClient({ transport: batchingRpcHttp(anvil.rpcUrl) }));
      const addresses = [`0x${'11'.repeat(20)}`, `0x${'22'.repeat(20)}`, `0x${'33'.repeat(20)}`] as const;
      const balances = await Promise.all(
        members.flatMap((client) => addresses.map((address) => client.getBalance({ address }))),
      );
      expect(balances).toEqual(Array(9).fill(0n));
      // Nine calls from three clients, one request: a JSON array of nine calls.
      expect(bodies).toHaveLength(1);
      expect((JSON.parse(bodies[0] ?? '') as unknown[]).length).toBe(9);
      expect(batchingRpcHttp(anvil.rpcUrl)).toBe(batchingRpcHttp(anvil.rpcUrl));
    } finally {
      unobserve();
    }
  });

  it('keeps the shared transports of the latest 1,024 loopback URLs, and none of remote ones', () => {
    const first = batchingRpcHttp('http://127.0.0.1:1/');
    expect(batchingRpcHttp('http://127.0.0.1:1/')).toBe(first);
    for (let port = 2; port <= 1025; port++) batchingRpcHttp(`http://127.0.0.1:${port}/`);
    // 1,024 URLs came after it: it was let go, so a new client gets a new transport; the latest is kept.
    expect(batchingRpcHttp('http://127.0.0.1:1/')).not.toBe(first);
    expect(batchingRpcHttp('http://127.0.0.1:1025/')).toBe(batchingRpcHttp('http://127.0.0.1:1025/'));
    expect(batchingRpcHttp('https://rpc.example/v1')).not.toBe(batchingRpcHttp('https://rpc.example/v1'));
  });

  it('leaves a remote URL unbatched (not every provider takes batches)', async () => {
    const bodies: string[] = [];
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
      const body = String(init?.body);
      bodies.push(body);
      const { id } = JSON.parse(body) as { id: number };
      return new Response(JSON.stringify({ jsonrpc: '2.0', id, result: '0x0' }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    try {
      const client = createPublicClient({ transport: batchingRpcHttp('https://rpc.example/v1') });
      const balances = await Promise.all([
        client.getBalance({ address: `0x${'11'.repeat(20)}` }),
        client.getBalance({ address: `0x${'22'.repeat(20)}` }),
      ]);
      expect(balances).toEqual([0n, 0n]);
      expect(bodies.map((body) => body.startsWith('['))).toEqual([false, false]);
    } finally {
      spy.mockRestore();
    }
  });
});
