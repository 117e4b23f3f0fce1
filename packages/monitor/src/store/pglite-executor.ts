import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlExecutor, SqlQueryable } from './executor.js';

/**
 * An executor over an embedded PGlite database. PGlite has one connection and serialises queries and
 * transactions itself, so nothing else is needed. `search_path` is set once, on that connection.
 */
export async function pgliteExecutor(db: PGlite, { schema }: { schema: string }): Promise<SqlExecutor> {
  await db.exec(`SET search_path TO ${schema}`);
  return {
    driver: 'pglite',
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => db.close(),
  };
}

function queryable(db: PGlite | Transaction): SqlQueryable {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      (await db.query<Row>(sql, [...params])).rows,
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
}
