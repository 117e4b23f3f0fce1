import { describe, expect, it } from 'vitest';
import { BlockProductionDetector, detectHalt } from './block-production.js';
import { detectUnacknowledged } from './deliveries.js';
import { EquivocationDetector } from './equivocation.js';
import { detectImplementationDrift } from './implementation.js';

const head = (chain: string, at: number, blockNumber: number, blockTimestamp: number) => ({
  chain,
  at,
  blockNumber: BigInt(blockNumber),
  blockTimestamp,
});

describe('BlockProductionDetector', () => {
  const chains = [
    { name: 'polygon', blockTime: 2 },
    { name: 'ethereum', blockTime: 12 },
  ];

  it('a chain with no new block for k × its block time is halted, once; its next block resumes it', () => {
    const detector = new BlockProductionDetector({ chains, missedBlocks: 3 });
    expect(detector.observe(head('polygon', 100, 50, 100))).toEqual([]);
    // 3 missed 2 s blocks, plus 1 s for a head timestamp rounded down to the second.
    expect(detector.observe(head('polygon', 106.9, 50, 100))).toEqual([]);
    const [halted] = detector.observe(head('polygon', 107, 50, 100));
    expect(halted).toMatchObject({
      kind: 'chain-halted',
      chain: 'polygon',
      detectedAt: 107,
      since: 100,
      lastBlock: 50n,
    });
    expect(detector.isHalted('polygon')).toBe(true);
    expect(detector.observe(head('polygon', 200, 50, 100))).toEqual([]); // reported once
    const [resumed] = detector.observe(head('polygon', 300, 51, 300));
    expect(resumed).toMatchObject({ kind: 'chain-resumed', chain: 'polygon', since: 100, detectedAt: 300 });
    expect(detector.isHalted('polygon')).toBe(false);
  });

  it('a chain producing blocks at its cadence is never halted, whatever the gap between polls', () => {
    const detector = new BlockProductionDetector({ chains });
    for (let t = 0; t < 1000; t += 97) {
      expect(detector.observe(head('ethereum', t + 5, t, t))).toEqual([]);
    }
    expect(detector.thresholdOf('ethereum')).toBe(37);
  });

  it('a sub-second chain whose head timestamps are whole seconds is not called halted', () => {
    const detector = new BlockProductionDetector({ chains: [{ name: 'arbitrum', blockTime: 0.25 }] });
    // Blocks at 100.25, 100.5, 100.75 carry timestamp 100; polled at 100.9: 0.9 s, not a halt.
    expect(detector.observe(head('arbitrum', 100.1, 400, 100))).toEqual([]);
    expect(detector.observe(head('arbitrum', 100.9, 403, 100))).toEqual([]);
    expect(detector.observe(head('arbitrum', 101.7, 403, 100))).toEqual([]);
    expect(detector.observe(head('arbitrum', 101.75, 403, 100))).toHaveLength(1);
  });

  it('refuses an unknown chain and a non-positive threshold', () => {
    expect(() => new BlockProductionDetector({ chains }).observe(head('base', 0, 1, 0))).toThrow(RangeError);
    expect(() => new BlockProductionDetector({ chains, missedBlocks: 0 })).toThrow(RangeError);
  });
});

describe('detectHalt', () => {
  const halt = (at: number) =>
    detectHalt({ chain: 'optimism', at, lastBlock: 9n, lastBlockAt: 100, thresholdSeconds: 30, expectation: 'x' });

  it('reports a halt on every look once the newest block is the threshold old, never before', () => {
    expect(halt(129.9)).toBeUndefined();
    expect(halt(130)).toMatchObject({ kind: 'chain-halted', chain: 'optimism', since: 100, detectedAt: 130 });
    expect(halt(500)).toMatchObject({ since: 100, detectedAt: 500, lastBlock: 9n });
  });
});

describe('detectUnacknowledged', () => {
  const messages = [
    { chain: 'optimism', messageId: `0x${'a'.repeat(64)}`, hubState: 'Dispatched' as const },
    { chain: 'arbitrum', messageId: `0x${'b'.repeat(64)}`, hubState: 'Queued' as const },
  ];

  it('nothing before the deadline; after it, each message still only Dispatched, since the deadline', () => {
    expect(detectUnacknowledged({ dispatchedAt: 1000, now: 1299, timeoutSeconds: 300, messages })).toEqual([]);
    const found = detectUnacknowledged({ dispatchedAt: 1000, now: 1360, timeoutSeconds: 300, messages });
    expect(found).toEqual([
      expect.objectContaining({ kind: 'message-not-acknowledged', chain: 'optimism', since: 1300, detectedAt: 1360 }),
    ]);
  });
});

describe('detectImplementationDrift', () => {
  const approved = {
    implementation: '0x00000000000000000000000000000000000000aA' as const,
    codehash: `0x${'1'.repeat(64)}` as const,
  };
  const proxy = '0x00000000000000000000000000000000000000bb' as const;

  it('no problem when the proxy runs the approved code (addresses compared case-insensitively)', () => {
    const found = detectImplementationDrift({
      chain: 'optimism',
      proxy,
      approved,
      observed: { implementation: '0x00000000000000000000000000000000000000AA', codehash: approved.codehash },
      now: 10,
    });
    expect(found.problems).toEqual([]);
    expect(found.differences).toEqual([]);
  });

  it('names another implementation and changed code', () => {
    const found = detectImplementationDrift({
      chain: 'optimism',
      proxy,
      approved,
      observed: { implementation: '0x00000000000000000000000000000000000000cc', codehash: undefined },
      now: 10,
      expectedSince: 4,
    });
    expect(found.problems).toHaveLength(2);
    expect(found.differences).toEqual(['implementation', 'codehash']);
    expect(found).toMatchObject({ kind: 'implementation-drift', since: 4, detectedAt: 10 });
    expect(found.message).toMatch(/not the approved/);
  });
});

describe('EquivocationDetector', () => {
  const guardian = '0x00000000000000000000000000000000000000Aa' as const;
  const other = '0x00000000000000000000000000000000000000bB' as const;
  const seen = (signer: `0x${string}`, id: string, at: number, nonce = 7n, dstChainId = 10n) => ({
    signer,
    srcChainId: 1n,
    dstChainId,
    nonce,
    messageId: `0x${id.repeat(64)}` as `0x${string}`,
    at,
    source: `tx-${id}`,
  });

  it('a guardian that signs two different messages for one nonce and route is reported once, by address', () => {
    const detector = new EquivocationDetector((id) => (id === 10n ? 'optimism' : `chain ${id}`));
    expect(detector.observe([seen(guardian, 'a', 100), seen(other, 'a', 100)])).toEqual([]);
    expect(detector.observe([seen(guardian, 'a', 150)])).toEqual([]); // the same message again
    const found = detector.observe([seen(other, 'b', 200), seen(guardian, 'b', 200)]);
    expect(found.map((d) => d.signer.toLowerCase())).toEqual([other.toLowerCase(), guardian.toLowerCase()]);
    expect(found[1]).toMatchObject({ kind: 'guardian-equivocation', chain: 'optimism', nonce: 7n, since: 200 });
    expect(found[1]?.messageIds).toHaveLength(2);
    expect(found[1]?.message.toLowerCase()).toContain(guardian.toLowerCase());
    expect(detector.observe([seen(guardian, 'c', 300)])).toEqual([]); // reported once per nonce
  });

  it('different nonces or destinations are not equivocation', () => {
    const detector = new EquivocationDetector();
    expect(detector.observe([seen(guardian, 'a', 1, 7n), seen(guardian, 'b', 2, 8n)])).toEqual([]);
    expect(detector.observe([seen(guardian, 'c', 3, 9n, 10n), seen(guardian, 'd', 4, 9n, 137n)])).toEqual([]);
  });
});
