import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { StoreConnectionError, StoreDataDirError, StoreOptionsError, StoreSchemaError } from './errors.js';
import type { SqlExecutor } from './executor.js';
import { pgExecutor } from './pg-executor.js';
import { pgliteExecutor } from './pglite-executor.js';
import { sqlStore } from './sql-store.js';
import type { MonitorStore } from './types.js';

/** Where the embedded store keeps its files unless told otherwise (relative to the working directory). */
export const DEFAULT_DATA_DIR = '.lockstep/monitor';

/** A `dataDir` that keeps the embedded database in memory (tests). */
export const IN_MEMORY = 'memory://';

export type OpenStoreOptions = {
  /** A PostgreSQL URL (`DATABASE_URL`): use that server instead of the embedded PGlite database. */
  databaseUrl?: string;
  /** The embedded database's directory (default `.lockstep/monitor`); `memory://` keeps it in memory. */
  dataDir?: string;
  /** The schema holding the tables (default `public`); lets several stores share one database. */
  schema?: string;
  /**
   * For a `memory://` store only: an initialised PGlite data directory (a `dumpDataDir()` tarball) to
   * start from instead of running initdb, which takes seconds in WASM. The store's migrations still
   * run on it. Tests open many in-memory stores from one template.
   */
  template?: Blob;
};

/**
 * Opens the monitor's store, migrated to this code's schema: PostgreSQL when `databaseUrl` is given,
 * otherwise PGlite in `dataDir`. Fails with a typed error naming the URL (without its password) or the
 * directory, and the fix.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<MonitorStore> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreSchemaError(
      `schema name "${schema}" is not a plain lower-case SQL identifier — use letters, digits and _`,
    );
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (options.template && (options.databaseUrl || dataDir !== IN_MEMORY)) {
    throw new StoreOptionsError(
      `a store template starts only an in-memory store, not ${options.databaseUrl ? 'a PostgreSQL server' : `the data directory ${resolve(dataDir)}`} — drop the template, or open dataDir ${IN_MEMORY}`,
    );
  }
  const executor = options.databaseUrl
    ? await openPostgres(options.databaseUrl, schema)
    : await openPglite(dataDir, schema, options.template);
  const store = sqlStore(executor, { schema });
  try {
    await store.migrate();
  } catch (error) {
    await executor.close().catch(() => {});
    throw error;
  }
  return store;
}

async function openPglite(dataDir: string, schema: string, template: Blob | undefined): Promise<SqlExecutor> {
  if (dataDir === IN_MEMORY) {
    const db = await PGlite.create(IN_MEMORY, template ? { loadDataDir: template } : {});
    return pgliteExecutor(db, { schema });
  }
  const path = resolve(dataDir);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new StoreDataDirError({ dataDir: path, cause: error });
  }
  const unlock = await lockDataDir(path);
  try {
    const executor = await pgliteExecutor(await PGlite.create(path), { schema });
    return {
      ...executor,
      close: async () => {
        try {
          await executor.close();
        } finally {
          await unlock();
        }
      },
    };
  } catch (error) {
    await unlock();
    throw new StoreDataDirError({ dataDir: path, cause: error });
  }
}

async function openPostgres(url: string, schema: string): Promise<SqlExecutor> {
  if (!/^postgres(ql)?:\/\/[^/]/i.test(url) || !URL.canParse(url)) {
    throw new StoreConnectionError({ url, reason: 'invalid-url', problem: 'not a postgres:// URL' });
  }
  const pool = new pg.Pool({
    connectionString: url,
    options: `-c search_path=${schema}`,
    application_name: 'lockstep-monitor',
    connectionTimeoutMillis: 10_000,
    max: 4,
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const code = (error as { code?: unknown }).code;
    const rejected = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
    throw new StoreConnectionError({
      url,
      reason: rejected ? 'rejected' : 'unreachable',
      problem: `cannot connect (${error instanceof Error ? error.message : String(error)})`,
      cause: error,
    });
  }
  return pgExecutor(pool);
}
