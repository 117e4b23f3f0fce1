import { describe, expect, it } from 'vitest';
import { shuffled } from '../../setup/seeded.js';
import { planSpread } from './exploit.js';

const names = ['ethereum', 'arbitrum', 'optimism', 'polygon'];

/** What `planSpread` reads of a drill: the chains, the clock's now, the seed and the scenario's spread. */
function plan(spreadSeconds: number, seed = 1, now = 1000): Map<string, number> {
  const reachAt = new Map<string, number>();
  planSpread({
    chains: names.map((name) => ({ name })),
    clock: { now },
    reachAt,
    seed,
    scenario: { attacker: { spreadSeconds } },
  } as unknown as Parameters<typeof planSpread>[0]);
  return reachAt;
}

describe('planSpread', () => {
  it('reaches one more chain every attacker.spreadSeconds, in the order the seed draws', () => {
    const order = shuffled(names, 7);
    const reachAt = plan(45, 7);
    expect(order.map((name) => reachAt.get(name))).toEqual([1000, 1045, 1090, 1135]);
  });

  it('with the default 120 s, reaches the last of four chains 360 s after the first', () => {
    const times = [...plan(120).values()].sort((a, b) => a - b);
    expect(times).toEqual([1000, 1120, 1240, 1360]);
  });

  it('with a spread of 0, reaches every chain at once', () => {
    expect(new Set(plan(0).values())).toEqual(new Set([1000]));
  });
});
