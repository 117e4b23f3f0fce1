import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { OutflowDetector } from './outflow.js';

const VAULT = '0x00000000000000000000000000000000000000aa' as Address;
const at = (t: number, balance: bigint, chain = 'polygon') => ({
  chain,
  address: VAULT,
  at: t,
  balance,
  blockNumber: BigInt(t),
});

describe('OutflowDetector', () => {
  it('a balance that falls between two polls is detected once, from the previous poll; it clears when the fall stops', () => {
    const detector = new OutflowDetector();
    expect(detector.observe(at(100, 10n))).toEqual([]);
    expect(detector.observe(at(112, 10n))).toEqual([]);
    const [drain] = detector.observe(at(124, 0n));
    expect(drain).toMatchObject({ kind: 'funds-outflow', chain: 'polygon', since: 112, detectedAt: 124, lostWei: 10n });
    expect(drain?.message).toContain('10 wei left');
    // Still empty: no new detection; a second drain after a refill is a new one.
    expect(detector.observe(at(136, 0n))).toEqual([]);
    expect(detector.observe(at(148, 5n))).toEqual([]);
    expect(detector.observe(at(160, 1n))).toHaveLength(1);
  });

  it('deposits, small drops under the threshold and other chains are not an outflow', () => {
    const detector = new OutflowDetector({ thresholdWei: 100n });
    detector.observe(at(0, 1000n));
    expect(detector.observe(at(1, 2000n))).toEqual([]);
    expect(detector.observe(at(2, 1901n))).toEqual([]);
    expect(detector.observe(at(3, 1000n, 'arbitrum'))).toEqual([]);
    expect(() => new OutflowDetector({ thresholdWei: 0n })).toThrow(RangeError);
  });
});
