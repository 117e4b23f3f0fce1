import type { DrillReport, TimelineEntry } from '../types.js';
import { formatVirtualTime, sortedTimeline, escapeXml as x } from './format.js';
import { isFlowEntry, type Lane, LEFT, layoutTimeline } from './timeline-layout.js';

const COLORS = {
  phase: '#555f6d',
  queued: '#2b6cb0',
  activation: '#805ad5',
  executed: '#2f855a',
  paused: '#c05621',
  fault: '#dd6b20',
  alert: '#c53030',
  exploit: '#9b2c2c',
  expired: '#4a5568',
  lane: '#f4f6f8',
  grid: '#d5dae0',
} as const;

/** Rounds a coordinate so the same report always gives the same bytes. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * A self-contained SVG of the drill over virtual time: a top lane for the flow's key moments, each
 * named above it and timed under the axis; one lane per chain with queued (circle), activation
 * (diamond, at the lane's top) and executed (square) markers; faults as shaded bands, alerts as red
 * ticks, exploits as small triangles and a message refused on arrival (expired) as a slate cross. The axis is broken and logarithmic: each stretch between
 * two moments is labelled with its length, so a 2-day timelock and a 24 s delivery both read. Where
 * things go is decided by `layoutTimeline`. Deterministic; every text is XML-escaped.
 */
export function renderTimelineSvg(report: DrillReport): string {
  const layout = layoutTimeline(report);
  const { axis, lanes, lanesTop, lanesBottom, width: WIDTH, height } = layout;
  const RIGHT = WIDTH - 30;
  const entries = sortedTimeline(report);
  const flowLane = lanes[0] as Lane;
  const laneOf = (chain: string | null): Lane =>
    lanes.find((lane) => chain !== null && lane.name === chain && lane.name !== '') ?? flowLane;
  const chainLanes = lanes.slice(1);
  const mid = (lane: Lane) => (lane === flowLane ? lane.y + lane.height - 14 : lane.y + lane.height / 2);

  const out: string[] = [];
  const title = `Drill ${report.scenario}: ${report.outcome.toUpperCase()} (seed ${report.seed})`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${n(height)}" viewBox="0 0 ${WIDTH} ${n(height)}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="11">`,
    `<title>${x(title)}</title>`,
    `<rect width="${WIDTH}" height="${n(height)}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="600" fill="${report.outcome === 'pass' ? COLORS.executed : COLORS.alert}">${x(title)}</text>`,
    `<text x="16" y="44" fill="#444">${x(`run ${report.runId} · ${report.chains.length} chains · virtual time, broken log axis: each stretch is labelled with its length`)}</text>`,
  );

  // Lanes and their labels.
  lanes.forEach((lane, i) => {
    if (i % 2 === 0)
      out.push(`<rect x="0" y="${n(lane.y)}" width="${WIDTH}" height="${n(lane.height)}" fill="${COLORS.lane}"/>`);
    out.push(
      `<text x="16" y="${n(mid(lane) + 4)}" font-weight="${i === 0 ? 600 : 400}">${x(i === 0 ? 'flow' : lane.name)}</text>`,
    );
  });

  // Stretch boundaries: a faint grid line across the lanes and a break mark on the axis.
  for (const s of axis.segments) {
    out.push(
      `<line x1="${n(s.x0)}" y1="${lanesTop}" x2="${n(s.x0)}" y2="${n(lanesBottom)}" stroke="${COLORS.grid}" stroke-width="0.6"/>`,
    );
    if (s.label)
      out.push(
        `<path d="M${n((s.x0 + s.x1) / 2 - 5)} ${n(lanesBottom + 4)} l4 -8 M${n((s.x0 + s.x1) / 2 + 1)} ${n(lanesBottom + 4)} l4 -8" stroke="#333" stroke-width="1.2" fill="none"><title>${x(`${s.label}: ${formatVirtualTime(s.from)} to ${formatVirtualTime(s.to)}`)}</title></path>`,
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

  // The axis, a tick at every key moment, and the labels the layout placed.
  out.push(`<line x1="${LEFT}" y1="${n(lanesBottom)}" x2="${RIGHT}" y2="${n(lanesBottom)}" stroke="#333"/>`);
  for (const moment of layout.keyMoments) {
    out.push(
      `<line x1="${n(moment.x)}" y1="${n(lanesTop)}" x2="${n(moment.x)}" y2="${n(lanesBottom + 4)}" stroke="${COLORS.grid}" stroke-width="0.8"/>`,
    );
  }
  for (const label of layout.labels) {
    const fill = label.role === 'moment' ? COLORS.phase : label.role === 'time' ? '#333' : '#666';
    out.push(
      `<text x="${n(label.x)}" y="${n(label.y)}" text-anchor="${label.anchor}" fill="${fill}" font-size="${label.fontSize}" data-role="${label.role}">${x(label.text)}</text>`,
    );
  }

  // Timeline entries.
  for (const entry of entries) {
    const ex = axis.x(entry.at);
    const tip = `<title>${x(`${formatVirtualTime(entry.at)} ${entry.kind}${entry.chain === null ? '' : ` on ${entry.chain}`}: ${entry.label}`)}</title>`;
    const lane = isFlowEntry(entry) ? flowLane : laneOf(entry.chain);
    out.push(marker(entry, ex, mid(lane), tip, lane === flowLane, lanesBottom));
  }

  // Alerts: red ticks.
  for (const alert of [...report.alerts].sort((a, b) => a.at - b.at)) {
    const lane = laneOf(alert.chain);
    const ax = axis.x(alert.at);
    // On the flow lane, below the moment labels.
    const top = lane === flowLane ? mid(lane) - 8 : lane.y + 2;
    out.push(
      `<line x1="${n(ax)}" y1="${n(top)}" x2="${n(ax)}" y2="${n(lane.y + lane.height - 2)}" stroke="${COLORS.alert}" stroke-width="2"><title>${x(`${formatVirtualTime(alert.at)} alert ${alert.kind}${alert.chain === null ? '' : ` on ${alert.chain}`}: ${alert.message}`)}</title></line>`,
    );
  }

  const emergency = report.timeline.some(
    (e) => e.kind === 'executed' && (e.label === 'paused' || e.label === 'unpaused'),
  );
  const expired = report.timeline.some((e) => e.kind === 'expired');
  out.push(legend(layout.legendY, WIDTH, emergency, expired));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function marker(
  entry: TimelineEntry,
  cx: number,
  cy: number,
  tip: string,
  onFlowLane: boolean,
  lanesBottom: number,
): string {
  switch (entry.kind) {
    case 'phase':
      return `<line x1="${n(cx)}" y1="${n(cy - 6)}" x2="${n(cx)}" y2="${n(cy + 6)}" stroke="${COLORS.phase}" stroke-width="2">${tip}</line>`;
    case 'queued':
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="5" fill="${COLORS.queued}">${tip}</circle>`;
    case 'activation': {
      // A shared activation time (no chain) is drawn across every lane; a chain's, at its lane's
      // top, clear of the execution square that often shares its moment.
      const dy = onFlowLane ? cy : cy - 11;
      const r = onFlowLane ? 7 : 5;
      const diamond = `<path d="M${n(cx)} ${n(dy - r)} L${n(cx + r)} ${n(dy)} L${n(cx)} ${n(dy + r)} L${n(cx - r)} ${n(dy)} Z" fill="${COLORS.activation}">${tip}</path>`;
      return onFlowLane
        ? `<line x1="${n(cx)}" y1="${n(cy)}" x2="${n(cx)}" y2="${n(lanesBottom)}" stroke="${COLORS.activation}" stroke-dasharray="4 3"/>${diamond}`
        : diamond;
    }
    case 'executed':
      // An emergency's pause and unpause are drawn apart from an upgrade's execution.
      if (entry.label === 'paused') return `<g>${PAUSED_SHAPE(cx, cy)}${tip}</g>`;
      if (entry.label === 'unpaused') return `<g>${UNPAUSED_SHAPE(cx, cy)}${tip}</g>`;
      return `<rect x="${n(cx - 5)}" y="${n(cy - 5)}" width="10" height="10" fill="${COLORS.executed}">${tip}</rect>`;
    case 'exploit':
      return `<path d="M${n(cx)} ${n(cy + 6)} L${n(cx + 5)} ${n(cy + 15)} L${n(cx - 5)} ${n(cy + 15)} Z" fill="${COLORS.exploit}">${tip}</path>`;
    case 'expired':
      return `<g>${EXPIRED_SHAPE(cx, cy)}${tip}</g>`;
    default:
      // fault, fault-cleared and alert entries are drawn from report.faults and report.alerts.
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="1.5" fill="${entry.kind === 'alert' ? COLORS.alert : COLORS.fault}">${tip}</circle>`;
  }
}

/** A pause: an amber square with two bars. */
function PAUSED_SHAPE(cx: number, cy: number): string {
  return `<rect x="${n(cx - 5)}" y="${n(cy - 5)}" width="10" height="10" fill="${COLORS.paused}"/><path d="M${n(cx - 2)} ${n(cy - 3)} v6 M${n(cx + 2)} ${n(cy - 3)} v6" stroke="#ffffff" stroke-width="1.6"/>`;
}

/** A message refused on arrival (expired): a slate cross, where the chain's execution would have been. */
function EXPIRED_SHAPE(cx: number, cy: number): string {
  return `<path d="M${n(cx - 5)} ${n(cy - 5)} L${n(cx + 5)} ${n(cy + 5)} M${n(cx + 5)} ${n(cy - 5)} L${n(cx - 5)} ${n(cy + 5)}" stroke="${COLORS.expired}" stroke-width="2.6" stroke-linecap="round"/>`;
}

/** An unpause: a hollow square in the execution colour. */
function UNPAUSED_SHAPE(cx: number, cy: number): string {
  return `<rect x="${n(cx - 4.5)}" y="${n(cy - 4.5)}" width="9" height="9" fill="#ffffff" stroke="${COLORS.executed}" stroke-width="2"/>`;
}

function legend(y: number, width: number, emergency: boolean, expired: boolean): string {
  const items: [string, string][] = [
    [`<line x1="0" y1="-6" x2="0" y2="6" stroke="${COLORS.phase}" stroke-width="2"/>`, 'phase'],
    [`<circle cx="0" cy="0" r="5" fill="${COLORS.queued}"/>`, 'queued'],
    [`<path d="M0 -7 L7 0 L0 7 L-7 0 Z" fill="${COLORS.activation}"/>`, 'activation'],
    [`<rect x="-5" y="-5" width="10" height="10" fill="${COLORS.executed}"/>`, 'executed'],
    [`<rect x="-8" y="-6" width="16" height="12" fill="${COLORS.fault}" opacity="0.28"/>`, 'fault'],
    [`<line x1="0" y1="-7" x2="0" y2="7" stroke="${COLORS.alert}" stroke-width="2"/>`, 'alert'],
    [`<path d="M0 -6 L5 4 L-5 4 Z" fill="${COLORS.exploit}"/>`, 'exploit'],
    ...(emergency
      ? ([
          [PAUSED_SHAPE(0, 0), 'paused'],
          [UNPAUSED_SHAPE(0, 0), 'unpaused'],
        ] as [string, string][])
      : []),
    ...(expired ? ([[EXPIRED_SHAPE(0, 0), 'expired']] as [string, string][]) : []),
    ['<path d="M-5 4 l4 -8 M1 4 l4 -8" stroke="#333" stroke-width="1.2" fill="none"/>', 'axis break (length below)'],
  ];
  // The last label is the longest (about 160 px); the others share what is left.
  const step = Math.min(112, (width - 32 - 160) / (items.length - 1));
  const parts = items.map(
    ([shape, label], i) =>
      `<g transform="translate(${n(16 + i * step)} ${y})">${shape}<text x="12" y="4">${label}</text></g>`,
  );
  return `<g>${parts.join('')}</g>`;
}
