import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../snapshot.js';
import { lastCanaries } from './canaries.js';
import { ARBITRUM, CHAINS, HUB, stored } from './test-events.js';

const FIRST = `0x${'c1'.repeat(32)}` as Hex;
const SECOND = `0x${'c2'.repeat(32)}` as Hex;
const received = (chainId: number, block: number, canaryId: Hex, sentAt: number) =>
  stored(chainId, block, 'CanaryReceived', {
    messageId: `0x${block.toString(16).padStart(64, '0')}`,
    canaryId,
    sentAt,
  });

describe('lastCanaries', () => {
  it('keeps each chain’s newest canary, with its latency from the hub’s dispatch time', () => {
    // Timestamps are block × 10: arbitrum's second canary lands at 1230 for a dispatch at 1200.
    const events = [
      received(ARBITRUM, 110, FIRST, 1000),
      received(ARBITRUM, 123, SECOND, 1200),
      received(HUB, 101, FIRST, 1000),
    ];
    const last = lastCanaries(events);
    expect(last.get(ARBITRUM)).toMatchObject({ canaryId: SECOND, sentAt: 1200, deliveredAt: 1230, latencySeconds: 30 });
    expect(last.get(HUB)).toMatchObject({ canaryId: FIRST, latencySeconds: 10 });
  });

  it('shows on the snapshot’s chain status only where a canary arrived', () => {
    const statuses = CHAINS.map((c) => ({
      chain: c.name,
      chainId: c.chainId,
      reachable: true,
      proxies: [],
      signerSets: {},
    }));
    const snapshot = buildSnapshot({
      now: 2000,
      chains: CHAINS,
      statuses,
      events: [received(ARBITRUM, 110, FIRST, 1000)],
      alerts: [],
    });
    expect(snapshot.chains.find((c) => c.chainId === ARBITRUM)?.lastCanary?.latencySeconds).toBe(100);
    expect(snapshot.chains.find((c) => c.chainId === HUB)?.lastCanary).toBeUndefined();
    expect(snapshot.proposals).toEqual([]);
  });
});
