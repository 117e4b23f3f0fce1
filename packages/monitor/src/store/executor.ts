/**
 * The seam between the store's logic and its two drivers: a small SQL executor. The store is written
 * once against it; PGlite (embedded) and `pg` (PostgreSQL) each implement it in a few lines. Queries use
 * `$1`-style parameters; rows come back as the driver parses them (callers convert numbers with
 * `Number`, because `pg` returns int8 as strings).
 */

/** Something that runs SQL: the executor itself, or one transaction of it. */
export interface SqlQueryable {
  /** Runs one statement with parameters and returns its rows. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Which database an executor talks to. */
export type SqlDriver = 'pglite' | 'postgres';

export interface SqlExecutor extends SqlQueryable {
  readonly driver: SqlDriver;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
