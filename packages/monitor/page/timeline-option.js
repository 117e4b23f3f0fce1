import { formatDuration, formatTime } from './format.js';
import { ACTIVATION_COLOR, STAGE_COLORS, STAGE_ORDER } from './palette.js';

/**
 * The ECharts option for one proposal's timeline: a lane per target chain, each stage a bar from the
 * moment it was reached to the next stage (the current one runs to the snapshot's time), the shared
 * activation time as a dashed purple line across every lane and "now" as a dotted one. Long idle
 * stretches (a two-day timelock before seconds of delivery) become axis breaks, the way the drill's
 * timeline.svg breaks its axis, so both read. Pure: the same proposal gives the same option.
 */

/** @typedef {import('../src/model.js').Proposal} Proposal */
/** @typedef {import('../src/model.js').Stage} Stage */
/** @typedef {import('echarts').EChartsOption} EChartsOption */
/** @typedef {import('echarts').CustomSeriesOption} CustomSeriesOption */
/** @typedef {[lane: number, startMs: number, endMs: number, chain: string, evidence: string]} Segment */

/** A gap shorter than this is never broken. */
const MIN_BREAK_SECONDS = 900;
/** A gap is broken when it takes more than this share of the span still visible. */
const BREAK_SHARE = 0.25;
export const LANE_HEIGHT = 38;
const GRID = { left: 110, right: 28, top: 40, bottom: 30 };

/**
 * The chart's height for a proposal's number of lanes.
 * @param {Proposal} proposal
 */
export function timelineHeight(proposal) {
  return GRID.top + GRID.bottom + LANE_HEIGHT * Math.max(1, proposal.chains.length);
}

/**
 * @param {Proposal} proposal
 * @param {number} now the snapshot's time (unix seconds)
 * @returns {EChartsOption}
 */
export function timelineOption(proposal, now) {
  const lanes = proposal.chains.map((chain) => chain.chain);
  /** @type {Map<Stage, Segment[]>} */
  const segments = new Map();
  /** @type {number[]} */
  const times = [now];
  proposal.chains.forEach((chain, lane) => {
    const history = [...chain.history].sort((a, b) => a.at - b.at);
    history.forEach((entry, i) => {
      const end = Math.max(history[i + 1]?.at ?? now, entry.at);
      const evidence = entry.blockNumber === undefined ? '' : `block ${entry.blockNumber} on ${entry.chain}`;
      const list = segments.get(entry.stage) ?? [];
      list.push([lane, entry.at * 1000, end * 1000, chain.chain, evidence]);
      segments.set(entry.stage, list);
      times.push(entry.at);
    });
  });
  if (proposal.activationTime !== undefined) times.push(proposal.activationTime);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const breaks = axisBreaks(times);
  // The margin at both ends is a share of what stays visible, not of the broken-out stretches.
  const hidden = breaks.reduce((sum, b) => sum + (b.end - b.start) / 1000, 0);
  const pad = Math.max(2, (last - first - hidden) * 0.04);
  const stages = STAGE_ORDER.filter((stage) => segments.has(stage));

  /** @type {CustomSeriesOption[]} */
  const stageSeries = stages.map((stage) => ({
    type: 'custom',
    name: stage,
    color: STAGE_COLORS[stage].fill,
    renderItem: renderSegment,
    encode: { x: [1, 2], y: 0 },
    clip: true,
    data: segments.get(stage) ?? [],
  }));

  return {
    animation: false,
    useUTC: true,
    textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, sans-serif' },
    grid: GRID,
    legend: { top: 4, left: GRID.left, data: stages, selectedMode: false, itemWidth: 14, itemHeight: 10 },
    tooltip: { trigger: 'item', formatter: tooltip },
    xAxis: {
      type: 'time',
      min: (first - pad) * 1000,
      max: (last + pad) * 1000,
      breaks,
      breakArea: { itemStyle: { color: '#edf2f7', borderColor: '#a0aec0' }, zigzagAmplitude: 3 },
      axisLabel: { hideOverlap: true, color: '#4a5568', formatter: axisLabel },
      splitLine: { show: true, lineStyle: { color: '#e2e8f0' } },
    },
    yAxis: {
      type: 'category',
      data: lanes,
      inverse: true,
      axisTick: { show: false },
      axisLabel: { color: '#1a202c', fontSize: 12 },
      splitArea: { show: true, areaStyle: { color: ['#f4f6f8', '#ffffff'] } },
    },
    series: [...stageSeries, markerSeries(proposal, now)],
  };
}

/**
 * Breaks for the idle stretches: the longest gap between consecutive moments first, each broken
 * while it is long in seconds and takes a large share of what is still visible, so a two-day
 * timelock and then an hour's wait for the activation both fold away and seconds of delivery read.
 * A little of each side stays visible.
 * @param {number[]} times unix seconds
 * @returns {{ start: number, end: number, gap: string }[]} in milliseconds, in time order
 */
export function axisBreaks(times) {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  let visible = (sorted.at(-1) ?? 0) - (sorted[0] ?? 0);
  const gaps = sorted.slice(1).map((to, i) => ({ from: /** @type {number} */ (sorted[i]), to }));
  gaps.sort((a, b) => b.to - b.from - (a.to - a.from));
  /** @type {{ start: number, end: number, gap: string }[]} */
  const breaks = [];
  for (const { from, to } of gaps) {
    const gap = to - from;
    if (gap < MIN_BREAK_SECONDS || gap <= visible * BREAK_SHARE) continue;
    const keep = Math.min(gap * 0.04, 60);
    breaks.push({ start: (from + keep) * 1000, end: (to - keep) * 1000, gap: '3%' });
    visible -= gap - 2 * keep;
  }
  return breaks.sort((a, b) => a.start - b.start);
}

/**
 * An empty series that carries the vertical markers: activation and now.
 * @param {Proposal} proposal
 * @param {number} now
 * @returns {import('echarts').ScatterSeriesOption}
 */
function markerSeries(proposal, now) {
  /** @type {NonNullable<import('echarts').MarkLineComponentOption['data']>} */
  const lines = [
    {
      xAxis: now * 1000,
      lineStyle: { color: '#718096', type: 'dotted', width: 1 },
      // The lanes run top to bottom (an inverse axis): 'end' is under them, 'start' above.
      label: { formatter: 'now', color: '#718096', position: 'end', distance: 2 },
    },
  ];
  if (proposal.activationTime !== undefined) {
    lines.push({
      xAxis: proposal.activationTime * 1000,
      lineStyle: { color: ACTIVATION_COLOR, type: 'dashed', width: 2 },
      label: { formatter: 'activation', color: ACTIVATION_COLOR, fontWeight: 'bold', position: 'start', distance: 2 },
    });
  }
  return {
    type: 'scatter',
    name: 'markers',
    data: [],
    markLine: { symbol: ['none', 'none'], silent: true, animation: false, data: lines },
  };
}

/**
 * Clock times on the axis; where a break starts or ends, the date too.
 * @param {number} value milliseconds
 * @param {number} _index
 * @param {{ break?: unknown }} [extra]
 */
function axisLabel(value, _index, extra) {
  const time = formatTime(value / 1000);
  return extra?.break === undefined ? time.slice(11) : `${time.slice(5, 10)} ${time.slice(11, 16)}`;
}

/** @type {import('echarts').CustomSeriesRenderItem} */
function renderSegment(_params, api) {
  const lane = Number(api.value(0));
  const start = api.coord([api.value(1), lane]);
  const end = api.coord([api.value(2), lane]);
  const size = api.size?.([0, 1]);
  const laneHeight = Array.isArray(size) ? Number(size[1]) : LANE_HEIGHT;
  const height = laneHeight * 0.52;
  const [x0 = 0, y = 0] = start;
  const [x1 = 0] = end;
  return {
    type: 'rect',
    shape: { x: x0, y: y - height / 2, width: Math.max(3, x1 - x0), height, r: 2 },
    style: api.style(),
  };
}

/**
 * @param {import('echarts').DefaultLabelFormatterCallbackParams | import('echarts').DefaultLabelFormatterCallbackParams[]} params
 * @returns {string}
 */
function tooltip(params) {
  const item = Array.isArray(params) ? params[0] : params;
  const value = /** @type {Segment | undefined} */ (item?.value);
  if (item === undefined || value === undefined) return '';
  const [, start, end, chain, evidence] = value;
  const lines = [
    `<b>${escapeHtml(chain)}</b>: ${escapeHtml(item.seriesName ?? '')}`,
    `since ${formatTime(start / 1000)} UTC`,
    `for ${formatDuration((end - start) / 1000)}`,
  ];
  if (evidence) lines.push(escapeHtml(evidence));
  return lines.join('<br>');
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
