import { describe, expect, it } from 'vitest';
import type { DrillReport } from '../types.js';
import { formatVirtualTime } from './format.js';
import { renderTimelineSvg } from './render-timeline-svg.js';
import { failReport, passReport } from './test-fixtures.js';
import { isFlowEntry, layoutTimeline, overlaps } from './timeline-layout.js';
import { allElements, parseXml, textOf } from './xml-check.test-util.js';

/** A busy report: many moments close together, long names, an alert and a fault everywhere. */
function busyReport(): DrillReport {
  const report = failReport();
  const extra = Array.from({ length: 12 }, (_, i) => ({
    at: 172_870 + i * 3,
    chain: null,
    kind: 'phase' as const,
    label: `a-rather-long-phase-name-${i}`,
  }));
  return { ...report, timeline: [...report.timeline, ...extra] };
}

const REPORTS: [string, () => DrillReport][] = [
  ['a passing drill', passReport],
  ['a failing drill', failReport],
  ['a busy drill', busyReport],
];

describe('layoutTimeline', () => {
  for (const [name, make] of REPORTS) {
    describe(name, () => {
      const report = make();
      const layout = layoutTimeline(report);

      it('no two label boxes overlap, and every label stays inside the picture', () => {
        const { labels } = layout;
        for (const [i, a] of labels.entries()) {
          for (const b of labels.slice(i + 1)) expect(overlaps(a.box, b.box), `${a.text} / ${b.text}`).toBe(false);
          expect(a.box.x0).toBeGreaterThanOrEqual(0);
          expect(a.box.x1).toBeLessThanOrEqual(layout.width);
          expect(a.box.y0).toBeGreaterThanOrEqual(0);
          expect(a.box.y1).toBeLessThanOrEqual(layout.height);
        }
      });

      it('every key moment (each phase, the activation) has its name above and its time under the axis', () => {
        const texts = (role: string) => layout.labels.filter((l) => l.role === role).map((l) => l.text);
        const named = texts('moment').flatMap((t) => t.split(' · '));
        for (const entry of report.timeline.filter(isFlowEntry))
          expect(named).toContain(entry.kind === 'activation' ? 'activation' : entry.label);
        expect(named).toContain('activation');
        for (const moment of layout.keyMoments) expect(texts('time')).toContain(formatVirtualTime(moment.at));
      });

      it('every axis break (a stretch of a second or more) is labelled with its length', () => {
        const durations = layout.labels.filter((l) => l.role === 'duration').map((l) => l.text);
        const breaks = layout.axis.segments.filter((s) => s.to - s.from >= 1);
        expect(breaks.length).toBeGreaterThan(0);
        expect(durations).toEqual(breaks.map((s) => s.label));
      });

      it('the SVG draws exactly the labels the layout placed', () => {
        const drawn = allElements(parseXml(renderTimelineSvg(report)))
          .filter((e) => e.name === 'text' && e.attributes['data-role'])
          .map((e) => textOf(e));
        expect(drawn).toEqual(layout.labels.map((l) => l.text));
      });
    });
  }

  it('the 2-day timelock takes less than half of the axis (each phase stays readable)', () => {
    const { axis } = layoutTimeline(passReport());
    const timelock = axis.segments.find((s) => s.to - s.from > 100_000);
    const total = (axis.segments.at(-1)?.x1 ?? 0) - (axis.segments[0]?.x0 ?? 0);
    expect(((timelock?.x1 ?? 0) - (timelock?.x0 ?? 0)) / total).toBeLessThan(0.5);
  });
});
