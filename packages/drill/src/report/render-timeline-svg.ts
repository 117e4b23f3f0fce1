import type { DrillReport, TimelineEntry } from '../types.js';
import { formatVirtualTime, sortedTimeline, escapeXml as x } from './format.js';
import { axisTicks, buildTimeAxis } from './timeline-axis.js';

const WIDTH = 1000;
const LEFT = 120;
const RIGHT = WIDTH - 30;
const TOP = 64;
const FLOW_LANE = 84;
const CHAIN_LANE = 34;
const COLORS = {
  phase: '#555f6d',
  queued: '#2b6cb0',
  activation: '#805ad5',
  executed: '#2f855a',
  fault: '#dd6b20',
  alert: '#c53030',
  exploit: '#9b2c2c',
  lane: '#f4f6f8',
  grid: '#d5dae0',
} as const;

/** Rounds a coordinate so the same report always gives the same bytes. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

type Lane = { name: string; y: number; height: number };

/**
 * A self-contained SVG of the drill over virtual time: a top lane for the flow's phases, one lane
 * per chain with queued (circle), activation (diamond) and executed (square) markers, faults as
 * shaded bands, alerts as red ticks and exploits as small triangles. Long quiet gaps (the timelock)
 * are compressed and marked with a break. Deterministic; every text is XML-escaped.
 */
export function renderTimelineSvg(report: DrillReport): string {
  const entries = sortedTimeline(report);
  const points = [
    ...entries.map((e) => e.at),
    ...report.faults.flatMap((f) => (f.clearedAt === null ? [f.injectedAt] : [f.injectedAt, f.clearedAt])),
    ...report.alerts.map((a) => a.at),
  ];
  const axis = buildTimeAxis(points, { left: LEFT, right: RIGHT });
  const lanes: Lane[] = [{ name: '', y: TOP, height: FLOW_LANE }];
  for (const [i, chain] of report.chains.entries())
    lanes.push({ name: chain.name, y: TOP + FLOW_LANE + i * CHAIN_LANE, height: CHAIN_LANE });
  const lanesBottom = TOP + FLOW_LANE + report.chains.length * CHAIN_LANE;
  const height = lanesBottom + 90;
  const laneOf = (chain: string | null): Lane =>
    lanes.find((lane) => chain !== null && lane.name === chain && lane.name !== '') ?? (lanes[0] as Lane);
  const chainLanes = lanes.slice(1);
  const mid = (lane: Lane) => (lane === lanes[0] ? lane.y + lane.height - 16 : lane.y + lane.height / 2);

  const out: string[] = [];
  const title = `Drill ${report.scenario}: ${report.outcome.toUpperCase()} (seed ${report.seed})`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="11">`,
    `<title>${x(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="600" fill="${report.outcome === 'pass' ? COLORS.executed : COLORS.alert}">${x(title)}</text>`,
    `<text x="16" y="44" fill="#444">${x(`run ${report.runId} · ${report.chains.length} chains · virtual time`)}</text>`,
  );

  // Lanes and their labels.
  lanes.forEach((lane, i) => {
    if (i % 2 === 0)
      out.push(`<rect x="0" y="${n(lane.y)}" width="${WIDTH}" height="${n(lane.height)}" fill="${COLORS.lane}"/>`);
    out.push(
      `<text x="16" y="${n(mid(lane) + 4)}" font-weight="${i === 0 ? 600 : 400}">${x(i === 0 ? 'flow' : lane.name)}</text>`,
    );
  });

  // Axis breaks: a dashed band across every lane and a break mark on the axis; a gap's length is
  // written under it unless the previous one is too close to read.
  let lastGapLabel = Number.NEGATIVE_INFINITY;
  for (const s of axis.segments.filter((segment) => segment.broken)) {
    const cx = (s.x0 + s.x1) / 2;
    const labelled = cx - lastGapLabel >= 56;
    if (labelled) lastGapLabel = cx;
    out.push(
      `<rect x="${n(s.x0)}" y="${TOP}" width="${n(s.x1 - s.x0)}" height="${n(lanesBottom - TOP)}" fill="url(#gap)" opacity="0.6"><title>${x(`${gapLength(s.to - s.from)} compressed (${formatVirtualTime(s.from)} to ${formatVirtualTime(s.to)})`)}</title></rect>`,
      `<path d="M${n(cx - 7)} ${n(lanesBottom + 6)} l6 -12 M${n(cx + 1)} ${n(lanesBottom + 6)} l6 -12" stroke="#333" stroke-width="1.5" fill="none"/>`,
      labelled
        ? `<text x="${n(cx)}" y="${n(lanesBottom + 42)}" text-anchor="middle" fill="#666" font-size="9">${x(gapLength(s.to - s.from))}</text>`
        : '',
    );
  }

  // Fault spans.
  for (const fault of report.faults) {
    const end = fault.clearedAt ?? axis.end;
    const targets =
      fault.target === 'all'
        ? chainLanes
        : [laneOf(report.chains.some((c) => c.name === fault.target) ? fault.target : null)];
    for (const lane of targets) {
      const x0 = axis.x(fault.injectedAt);
      const width = Math.max(3, axis.x(end) - x0);
      const label = `${fault.kind} on ${fault.target}: ${formatVirtualTime(fault.injectedAt)} to ${fault.clearedAt === null ? 'the end' : formatVirtualTime(fault.clearedAt)}. ${fault.detail}`;
      out.push(
        `<rect x="${n(x0)}" y="${n(lane.y + 3)}" width="${n(width)}" height="${n(lane.height - 6)}" fill="${COLORS.fault}" opacity="0.28"${fault.clearedAt === null ? ` stroke="${COLORS.fault}" stroke-dasharray="3 2"` : ''}><title>${x(label)}</title></rect>`,
      );
    }
  }

  // Axis and ticks.
  out.push(`<line x1="${LEFT}" y1="${n(lanesBottom)}" x2="${RIGHT}" y2="${n(lanesBottom)}" stroke="#333"/>`);
  for (const t of axisTicks(axis)) {
    const tx = axis.x(t);
    out.push(
      `<line x1="${n(tx)}" y1="${TOP}" x2="${n(tx)}" y2="${n(lanesBottom + 4)}" stroke="${COLORS.grid}" stroke-width="0.6"/>`,
      `<text x="${n(tx)}" y="${n(lanesBottom + 18)}" text-anchor="middle" fill="#333" font-size="10">${formatVirtualTime(t)}</text>`,
    );
  }

  // Timeline entries.
  const phaseLabels = layoutPhaseLabels(
    entries.filter((entry) => entry.kind === 'phase'),
    (entry) => axis.x(entry.at),
  );
  for (const entry of entries) {
    const ex = axis.x(entry.at);
    const tip = `<title>${x(`${formatVirtualTime(entry.at)} ${entry.kind}${entry.chain === null ? '' : ` on ${entry.chain}`}: ${entry.label}`)}</title>`;
    const lane = laneOf(entry.chain);
    const y = mid(lane);
    out.push(marker(entry, ex, y, tip, lane === lanes[0], phaseLabels.get(entry), lanesBottom));
  }

  // Alerts: red ticks.
  for (const alert of [...report.alerts].sort((a, b) => a.at - b.at)) {
    const lane = laneOf(alert.chain);
    const ax = axis.x(alert.at);
    out.push(
      `<line x1="${n(ax)}" y1="${n(lane.y + 2)}" x2="${n(ax)}" y2="${n(lane.y + lane.height - 2)}" stroke="${COLORS.alert}" stroke-width="2"><title>${x(`${formatVirtualTime(alert.at)} alert ${alert.kind}${alert.chain === null ? '' : ` on ${alert.chain}`}: ${alert.message}`)}</title></line>`,
    );
  }

  out.push(legend(lanesBottom + 62));
  out.push(
    '<defs><pattern id="gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c8ced6" stroke-width="2"/></pattern></defs>',
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}

function marker(
  entry: TimelineEntry,
  cx: number,
  cy: number,
  tip: string,
  onFlowLane: boolean,
  phaseLabel: PhaseLabel | undefined,
  lanesBottom: number,
): string {
  switch (entry.kind) {
    case 'phase': {
      // Phases at one moment share one label; labels that would touch go to another row.
      const ly = cy - 14 - (phaseLabel?.row ?? 0) * 12;
      const text = phaseLabel?.text
        ? `<text x="${n(cx)}" y="${n(ly)}" text-anchor="${phaseLabel.anchor}" fill="${COLORS.phase}" font-size="10">${x(phaseLabel.text)}</text>`
        : '';
      return [
        `<g>${tip}<line x1="${n(cx)}" y1="${n(cy - 6)}" x2="${n(cx)}" y2="${n(cy + 6)}" stroke="${COLORS.phase}" stroke-width="2"/>`,
        `${text}</g>`,
      ].join('');
    }
    case 'queued':
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="5" fill="${COLORS.queued}">${tip}</circle>`;
    case 'activation': {
      const diamond = `<path d="M${n(cx)} ${n(cy - 7)} L${n(cx + 7)} ${n(cy)} L${n(cx)} ${n(cy + 7)} L${n(cx - 7)} ${n(cy)} Z" fill="${COLORS.activation}">${tip}</path>`;
      // A shared activation time (no chain) is drawn across every lane.
      return onFlowLane
        ? `<line x1="${n(cx)}" y1="${n(cy)}" x2="${n(cx)}" y2="${n(lanesBottom)}" stroke="${COLORS.activation}" stroke-dasharray="4 3"/>${diamond}`
        : diamond;
    }
    case 'executed':
      return `<rect x="${n(cx - 5)}" y="${n(cy - 5)}" width="10" height="10" fill="${COLORS.executed}">${tip}</rect>`;
    case 'exploit':
      return `<path d="M${n(cx)} ${n(cy - 6)} L${n(cx + 5)} ${n(cy + 4)} L${n(cx - 5)} ${n(cy + 4)} Z" fill="${COLORS.exploit}">${tip}</path>`;
    default:
      // fault, fault-cleared and alert entries are drawn from report.faults and report.alerts.
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="1.5" fill="${entry.kind === 'alert' ? COLORS.alert : COLORS.fault}">${tip}</circle>`;
  }
}

function legend(y: number): string {
  const items: [string, string][] = [
    [`<line x1="0" y1="-6" x2="0" y2="6" stroke="${COLORS.phase}" stroke-width="2"/>`, 'phase'],
    [`<circle cx="0" cy="0" r="5" fill="${COLORS.queued}"/>`, 'queued'],
    [`<path d="M0 -7 L7 0 L0 7 L-7 0 Z" fill="${COLORS.activation}"/>`, 'activation'],
    [`<rect x="-5" y="-5" width="10" height="10" fill="${COLORS.executed}"/>`, 'executed'],
    [`<rect x="-8" y="-6" width="16" height="12" fill="${COLORS.fault}" opacity="0.28"/>`, 'fault'],
    [`<line x1="0" y1="-7" x2="0" y2="7" stroke="${COLORS.alert}" stroke-width="2"/>`, 'alert'],
    [`<path d="M0 -6 L5 4 L-5 4 Z" fill="${COLORS.exploit}"/>`, 'exploit'],
    ['<path d="M-7 6 l6 -12 M1 6 l6 -12" stroke="#333" stroke-width="1.5" fill="none"/>', 'compressed gap'],
  ];
  const parts = items.map(
    ([shape, label], i) =>
      `<g transform="translate(${LEFT + i * 104} ${y})">${shape}<text x="12" y="4">${label}</text></g>`,
  );
  return `<g>${parts.join('')}</g>`;
}

/** A gap's length as `HH:MM:SS`. */
function gapLength(seconds: number): string {
  return formatVirtualTime(seconds).slice(1);
}

type PhaseLabel = { row: number; text: string | null; anchor: 'start' | 'middle' | 'end' };

/** Rows for the phase labels: one label per moment (joined), greedy rows so no two labels overlap. */
function layoutPhaseLabels(
  phases: readonly TimelineEntry[],
  xOf: (entry: TimelineEntry) => number,
): Map<TimelineEntry, PhaseLabel> {
  const out = new Map<TimelineEntry, PhaseLabel>();
  const groups: { x: number; entries: TimelineEntry[] }[] = [];
  for (const entry of [...phases].sort((a, b) => a.at - b.at)) {
    const ex = xOf(entry);
    const last = groups.at(-1);
    if (last && Math.abs(last.x - ex) < 1) last.entries.push(entry);
    else groups.push({ x: ex, entries: [entry] });
  }
  const rowEnds: number[] = [];
  for (const group of groups) {
    const text = group.entries.map((e) => e.label).join(' · ');
    const width = text.length * 5.6 + 8;
    // Centred on its moment, unless that would run past the picture's edge: then it hangs inward.
    const anchor = group.x - width / 2 < 4 ? 'start' : group.x + width / 2 > WIDTH - 4 ? 'end' : 'middle';
    const from = anchor === 'start' ? group.x : anchor === 'end' ? group.x - width : group.x - width / 2;
    let row = rowEnds.findIndex((end) => end <= from);
    if (row < 0) row = rowEnds.length < 3 ? rowEnds.length : rowEnds.indexOf(Math.min(...rowEnds));
    rowEnds[row] = from + width;
    group.entries.forEach((entry, i) => {
      out.set(entry, { row, text: i === 0 ? text : null, anchor });
    });
  }
  return out;
}
