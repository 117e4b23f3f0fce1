import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRpcCalls, MINED_BLOCKS } from '../bench/rpc-count.js';
import { withChainCount } from '../scenario/index.js';
import { fourChainScenario } from '../testing/scenarios.js';
import type { DrillReport } from '../types.js';
import { runDrill } from './run-drill.js';

/** Per chain (by name): the blocks the relay phase mined on that chain with `evm_mine` (a call may mine a run). */
type Measured = { report: DrillReport; relayMines: Map<string, number> };

/** The happy path on `chains` chains (warm: the cache is filled by a first run), counting the blocks the relay mines per chain. */
async function measure(chains: number, cacheDir: string): Promise<Measured> {
  const scenario = withChainCount(
    fourChainScenario({ attacker: { enabled: false, depositWei: '0', spreadSeconds: 0 } }),
    chains,
  );
  const counter = countRpcCalls();
  try {
    const { report } = await runDrill({
      scenario,
      cacheDir,
      onProgress: (p) => {
        if (p.type === 'phase-start') counter.setPhase(p.phase);
        if (p.type === 'phase-end') counter.setPhase('between');
      },
    });
    const relayMines = new Map(
      report.chains.map((chain) => [chain.name, counter.totalTo(chain.rpcUrl, MINED_BLOCKS, 'relay')] as const),
    );
    return { report, relayMines };
  } finally {
    counter.restore();
  }
}

describe('runDrill: the relay does the same work per chain at any chain count', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'lockstep-scale-test-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('acknowledges every delivery in one hub block, and mines no more blocks per chain at 8 chains than at 4', async () => {
    const small = await measure(4, cacheDir);
    const large = await measure(8, cacheDir);
    for (const { report } of [small, large]) {
      expect(report.outcome).toBe('pass');
      const ackBlocks = new Set(
        report.chains.flatMap((c) => c.messages.flatMap((m) => m.acks.map((a) => a.blockNumber))),
      );
      // One hub acknowledgement block per round, whatever the number of messages.
      expect(report.chains.every((c) => c.messages.every((m) => m.acks.length > 0))).toBe(true);
      expect(ackBlocks.size).toBe(1);
    }
    // Per chain, the relay's catch-up mines the same blocks at 8 chains as at 4: the acknowledgements
    // do not drag every chain's clock one hub block per message on.
    for (const [chain, mines] of small.relayMines) {
      expect(mines, chain).toBeGreaterThan(0);
      expect(large.relayMines.get(chain), chain).toBeLessThanOrEqual(mines);
    }
  }, 600_000);
});
