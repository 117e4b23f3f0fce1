import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './concurrency.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([30, 10, 20, 5, 15], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(ms);
      running--;
      return i * 10;
    });
    expect(peak).toBe(2);
    expect(results).toEqual([0, 10, 20, 30, 40]);
  });

  it('runs every item even when one rejects, then rethrows the first rejection', async () => {
    const seen: number[] = [];
    await expect(
      mapWithConcurrency([1, 2, 3, 4], 2, async (n) => {
        seen.push(n);
        if (n === 2) throw new Error('chain 2 broke');
        return n;
      }),
    ).rejects.toThrow('chain 2 broke');
    expect(seen.sort()).toEqual([1, 2, 3, 4]);
  });
});
