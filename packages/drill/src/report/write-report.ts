import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DrillReport } from '../types.js';
import { renderMarkdown, TIMELINE_FILE } from './render-markdown.js';
import { renderTimelineSvg } from './render-timeline-svg.js';

/** The files `writeReport` writes into its directory. */
export const REPORT_FILES = ['report.json', 'report.md', TIMELINE_FILE] as const;

export type WriteReportReturnType = {
  /** The report directory, absolute. */
  dir: string;
  /** The files written, absolute, in `REPORT_FILES` order. */
  files: string[];
};

/** `report.json`'s text: 2-space JSON with bigints as decimal strings. */
export function serializeReport(report: DrillReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}

/**
 * Writes `report.json`, `report.md` and `timeline.svg` into `dir` (created if needed). Each file is
 * written to a temporary name beside it and renamed, so a reader never sees half a file.
 */
export async function writeReport(report: DrillReport, dir: string): Promise<WriteReportReturnType> {
  const target = resolve(dir);
  await mkdir(target, { recursive: true });
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': serializeReport(report),
    'report.md': renderMarkdown(report),
    [TIMELINE_FILE]: renderTimelineSvg(report),
  };
  const files: string[] = [];
  for (const name of REPORT_FILES) {
    const file = join(target, name);
    const temp = join(target, `.${name}.${randomUUID()}.tmp`);
    try {
      await writeFile(temp, contents[name], 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    files.push(file);
  }
  return { dir: target, files };
}
