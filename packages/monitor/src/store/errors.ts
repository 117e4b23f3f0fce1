import { LockstepError } from '@lockstep/core/errors';

/** The form a DATABASE_URL takes, shown in every fix. */
const URL_FORM = 'postgres://USER:PASSWORD@HOST:5432/DATABASE';

/** Why the store could not use a PostgreSQL server. */
export type StoreConnectionReason =
  /** DATABASE_URL is not a postgres:// or postgresql:// URL. */
  | 'invalid-url'
  /** Nothing answered at the URL's host and port (refused, unknown host, timeout). */
  | 'unreachable'
  /** The server answered and refused us (password, role, missing database, permissions). */
  | 'rejected';

export type StoreConnectionErrorType = StoreConnectionError & { name: 'StoreConnectionError' };

/** DATABASE_URL is malformed or names a server the monitor cannot use. Carries the URL without its password. */
export class StoreConnectionError extends LockstepError {
  override name = 'StoreConnectionError' as const;
  readonly reason: StoreConnectionReason;
  /** DATABASE_URL with its password replaced by `***`. */
  readonly url: string;

  constructor({
    url,
    reason,
    problem,
    cause,
  }: { url: string; reason: StoreConnectionReason; problem: string; cause?: unknown }) {
    const redacted = redactUrl(url);
    super(`DATABASE_URL ${redacted}: ${problem} — ${FIXES[reason]}`, { cause });
    this.reason = reason;
    this.url = redacted;
  }
}

const FIXES: Record<StoreConnectionReason, string> = {
  'invalid-url': `write it as ${URL_FORM}, or unset it to use the embedded store`,
  unreachable: `start PostgreSQL there or fix the host and port (${URL_FORM}), or unset DATABASE_URL to use the embedded store`,
  rejected: 'fix the user, password or database name in DATABASE_URL, or grant that role access to the database',
};

export type StoreSchemaErrorType = StoreSchemaError & { name: 'StoreSchemaError' };

/** The database's schema cannot be used by this monitor (a bad schema name, or migrated by a newer monitor). */
export class StoreSchemaError extends LockstepError {
  override name = 'StoreSchemaError' as const;
}

export type StoreOptionsErrorType = StoreOptionsError & { name: 'StoreOptionsError' };

/** `openStore` was given options that do not go together (e.g. a template for an on-disk store). */
export class StoreOptionsError extends LockstepError {
  override name = 'StoreOptionsError' as const;
}

export type StoreDataDirErrorType = StoreDataDirError & { name: 'StoreDataDirError' };

/** The embedded store's data directory cannot be used: in use by another monitor, or not openable. */
export class StoreDataDirError extends LockstepError {
  override name = 'StoreDataDirError' as const;
  readonly dataDir: string;
  /** The live process holding the directory, when that is the problem. */
  readonly heldBy: number | undefined;

  constructor({ dataDir, heldBy, cause }: { dataDir: string; heldBy?: number; cause?: unknown }) {
    super(
      heldBy === undefined
        ? `monitor data directory ${dataDir} cannot be opened as a PGlite database — fix its permissions, or move it away and let the monitor re-read the chains from their start blocks`
        : `monitor data directory ${dataDir} is in use by process ${heldBy}${heldBy === process.pid ? ' (this one)' : ''} — stop that monitor, give this one its own --data-dir, or share one PostgreSQL through DATABASE_URL`,
      { cause },
    );
    this.dataDir = dataDir;
    this.heldBy = heldBy;
  }
}

/**
 * A connection URL with its password (in the user info or a `password=` query parameter) replaced by
 * `***`. Works on strings that are not valid URLs too, so a malformed DATABASE_URL is never echoed with
 * its secret.
 */
export function redactUrl(url: string): string {
  const query = url.search(/[?#]/);
  const end = query === -1 ? url.length : query;
  const at = url.lastIndexOf('@', end);
  let redacted = url;
  if (at !== -1) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(url)?.[0].length ?? 0;
    const colon = url.indexOf(':', scheme);
    if (colon !== -1 && colon < at) redacted = `${url.slice(0, colon)}:***${url.slice(at)}`;
  }
  return redacted.replace(/([?&]password=)[^&#]*/gi, '$1***');
}
