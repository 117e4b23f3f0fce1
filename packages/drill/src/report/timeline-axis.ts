/**
 * The timeline's x axis: virtual time, linear, except that long quiet gaps (a 2-day timelock next
 * to seconds of activity) are compressed to a fixed width and marked as breaks, so the busy parts
 * stay readable.
 */

export type AxisSegment = {
  from: number;
  to: number;
  /** A compressed gap: drawn `breakWidth` wide whatever its duration. */
  broken: boolean;
  /** Pixel range. */
  x0: number;
  x1: number;
};

export type TimeAxis = {
  segments: AxisSegment[];
  /** Virtual seconds → pixels; monotonic; clamps outside [0, end]. */
  x: (seconds: number) => number;
  end: number;
};

export type TimeAxisOptions = {
  /** Pixel of t = 0. */
  left: number;
  /** Pixel of the end. */
  right: number;
  /** A gap is compressed when longer than this share of the remaining linear span (default 0.1)... */
  gapShare?: number;
  /** ...and longer than this many seconds (default 300). */
  minGapSeconds?: number;
  /** Width of a compressed gap, in pixels (default 28). */
  breakWidth?: number;
};

/**
 * Builds the axis for event times `points` (any order, duplicates fine). Gaps are compressed,
 * longest first, while the longest one is more than `gapShare` of the time still drawn linearly
 * and more than `minGapSeconds`.
 */
export function buildTimeAxis(points: readonly number[], options: TimeAxisOptions): TimeAxis {
  const gapShare = options.gapShare ?? 0.1;
  const minGap = options.minGapSeconds ?? 300;
  const breakWidth = options.breakWidth ?? 28;
  const times = [...new Set([0, ...points.filter((p) => Number.isFinite(p) && p >= 0)])].sort((a, b) => a - b);
  const end = times.at(-1) ?? 0;
  const gaps = times.slice(1).map((to, i) => ({ from: times[i] ?? 0, to, broken: false }));

  let linear = end;
  const byLength = [...gaps].sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  for (const gap of byLength) {
    const length = gap.to - gap.from;
    if (length <= minGap || length <= gapShare * linear) break;
    gap.broken = true;
    linear -= length;
  }

  // Merge neighbouring linear gaps into one segment.
  const merged: { from: number; to: number; broken: boolean }[] = [];
  for (const gap of gaps) {
    const last = merged.at(-1);
    if (last && !last.broken && !gap.broken) last.to = gap.to;
    else merged.push({ ...gap });
  }
  if (merged.length === 0) merged.push({ from: 0, to: Math.max(end, 1), broken: false });

  const width = options.right - options.left;
  const breaks = merged.filter((s) => s.broken).length;
  const linearWidth = Math.max(0, width - breaks * breakWidth);
  const linearSeconds = merged.filter((s) => !s.broken).reduce((sum, s) => sum + (s.to - s.from), 0);
  const scale = linearSeconds > 0 ? linearWidth / linearSeconds : 0;
  // With nothing linear (only breaks), the breaks share the width.
  const brokenWidth = linearSeconds > 0 ? breakWidth : width / Math.max(1, breaks);

  let cursor = options.left;
  const segments: AxisSegment[] = merged.map((s) => {
    const w = s.broken ? brokenWidth : (s.to - s.from) * scale;
    const segment = { ...s, x0: cursor, x1: cursor + w };
    cursor += w;
    return segment;
  });

  const x = (seconds: number): number => {
    const first = segments[0];
    const last = segments.at(-1);
    if (!first || !last) return options.left;
    if (seconds <= first.from) return first.x0;
    for (const s of segments) {
      if (seconds <= s.to) {
        const span = s.to - s.from;
        return span > 0 ? s.x0 + ((seconds - s.from) / span) * (s.x1 - s.x0) : s.x0;
      }
    }
    return last.x1;
  };
  return { segments, x, end: Math.max(end, segments.at(-1)?.to ?? end) };
}

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Tick times: every segment's ends, plus round times inside linear segments, at least `minSpacing` px apart. */
export function axisTicks(axis: TimeAxis, minSpacing = 70): number[] {
  const ticks: { t: number; x: number }[] = [];
  const add = (t: number) => {
    const x = axis.x(t);
    if (ticks.every((tick) => Math.abs(tick.x - x) >= minSpacing)) ticks.push({ t, x });
  };
  for (const s of axis.segments) {
    add(s.from);
    add(s.to);
  }
  for (const s of axis.segments) {
    if (s.broken) continue;
    const pxPerSecond = (s.x1 - s.x0) / Math.max(s.to - s.from, 1e-9);
    const step = STEPS.find((candidate) => candidate * pxPerSecond >= minSpacing) ?? 86_400 * 7;
    for (let t = Math.ceil(s.from / step) * step; t < s.to; t += step) add(t);
  }
  return ticks.map((tick) => tick.t).sort((a, b) => a - b);
}
