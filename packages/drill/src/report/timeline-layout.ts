/**
 * Where everything of the timeline picture goes: the picture's size, the lanes, the axis, and every
 * text label with its box. Labels are placed in rows, greedily, so no two boxes overlap: the flow's
 * key moments above the flow lane, their times under the axis, and each stretch's length under
 * those. The renderer draws what this decides; the layout test checks its rules.
 */
import type { DrillReport, TimelineEntry } from '../types.js';
import { formatVirtualTime, sortedTimeline } from './format.js';
import { buildTimeAxis, segmentCount, type TimeAxis } from './timeline-axis.js';

export const LEFT = 120;
export const RIGHT_MARGIN = 30;
const TOP = 64;
const CHAIN_LANE = 34;
const ROW = 13;
/** Average advance of one character, per px of font size (system-ui, a little generous). */
const CHAR_WIDTH = 0.6;
/** Horizontal room kept between two labels of a row. */
const PAD = 6;

export type Box = { x0: number; x1: number; y0: number; y1: number };

export type LabelRole = 'moment' | 'time' | 'duration';

export type PlacedLabel = {
  role: LabelRole;
  text: string;
  /** Anchor point and alignment, as drawn. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  fontSize: number;
  box: Box;
};

export type Lane = { name: string; y: number; height: number };

/** A moment of the flow lane: the phases (and a shared activation) at one point of the axis. */
export type KeyMoment = { at: number; x: number; names: string[] };

export type TimelineLayout = {
  width: number;
  height: number;
  axis: TimeAxis;
  /** The flow lane first, then one per chain. */
  lanes: Lane[];
  lanesTop: number;
  lanesBottom: number;
  keyMoments: KeyMoment[];
  labels: PlacedLabel[];
  /** Where the legend's row sits. */
  legendY: number;
};

export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH;
}

/** The entries drawn on the flow lane: the phases, and an activation shared by every chain. */
export function isFlowEntry(entry: TimelineEntry): boolean {
  return entry.kind === 'phase' || (entry.kind === 'activation' && entry.chain === null);
}

export function layoutTimeline(report: DrillReport): TimelineLayout {
  const entries = sortedTimeline(report);
  const points = [
    ...entries.map((e) => e.at),
    ...report.faults.flatMap((f) => (f.clearedAt === null ? [f.injectedAt] : [f.injectedAt, f.clearedAt])),
    ...report.alerts.map((a) => a.at),
  ];
  const width = Math.max(1000, LEFT + RIGHT_MARGIN + segmentCount(points) * 44);
  const axis = buildTimeAxis(points, { left: LEFT, right: width - RIGHT_MARGIN });

  // Key moments: the flow entries at one point of the axis share one label.
  const keyMoments: KeyMoment[] = [];
  for (const entry of entries.filter(isFlowEntry)) {
    const x = axis.x(entry.at);
    const last = keyMoments.at(-1);
    const name = entry.kind === 'activation' ? 'activation' : entry.label;
    if (last && Math.abs(last.x - x) < 1) {
      if (!last.names.includes(name)) last.names.push(name);
    } else keyMoments.push({ at: entry.at, x, names: [name] });
  }

  // Above the flow lane: each moment's names, rows growing upwards.
  const momentRows = placeRows(
    keyMoments.map((m) => ({ x: m.x, text: m.names.join(' · '), fontSize: 10 })),
    width,
  );
  const rowsAbove = Math.max(1, ...momentRows.map((p) => p.row + 1));
  const flowHeight = 26 + rowsAbove * ROW;
  const lanes: Lane[] = [{ name: '', y: TOP, height: flowHeight }];
  for (const [i, chain] of report.chains.entries())
    lanes.push({ name: chain.name, y: TOP + flowHeight + i * CHAIN_LANE, height: CHAIN_LANE });
  const lanesBottom = TOP + flowHeight + report.chains.length * CHAIN_LANE;
  const flowMarkerY = TOP + flowHeight - 14;

  const labels: PlacedLabel[] = momentRows.map((p) => place('moment', p, flowMarkerY - 12 - p.row * ROW));

  // Under the axis: each moment's time, then each stretch's length.
  const timeRows = placeRows(
    keyMoments.map((m) => ({ x: m.x, text: formatVirtualTime(m.at), fontSize: 10 })),
    width,
  );
  const timeTop = lanesBottom + 16;
  labels.push(...timeRows.map((p) => place('time', p, timeTop + p.row * ROW)));
  const timeRowCount = Math.max(1, ...timeRows.map((p) => p.row + 1));
  const durationTop = timeTop + timeRowCount * ROW + 6;
  const durationRows = placeRows(
    axis.segments.flatMap((s) => (s.label ? [{ x: (s.x0 + s.x1) / 2, text: s.label, fontSize: 9 }] : [])),
    width,
  );
  labels.push(...durationRows.map((p) => place('duration', p, durationTop + p.row * 12)));
  const durationRowCount = Math.max(1, ...durationRows.map((p) => p.row + 1));
  const legendY = durationTop + durationRowCount * 12 + 22;
  return {
    width,
    height: legendY + 24,
    axis,
    lanes,
    lanesTop: TOP,
    lanesBottom,
    keyMoments,
    labels,
    legendY,
  };
}

type Wanted = { x: number; text: string; fontSize: number };
type Placed = Wanted & { row: number; anchor: 'start' | 'middle' | 'end'; from: number; to: number };

/** Greedy rows: each label, left to right, goes to the first row where it fits; as many rows as needed. */
function placeRows(wanted: readonly Wanted[], width: number): Placed[] {
  const rowEnds: number[] = [];
  return [...wanted]
    .sort((a, b) => a.x - b.x)
    .map((w) => {
      const size = textWidth(w.text, w.fontSize);
      // Centred on its moment, unless that would run past the picture's edge: then it hangs inward.
      const anchor = w.x - size / 2 < 4 ? 'start' : w.x + size / 2 > width - 4 ? 'end' : 'middle';
      const from = anchor === 'start' ? w.x : anchor === 'end' ? w.x - size : w.x - size / 2;
      let row = rowEnds.findIndex((end) => end + PAD <= from);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = from + size;
      return { ...w, row, anchor, from, to: from + size };
    });
}

/** A label's baseline at `y`; its box spans the font's height above the baseline (and a little below). */
function place(role: LabelRole, p: Placed, y: number): PlacedLabel {
  return {
    role,
    text: p.text,
    x: p.x,
    y,
    anchor: p.anchor,
    fontSize: p.fontSize,
    box: { x0: p.from, x1: p.to, y0: y - p.fontSize, y1: y + 2 },
  };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}
