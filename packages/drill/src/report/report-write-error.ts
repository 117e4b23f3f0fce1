import { LockstepError } from '@lockstep/core/errors';

export type ReportWriteErrorType = ReportWriteError & { name: 'ReportWriteError' };

/** What stopped the report from being written, in the words a person acts on. */
export type ReportWriteCause = 'read-only' | 'disk-full' | 'not-a-folder' | 'other';

/** Error codes by cause: a folder the drill may not write, a full disk, a path through a file. */
const CAUSES: Record<string, ReportWriteCause> = {
  EACCES: 'read-only',
  EPERM: 'read-only',
  EROFS: 'read-only',
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  ENOTDIR: 'not-a-folder',
  EEXIST: 'not-a-folder',
};

const WHY: Record<ReportWriteCause, string> = {
  'read-only': 'read-only folder (no permission to write there)',
  'disk-full': 'disk full',
  'not-a-folder': 'part of the path is a file, not a folder',
  other: 'the file system refused',
};

/** The report of a finished drill could not be written to `dir`; nothing was left there. */
export class ReportWriteError extends LockstepError {
  override name = 'ReportWriteError' as const;
  readonly dir: string;
  readonly reason: ReportWriteCause;
  /** The file system's error code (`EROFS`, `ENOSPC`, ...), when there is one. */
  readonly code: string | undefined;

  constructor(dir: string, cause: unknown) {
    const code = errorCode(cause);
    const reason: ReportWriteCause = (code === undefined ? undefined : CAUSES[code]) ?? 'other';
    super(
      `cannot write the report to ${dir}: ${WHY[reason]}${code ? ` (${code})` : ''} — choose another --out or free space`,
      { cause },
    );
    this.dir = dir;
    this.reason = reason;
    this.code = code;
  }
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
