import { describe, expect, it } from 'vitest';
import { buildTimeAxis } from './timeline-axis.js';

describe('buildTimeAxis', () => {
  it('gives each stretch between moments a width growing with the log of its length, labelled with it', () => {
    // start, scheduled, dispatched (2-day timelock), delivered (24 s), activation (1.5 h), executed (12 s).
    const axis = buildTimeAxis([0, 60, 172_860, 172_884, 178_260, 178_272], { left: 0, right: 1000 });
    expect(axis.segments.map((s) => s.label)).toEqual(['1 min', '2 d', '24 s', '1 h 29 min 36 s', '12 s']);
    const widths = axis.segments.map((s) => s.x1 - s.x0);
    const [minute, timelock, delivery, margin, block] = widths as [number, number, number, number, number];
    // Longer stretches are wider, but the timelock no longer swallows the picture.
    expect(timelock).toBeGreaterThan(margin);
    expect(margin).toBeGreaterThan(minute);
    expect(delivery).toBeGreaterThan(block);
    expect(timelock).toBeLessThan(400);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(14);
    expect(axis.x(0)).toBe(0);
    expect(axis.x(178_272)).toBeCloseTo(1000, 5);
  });

  it('keeps moments a fraction of a second apart at least the minimum width apart, unlabelled', () => {
    const axis = buildTimeAxis([0, 100, 100.25], { left: 0, right: 500 });
    expect(axis.x(100.25) - axis.x(100)).toBeGreaterThanOrEqual(14);
    expect(axis.segments.at(-1)?.label).toBeNull();
  });

  it('is monotonic and clamps outside the drill', () => {
    const axis = buildTimeAxis([0, 5, 3600, 90_000], { left: 10, right: 610 });
    let last = Number.NEGATIVE_INFINITY;
    for (let t = 0; t <= 90_000; t += 97) {
      expect(axis.x(t)).toBeGreaterThanOrEqual(last);
      last = axis.x(t);
    }
    expect(axis.x(-5)).toBe(10);
    expect(axis.x(1e9)).toBeCloseTo(610, 5);
  });

  it('draws an empty drill as one stretch', () => {
    expect(buildTimeAxis([], { left: 0, right: 100 }).segments).toHaveLength(1);
  });
});
