import { describe, expect, it } from 'vitest';
import { setBounded } from './bounded-map.js';

describe('setBounded', () => {
  it('keeps at most `limit` entries, the oldest set going first, and returns the value', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c'].entries()) expect(setBounded(map, key, i, 2)).toBe(i);
    expect([...map]).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('lets nothing go when the key is already held', () => {
    const map = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    setBounded(map, 'a', 5, 2);
    expect([...map]).toEqual([
      ['a', 5],
      ['b', 1],
    ]);
  });
});
