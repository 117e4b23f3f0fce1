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
export { formatVerification } from './format-verification.js';
export { renderMarkdown, TIMELINE_FILE } from './render-markdown.js';
export { renderTimelineSvg } from './render-timeline-svg.js';
export { type ReportWriteCause, ReportWriteError, type ReportWriteErrorType } from './report-write-error.js';
export { type AxisSegment, buildTimeAxis, type TimeAxis, type TimeAxisOptions } from './timeline-axis.js';
export { layoutTimeline, type PlacedLabel, type TimelineLayout } from './timeline-layout.js';
export {
  REPORT_FILES,
  type ReportAttachment,
  type ReportFs,
  serializeReport,
  type WriteReportOptions,
  type WriteReportReturnType,
  writeReport,
} from './write-report.js';
