/**
 * The drill's own client talks to its anvil over one WebSocket: its calls are counted under the
 * chain's HTTP URL like any other, the socket closes with the chain, and a call to a stopped chain
 * fails at once instead of waiting out a timeout.
 */
import { describe, expect, it } from 'vitest';
import { countRpcCalls } from '../bench/rpc-count.js';
import { startChains } from './start-chains.js';

describe('drill transport', () => {
  it('sends the chain client over a WebSocket, counted under the HTTP URL, and closes it with the chain', async () => {
    const started = await startChains([{ name: 'hub', chainId: 1, blockTime: 12, role: 'hub', finalityDepth: 0 }]);
    const [chain] = started.chains;
    if (!chain) throw new Error('no chain');
    const counter = countRpcCalls('test');
    try {
      expect(chain.client.transport.type).toBe('webSocket');
      await chain.client.getBlockNumber({ cacheTime: 0 });
      await chain.client.mine({ blocks: 2 });
      expect(counter.totalTo(chain.rpcUrl, 'eth_blockNumber')).toBe(1);
      expect(counter.totalTo(chain.rpcUrl, 'anvil_mine')).toBe(1);
    } finally {
      counter.restore();
      await started.stop();
    }
    const startedAt = Date.now();
    await expect(chain.client.getBlockNumber({ cacheTime: 0 })).rejects.toThrow();
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  }, 60_000);
});
