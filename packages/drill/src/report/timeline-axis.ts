/**
 * The timeline's x axis: virtual time on a broken, logarithmic axis. Every stretch between two
 * consecutive moments of the drill is one segment, drawn `minGapWidth` plus a width that grows with
 * the logarithm of its length: a 2-day timelock is wider than a 24 s delivery, but not 7,000 times
 * wider, so every phase stays readable. Each segment of a second or more carries its length as a
 * label (the axis breaks are labelled); inside a segment, time is linear.
 */

export type AxisSegment = {
  from: number;
  to: number;
  /** Pixel range. */
  x0: number;
  x1: number;
  /** The stretch's length, written under the axis (`48 h`, `24 s`); null under a second. */
  label: string | null;
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
  /** The narrowest a stretch is drawn, in pixels (default 14: two markers side by side never touch). */
  minGapWidth?: number;
};

/** Moments closer than this (virtual seconds) are one moment. */
const SAME_MOMENT = 1e-3;

/** Builds the axis for event times `points` (any order, duplicates fine). */
export function buildTimeAxis(points: readonly number[], options: TimeAxisOptions): TimeAxis {
  const times: number[] = [];
  for (const t of [0, ...points.filter((p) => Number.isFinite(p) && p >= 0)].sort((a, b) => a - b)) {
    const last = times.at(-1);
    if (last === undefined || t - last > SAME_MOMENT) times.push(t);
  }
  const end = times.at(-1) ?? 0;
  const gaps = times.slice(1).map((to, i) => ({ from: times[i] ?? 0, to }));
  if (gaps.length === 0) gaps.push({ from: 0, to: Math.max(end, 1) });

  const width = options.right - options.left;
  const minWidth = Math.min(options.minGapWidth ?? 14, width / gaps.length);
  const weights = gaps.map((g) => Math.log10(1 + (g.to - g.from)));
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const spare = width - gaps.length * minWidth;
  let cursor = options.left;
  const segments: AxisSegment[] = gaps.map((g, i) => {
    const w = minWidth + (totalWeight > 0 ? ((weights[i] ?? 0) / totalWeight) * spare : spare / gaps.length);
    const length = g.to - g.from;
    const segment = { ...g, x0: cursor, x1: cursor + w, label: length >= 1 ? shortDuration(length) : null };
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

/** How many segments `points` make: the renderer widens the picture for a busy drill. */
export function segmentCount(points: readonly number[]): number {
  return Math.max(1, buildTimeAxis(points, { left: 0, right: 1 }).segments.length);
}

/** A stretch's length in the fewest words: `24 s`, `2 d`, `1 h 29 min 36 s`. */
export function shortDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds * 100) / 100} s`;
  const total = Math.round(seconds);
  const parts: [number, string][] = [
    [Math.floor(total / 86_400), 'd'],
    [Math.floor((total % 86_400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'min'],
    [total % 60, 's'],
  ];
  return parts
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value} ${unit}`)
    .join(' ');
}
