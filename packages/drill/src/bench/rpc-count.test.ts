import { rpcHttp } from '@lockstep/core/chain';
import { startAnvil } from '@lockstep/toolchain';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRpcCalls } from './rpc-count.js';

let anvil: Awaited<ReturnType<typeof startAnvil>>;
beforeAll(async () => {
  anvil = await startAnvil({ name: 'counted', chainId: 31337 });
});
afterAll(async () => {
  await anvil?.stop();
});

describe('countRpcCalls', () => {
  it("counts core's loopback client and the global fetch alike, per phase, and stops at restore", async () => {
    const core = createPublicClient({ transport: rpcHttp(anvil.rpcUrl, { retryCount: 0 }) });
    const plain = createPublicClient({ transport: http(anvil.rpcUrl, { retryCount: 0 }) });
    const counter = countRpcCalls('one');
    try {
      await core.getChainId();
      await plain.getBlockNumber({ cacheTime: 0 });
      counter.setPhase('two');
      await core.getBalance({ address: `0x${'22'.repeat(20)}` });
    } finally {
      counter.restore();
    }
    await core.getChainId(); // after restore: not counted
    expect(counter.total('eth_chainId')).toBe(1);
    expect(counter.total('eth_blockNumber', 'one')).toBe(1);
    expect(counter.totalTo(anvil.rpcUrl, 'eth_getBalance', 'two')).toBe(1);
  });
});
