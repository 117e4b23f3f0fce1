import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DrillReport } from '../types.js';
import { renderMarkdown, TIMELINE_FILE } from './render-markdown.js';
import { renderTimelineSvg } from './render-timeline-svg.js';
import { errorCode, ReportWriteError } from './report-write-error.js';

/** The files `writeReport` writes into its directory. */
export const REPORT_FILES = ['report.json', 'report.md', TIMELINE_FILE] as const;

export type WriteReportReturnType = {
  /** The report directory, absolute. */
  dir: string;
  /** The files written, absolute, in `REPORT_FILES` order, then the attachments. */
  files: string[];
};

/** `report.json`'s text: 2-space JSON with bigints as decimal strings. */
export function serializeReport(report: DrillReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}

/** The file system calls `writeReport` makes; tests pass their own to inject a failure. */
export type ReportFs = Pick<typeof fsPromises, 'access' | 'mkdir' | 'rename' | 'rm' | 'stat' | 'writeFile'>;

/** A file a run produced besides the report (the pre-signed pause's root file), written beside it owner-only. */
export type ReportAttachment = { name: string; text: string };

export type WriteReportOptions = {
  /** Default: `node:fs/promises`. */
  fs?: ReportFs;
  /** Written into the report folder with the report, each owner-only (0600). */
  attachments?: readonly ReportAttachment[];
};

/**
 * Writes `report.json`, `report.md` and `timeline.svg` into `dir` (its parents created if needed),
 * and the run's attachments (owner-only).
 * The three files are written into a temporary folder beside `dir`, which is then renamed to `dir`
 * (replacing an earlier report there): a reader sees the whole report or none, and a failure (a
 * read-only folder, a full disk) leaves no half-written run folder behind. A failure throws a
 * `ReportWriteError` naming the real cause.
 */
export async function writeReport(
  report: DrillReport,
  dir: string,
  options: WriteReportOptions = {},
): Promise<WriteReportReturnType> {
  const fs = options.fs ?? fsPromises;
  const attachments = options.attachments ?? [];
  const target = resolve(dir);
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': serializeReport(report),
    'report.md': renderMarkdown(report),
    [TIMELINE_FILE]: renderTimelineSvg(report),
  };
  const temp = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`);
  let made = false;
  try {
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.mkdir(temp);
    made = true;
    for (const name of REPORT_FILES) await fs.writeFile(join(temp, name), contents[name], 'utf8');
    for (const { name, text } of attachments) {
      await fs.writeFile(join(temp, basename(name)), text, { encoding: 'utf8', mode: 0o600 });
    }
    await replaceFolder(fs, temp, target);
  } catch (error) {
    if (made) await fs.rm(temp, { recursive: true, force: true }).catch(() => {});
    throw new ReportWriteError(target, await diagnose(fs, target, error));
  }
  return {
    dir: target,
    files: [...REPORT_FILES, ...attachments.map((a) => basename(a.name))].map((name) => join(target, name)),
  };
}

/** Moves `from` to `to`; an earlier folder at `to` is set aside first and removed after. */
async function replaceFolder(fs: ReportFs, from: string, to: string): Promise<void> {
  const earlier = await fs.stat(to).then(
    () => true,
    () => false,
  );
  if (!earlier) {
    await fs.rename(from, to);
    return;
  }
  const aside = `${from}.old`;
  await fs.rename(to, aside);
  try {
    await fs.rename(from, to);
  } catch (error) {
    await fs.rename(aside, to).catch(() => {});
    throw error;
  }
  await fs.rm(aside, { recursive: true, force: true });
}

/**
 * The real cause of a failed write. A recursive `mkdir` under a read-only folder can report
 * `ENOENT` (the folder it could not create is "missing"), and one through a file `EEXIST`; the
 * nearest existing ancestor then says why: a file where a folder should be (`ENOTDIR`), or a folder
 * that refuses writes.
 */
async function diagnose(fs: ReportFs, target: string, error: unknown): Promise<unknown> {
  const code = errorCode(error);
  if (code !== 'ENOENT' && code !== 'EEXIST') return error;
  let at = dirname(target);
  for (;;) {
    const stats = await fs.stat(at).catch(() => undefined);
    if (stats) {
      if (!stats.isDirectory()) {
        return Object.assign(new Error(`${at} is a file`, { cause: error }), { code: 'ENOTDIR' });
      }
      if (code === 'EEXIST') return error;
      return fs.access(at, constants.W_OK).then(
        () => error,
        (denied: unknown) => denied,
      );
    }
    const up = dirname(at);
    if (up === at) return error;
    at = up;
  }
}
