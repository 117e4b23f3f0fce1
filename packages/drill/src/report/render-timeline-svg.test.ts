import { describe, expect, it } from 'vitest';
import type { DrillReport } from '../types.js';
import { renderTimelineSvg } from './render-timeline-svg.js';
import { failReport, passReport } from './test-fixtures.js';
import { allElements, parseXml, textOf } from './xml-check.test-util.js';

function render(report: DrillReport) {
  const svg = renderTimelineSvg(report);
  const root = parseXml(svg);
  return { svg, root, elements: allElements(root) };
}

describe('renderTimelineSvg', () => {
  it('draws a well-formed SVG with a title, lanes and a legend', () => {
    const { root, elements } = render(passReport());
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    const texts = elements.filter((e) => e.name === 'text').map(textOf);
    expect(texts[0]).toBe('Drill happy-path: PASS (seed 1)');
    for (const lane of ['flow', 'ethereum', 'arbitrum', 'optimism', 'polygon']) expect(texts).toContain(lane);
    for (const item of ['queued', 'activation', 'executed', 'fault', 'alert', 'exploit', 'axis break (length below)'])
      expect(texts).toContain(item);
    // Axis labels are virtual time.
    expect(texts.filter((t) => /^\+\d{2}:\d{2}:\d{2}$/.test(t)).length).toBeGreaterThanOrEqual(4);
  });

  it('gives queued, activation and executed markers their own shapes', () => {
    const { elements } = render(passReport());
    const withTitle = (prefix: string) =>
      elements.filter((e) => e.children.some((c) => c.name === 'title' && textOf(c).includes(prefix)));
    expect(withTitle(' queued on ').map((e) => e.name)).toEqual(['circle', 'circle', 'circle', 'circle']);
    expect(withTitle(' executed on ').map((e) => e.name)).toEqual(['rect', 'rect', 'rect', 'rect']);
    expect(withTitle(' activation').map((e) => e.name)).toEqual(['path']);
  });

  it('draws an emergency pause and unpause apart from an execution, with their legend entries', () => {
    const report = passReport();
    report.timeline.push(
      { at: 30, chain: 'arbitrum', kind: 'executed', label: 'paused' },
      { at: 30, chain: null, kind: 'phase', label: 'paused everywhere' },
      { at: 90, chain: 'arbitrum', kind: 'executed', label: 'unpaused' },
    );
    const { elements } = render(report);
    const texts = elements.filter((e) => e.name === 'text').map(textOf);
    expect(texts).toContain('paused');
    expect(texts).toContain('unpaused');
    expect(texts.some((t) => t.split(' · ').includes('paused everywhere'))).toBe(true);
    const withTitle = (prefix: string) =>
      elements.filter((e) => e.children.some((c) => c.name === 'title' && textOf(c).includes(prefix)));
    // A group (bars on a square) for the pause, a hollow group for the unpause; never the plain square.
    expect(withTitle('arbitrum: paused').map((e) => e.name)).toEqual(['g']);
    expect(withTitle('arbitrum: unpaused').map((e) => e.name)).toEqual(['g']);
    expect(
      render(passReport())
        .elements.filter((e) => e.name === 'text')
        .map(textOf),
    ).not.toContain('unpaused');
  });

  it('draws a message refused on arrival as a cross on its chain, with a legend entry only when there is one', () => {
    const report = failReport();
    report.timeline.push({ at: 700_000, chain: 'polygon', kind: 'expired', label: 'expired on arrival' });
    const { elements } = render(report);
    const withTitle = (prefix: string) =>
      elements.filter((e) => e.children.some((c) => c.name === 'title' && textOf(c).includes(prefix)));
    expect(withTitle('polygon: expired on arrival').map((e) => e.name)).toEqual(['g']);
    expect(elements.filter((e) => e.name === 'text').map(textOf)).toContain('expired');
    expect(
      render(failReport())
        .elements.filter((e) => e.name === 'text')
        .map(textOf),
    ).not.toContain('expired');
  });

  it('labels the timelock with its length on a broken axis, so the busy parts stay readable', () => {
    const { elements } = render(passReport());
    const durations = elements.filter((e) => e.attributes['data-role'] === 'duration').map(textOf);
    expect(durations).toContain('2 d');
    // The executions, seconds apart after a 2-day wait, are still pixels apart.
    const xs = elements
      .filter((e) => e.name === 'rect' && e.children.some((c) => textOf(c).includes(' executed on ')))
      .map((e) => Number(e.attributes.x));
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(10);
  });

  it('shades faults, keeps open ones to the end, and draws alerts and exploits', () => {
    const { elements, root } = render(failReport());
    const bands = elements.filter((e) => e.name === 'rect' && e.attributes.fill === '#dd6b20' && e.children.length > 0);
    expect(bands).toHaveLength(2);
    const open = bands.find((b) => textOf(b).startsWith('halt-chain on polygon'));
    expect(open?.attributes['stroke-dasharray']).toBe('3 2');
    expect(textOf(open as never)).toContain('to the end');
    const right = Number(open?.attributes.x) + Number(open?.attributes.width);
    expect(right).toBeCloseTo(Number(root.attributes.width) - 30, 0);
    const alerts = elements.filter((e) => e.name === 'line' && e.attributes.stroke === '#c53030' && e.children.length);
    expect(alerts.map((a) => textOf(a))).toEqual([
      '+48:03:00 alert chain-halted on polygon: no block for 120 s',
      '+49:32:00 alert message-not-acknowledged: polygon has not acknowledged',
    ]);
    expect(elements.some((e) => e.name === 'path' && textOf(e).includes('exploit on polygon'))).toBe(true);
    expect(textOf(elements.find((e) => e.name === 'text') as never)).toBe('Drill halted-chain: FAIL (seed 7)');
  });

  it('escapes a hostile scenario name and labels', () => {
    const hostile = { ...failReport(), scenario: `</text><script>alert("x")</script>&'` };
    hostile.timeline = [...hostile.timeline, { at: 1, chain: null, kind: 'phase', label: '<b>&amp;</b>' }];
    const [fault] = hostile.faults;
    if (fault) hostile.faults = [{ ...fault, detail: ']]><!-- "' }];
    const { svg, elements } = render(hostile);
    expect(elements.some((e) => e.name === 'script')).toBe(false);
    expect(svg).not.toContain('<script');
    expect(textOf(elements.find((e) => e.name === 'title') as never)).toBe(
      `Drill </text><script>alert("x")</script>&': FAIL (seed 7)`,
    );
    expect(elements.filter((e) => e.name === 'text').map(textOf)).toContain('<b>&amp;</b>');
  });

  it('is deterministic', () => {
    expect(renderTimelineSvg(failReport())).toBe(renderTimelineSvg(failReport()));
  });

  it('draws an empty report', () => {
    const empty = { ...passReport(), chains: [], timeline: [], faults: [], alerts: [] };
    expect(render(empty).root.name).toBe('svg');
  });
});
