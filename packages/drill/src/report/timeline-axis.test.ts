import { describe, expect, it } from 'vitest';
import { axisTicks, buildTimeAxis } from './timeline-axis.js';

describe('buildTimeAxis', () => {
  it('stays linear when no gap dominates', () => {
    const axis = buildTimeAxis([0, 10, 20, 40], { left: 0, right: 400 });
    expect(axis.segments).toEqual([{ from: 0, to: 40, broken: false, x0: 0, x1: 400 }]);
    expect(axis.x(10)).toBe(100);
    expect(axis.x(-5)).toBe(0);
    expect(axis.x(99)).toBe(400);
  });

  it('compresses a timelock and then the activation margin, longest first', () => {
    const axis = buildTimeAxis([0, 60, 172_860, 178_260, 178_272], { left: 0, right: 1000, breakWidth: 20 });
    expect(axis.segments.map((s) => [s.from, s.to, s.broken])).toEqual([
      [0, 60, false],
      [60, 172_860, true],
      [172_860, 178_260, true],
      [178_260, 178_272, false],
    ]);
    // 72 s drawn linearly over 960 px.
    expect(axis.x(60)).toBeCloseTo(800, 5);
    expect(axis.x(178_272)).toBe(1000);
    expect(axis.x(178_266)).toBeCloseTo(920, 5);
  });

  it('keeps short gaps linear even when they dominate', () => {
    const axis = buildTimeAxis([0, 5, 200], { left: 0, right: 100 });
    expect(axis.segments.every((s) => !s.broken)).toBe(true);
  });

  it('is monotonic', () => {
    const axis = buildTimeAxis([0, 30, 90_000, 90_100, 200_000], { left: 10, right: 910 });
    let last = -Infinity;
    for (let t = 0; t <= 200_000; t += 997) {
      expect(axis.x(t)).toBeGreaterThanOrEqual(last);
      last = axis.x(t);
    }
  });

  it('places ticks at segment ends and round times, spaced apart', () => {
    const axis = buildTimeAxis([0, 60, 172_860, 178_260, 178_272], { left: 0, right: 1000 });
    const ticks = axisTicks(axis, 70);
    expect(ticks[0]).toBe(0);
    expect(ticks).toContain(178_272);
    const xs = ticks.map(axis.x);
    for (let k = 1; k < xs.length; k++) expect((xs[k] ?? 0) - (xs[k - 1] ?? 0)).toBeGreaterThanOrEqual(70 - 1e-9);
  });
});
