import type { Pool, PoolClient } from 'pg';
import type { SqlExecutor, SqlQueryable } from './executor.js';

/**
 * An executor over a `pg` pool (a PostgreSQL server). The pool's connections carry the store's
 * `search_path` (set by the caller in the pool's `options`); a transaction holds one connection from
 * BEGIN to COMMIT.
 */
export function pgExecutor(pool: Pool): SqlExecutor {
  return {
    driver: 'postgres',
    ...queryable(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot roll back is broken: destroy it rather than return it to the pool.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

function queryable(db: Pool | PoolClient): SqlQueryable {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      (await db.query<Row & Record<string, unknown>>(sql, [...params])).rows,
    exec: async (sql) => {
      await db.query(sql);
    },
  };
}
