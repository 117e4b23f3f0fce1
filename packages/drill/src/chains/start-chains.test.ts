/**
 * Starting many anvils through the pool: one that cannot start fails the whole start with an error
 * naming it, no anvil is left running, and no queued one starts after the failure.
 */
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { describe, expect, it } from 'vitest';
import { anvilChildren } from '../testing/anvil-children.js';
import type { ScenarioChain } from '../types.js';
import { DrillSetupError } from './setup-error.js';
import { startChains } from './start-chains.js';

describe('startChains', () => {
  it('a chain whose anvil cannot start fails the start by name, and leaves no anvil running', async () => {
    const [upstream] = await startAnvils([{ name: 'upstream', chainId: 10 }]);
    if (!upstream) throw new Error('no upstream');
    try {
      const before = anvilChildren().length;
      const chains: ScenarioChain[] = Array.from({ length: 24 }, (_, i) => ({
        name: `c${i}`,
        chainId: 1000 + i,
        blockTime: 2,
        role: i === 0 ? 'hub' : 'satellite',
        finalityDepth: 0,
      }));
      // A fork at a block the upstream does not have: that anvil exits at start.
      chains[3] = { ...(chains[3] as ScenarioChain), fork: { url: upstream.rpcUrl, blockNumber: 1_000_000 } };
      const error = await startChains(chains).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DrillSetupError);
      expect((error as DrillSetupError).message).toMatch(/c3/);
      expect((error as DrillSetupError).message).toMatch(/chains\[3\]\.fork/);
      expect(anvilChildren().length).toBe(before);
    } finally {
      await stopAnvils([upstream]);
    }
  }, 120_000);
});
