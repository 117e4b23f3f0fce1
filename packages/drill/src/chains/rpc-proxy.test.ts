import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RpcFaultMode, type RpcProxy, startRpcProxy } from './rpc-proxy.js';

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];
let anvil: Anvil;

beforeAll(async () => {
  [anvil] = (await startAnvils([{ name: 'rpc-proxy-upstream', chainId: 31_337 }])) as [Anvil];
}, 60_000);

afterAll(async () => {
  await stopAnvils([anvil]);
});

/** A proxy in front of the test anvil, closed after `body`. */
async function withProxy(mode: RpcFaultMode, body: (proxy: RpcProxy) => Promise<void>, seed = 7): Promise<void> {
  const proxy = await startRpcProxy({ upstream: anvil.rpcUrl, seed, label: 'test', mode });
  try {
    await body(proxy);
  } finally {
    await proxy.close();
  }
}

const clientOf = (url: string, timeout = 10_000) =>
  createPublicClient({ transport: http(url, { retryCount: 0, timeout }) });

/** Which of `count` eth_chainId calls failed, in order. */
async function outcomes(url: string, count: number): Promise<boolean[]> {
  const client = clientOf(url, 1_000);
  const out: boolean[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      await client.getChainId().then(
        () => true,
        () => false,
      ),
    );
  }
  return out;
}

describe('the RPC fault proxy in front of a real anvil', () => {
  it('pass: forwards requests and the upstream answers', async () => {
    await withProxy({ mode: 'pass' }, async (proxy) => {
      expect(await clientOf(proxy.url).getChainId()).toBe(31_337);
      expect(await clientOf(proxy.url).getBlockNumber()).toBe(await clientOf(anvil.rpcUrl).getBlockNumber());
      expect(proxy.stats.forwarded).toBe(2);
    });
  });

  it('error: answers the seeded share of requests with a JSON-RPC limit-exceeded error', async () => {
    await withProxy({ mode: 'error', rate: 0.5 }, async (proxy) => {
      const results = await outcomes(proxy.url, 40);
      const failed = results.filter((ok) => !ok).length;
      expect(failed).toBe(proxy.stats.errored);
      expect(failed).toBeGreaterThan(8);
      expect(failed).toBeLessThan(32);
      await expect(
        clientOf(proxy.url)
          .request({ method: 'eth_chainId' })
          .catch((e: unknown) => e),
      ).resolves.toSatisfy((e) => e === '0x7a69' || (e instanceof Error && /limit exceeded/i.test(e.message)));
    });
  });

  it('error: the same seed fails the same requests, another seed others', async () => {
    let first: boolean[] = [];
    await withProxy({ mode: 'error', rate: 0.3 }, async (proxy) => {
      first = await outcomes(proxy.url, 30);
    });
    await withProxy({ mode: 'error', rate: 0.3 }, async (proxy) => {
      expect(await outcomes(proxy.url, 30)).toEqual(first);
    });
    await withProxy(
      { mode: 'error', rate: 0.3 },
      async (proxy) => {
        expect(await outcomes(proxy.url, 30)).not.toEqual(first);
      },
      8,
    );
  });

  it('error: other questions asked in between do not change which of these fail', async () => {
    let alone: boolean[] = [];
    await withProxy({ mode: 'error', rate: 0.3 }, async (proxy) => {
      alone = await outcomes(proxy.url, 20);
    });
    await withProxy({ mode: 'error', rate: 0.3 }, async (proxy) => {
      const client = clientOf(proxy.url, 1_000);
      const interleaved: boolean[] = [];
      for (let i = 0; i < 20; i++) {
        await client.getBlockNumber({ cacheTime: 0 }).catch(() => undefined); // a poll, e.g. for a receipt
        interleaved.push((await outcomes(proxy.url, 1))[0] as boolean);
      }
      expect(interleaved).toEqual(alone);
    });
  });

  it('timeout: a hit request is never answered and the client times out', async () => {
    await withProxy({ mode: 'timeout', rate: 1 }, async (proxy) => {
      const started = performance.now();
      await expect(clientOf(proxy.url, 300).getChainId()).rejects.toThrow(/timed out/i);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(proxy.stats.timedOut).toBe(1);
    });
  });

  it('latency: every answer arrives at least the added latency late, and correct', async () => {
    await withProxy({ mode: 'latency', latencyMs: 250 }, async (proxy) => {
      const started = performance.now();
      expect(await clientOf(proxy.url).getChainId()).toBe(31_337);
      expect(performance.now() - started).toBeGreaterThanOrEqual(245);
      expect(proxy.stats.delayed).toBe(1);
    });
  });

  it('drop: a hit request loses its connection with no answer', async () => {
    await withProxy({ mode: 'drop', rate: 1 }, async (proxy) => {
      await expect(clientOf(proxy.url).getChainId()).rejects.toThrow(/HTTP request failed|fetch failed|socket/i);
      expect(proxy.stats.dropped).toBe(1);
    });
  });

  it('a mode change applies to the next request: back to pass, requests go through again', async () => {
    await withProxy({ mode: 'drop', rate: 1 }, async (proxy) => {
      await expect(clientOf(proxy.url).getChainId()).rejects.toThrow();
      proxy.setMode({ mode: 'pass' });
      expect(await clientOf(proxy.url).getChainId()).toBe(31_337);
    });
  });
});
