/**
 * The clock mines a stretch of empty blocks as runs (one `evm_mine` of many blocks per run of equally
 * spaced timestamps), and every block still lands on its chain's boundary: checked block by block on
 * real anvils with whole-second, half-second and quarter-second block times, then a transaction
 * after the stretch still mines at the chain's automine interval.
 */
import { createWalletClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRpcCalls, MINED_BLOCKS } from '../bench/rpc-count.js';
import { testAccount } from '../setup/keys.js';
import { type StartChainsReturnType, startChains } from './start-chains.js';
import { equallySpacedRuns, VirtualClock } from './virtual-clock.js';

let started: StartChainsReturnType;

beforeAll(async () => {
  started = await startChains([
    // A finality depth: someone counts these chains' blocks, so each gets every boundary.
    { name: 'hub', chainId: 1, blockTime: 12, role: 'hub', finalityDepth: 1 },
    { name: 'l2', chainId: 10, blockTime: 2, role: 'satellite', finalityDepth: 1 },
    { name: 'half', chainId: 100, blockTime: 0.5, role: 'satellite', finalityDepth: 1 },
    { name: 'quarter', chainId: 42161, blockTime: 0.25, role: 'satellite', finalityDepth: 1 },
    // No one counts its blocks: an advance is one block, at its last boundary.
    { name: 'idle', chainId: 8453, blockTime: 2, role: 'satellite', finalityDepth: 0 },
  ]);
}, 60_000);

afterAll(async () => {
  await started?.stop();
});

describe('equallySpacedRuns', () => {
  it('splits timestamps into maximal runs of one spacing', () => {
    expect(equallySpacedRuns([])).toEqual([]);
    expect(equallySpacedRuns([5])).toEqual([{ first: 5, count: 1, spacing: 0 }]);
    expect(equallySpacedRuns([10, 12, 14, 16])).toEqual([{ first: 10, count: 4, spacing: 2 }]);
    expect(equallySpacedRuns([7, 7, 7, 7, 8, 8, 8, 8, 9])).toEqual([
      { first: 7, count: 4, spacing: 0 },
      { first: 8, count: 4, spacing: 0 },
      { first: 9, count: 1, spacing: 0 },
    ]);
    expect(equallySpacedRuns([1, 2, 4, 6])).toEqual([
      { first: 1, count: 2, spacing: 1 },
      { first: 4, count: 2, spacing: 2 },
    ]);
    expect(() => equallySpacedRuns([3, 2])).toThrow(/backwards/);
  });
});

describe('VirtualClock: runs of empty blocks', () => {
  it('mines every boundary of every chain, each block stamped at its own time, with one call per run', async () => {
    const clock = new VirtualClock(started.chains);
    await clock.align();
    const starts = await Promise.all(started.chains.map((c) => c.client.getBlockNumber({ cacheTime: 0 })));
    const counter = countRpcCalls('advance');
    try {
      await clock.advanceTo(6);
    } finally {
      counter.restore();
    }
    for (const [i, chain] of started.chains.entries()) {
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      const from = (starts[i] ?? 0n) + 1n;
      const stamps: number[] = [];
      for (let n = from; n <= head; n++)
        stamps.push(Number((await chain.client.getBlock({ blockNumber: n })).timestamp));
      // Boundaries k × block time in (0, 6], stamped floor(t) after the origin; only the last where no one counts blocks.
      const expected: number[] = [];
      for (let k = 1; k * chain.blockTime <= 6 + 1e-9; k++)
        expected.push(clock.origin + Math.floor(k * chain.blockTime));
      if (chain.finalityDepth === 0) expected.splice(0, expected.length - 1);
      expect({ chain: chain.name, stamps }).toEqual({ chain: chain.name, stamps: expected });
    }
    // The hub has no boundary before 12; l2 is one run (3 blocks); the half-second chain's 12 blocks
    // (stamps 0 1 1 2 2 ... 6) are 6 runs of two a second apart; the quarter-second chain's 24 blocks
    // are a run per second (0 0 0 | 1 1 1 1 | ... | 6): 7 runs. Block by block it was 3 + 12 + 24 calls.
    // The idle chain: one block (its 3 boundaries would have been one run of 3).
    expect(counter.total('evm_mine')).toBe(0 + 1 + 6 + 7 + 1);
    expect(counter.total(MINED_BLOCKS)).toBe(0 + 3 + 12 + 24 + 1);
  });

  it('leaves the automine interval as it was: a transaction after a stretch mines one block time on', async () => {
    const quarter = started.chains.find((c) => c.name === 'quarter');
    const l2 = started.chains.find((c) => c.name === 'l2');
    if (!quarter || !l2) throw new Error('chains missing');
    const clock = new VirtualClock(started.chains);
    await clock.align();
    await clock.advanceTo(3);
    for (const chain of [quarter, l2]) {
      const before = await chain.client.getBlock({ blockTag: 'latest' });
      const wallet = createWalletClient({ account: testAccount(0), transport: http(chain.rpcUrl) });
      const hash = await wallet.sendTransaction({ chain: null, to: testAccount(1).address, value: 1n });
      const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      const after = await chain.client.getBlock({ blockNumber: receipt.blockNumber });
      expect(after.number).toBe(before.number + 1n);
      expect(after.timestamp - before.timestamp).toBe(BigInt(Math.max(1, Math.ceil(chain.blockTime))));
    }
  });
});
