export {
  codehashMatches,
  escapeMarkdown,
  escapeXml,
  formatDuration,
  formatEth,
  formatVirtualTime,
  formatWallTime,
  replayCommand,
  shellQuote,
  wasUpgraded,
} from './format.js';
export { type FormatSummaryOptions, formatSummary } from './format-summary.js';
export { renderMarkdown, TIMELINE_FILE } from './render-markdown.js';
export { renderTimelineSvg } from './render-timeline-svg.js';
export { type AxisSegment, axisTicks, buildTimeAxis, type TimeAxis, type TimeAxisOptions } from './timeline-axis.js';
export { REPORT_FILES, serializeReport, type WriteReportReturnType, writeReport } from './write-report.js';
