import { StoreSchemaError } from './errors.js';
import type { SqlExecutor } from './executor.js';

/**
 * The store's schema, as ordered migrations. A migration is never edited once released: a change is a
 * new migration with the next version. Every migration runs in the transaction that records it in
 * `schema_migrations`, so a database is always at exactly one version. The README describes the
 * tables for Grafana.
 */
export type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'checkpoints, blocks, events, alerts',
    sql: `
      CREATE TABLE checkpoints (
        chain_id     int8        PRIMARY KEY,
        block_number int8        NOT NULL,
        block_hash   text        NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE blocks (
        chain_id     int8 NOT NULL,
        block_number int8 NOT NULL,
        block_hash   text NOT NULL,
        PRIMARY KEY (chain_id, block_number)
      );
      CREATE TABLE events (
        chain_id     int8        NOT NULL,
        block_number int8        NOT NULL,
        log_index    int4        NOT NULL,
        block_hash   text        NOT NULL,
        tx_hash      text        NOT NULL,
        block_time   timestamptz NOT NULL,
        address      text        NOT NULL,
        name         text        NOT NULL,
        args         jsonb       NOT NULL,
        PRIMARY KEY (chain_id, block_number, log_index)
      );
      CREATE INDEX events_name_time ON events (name, block_time);
      CREATE TABLE alerts (
        id          int8        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key         text        NOT NULL,
        kind        text        NOT NULL,
        severity    text        NOT NULL,
        chain       text,
        proposal_id text,
        message     text        NOT NULL,
        detail      jsonb       NOT NULL,
        fired_at    timestamptz NOT NULL,
        cleared_at  timestamptz,
        CHECK (cleared_at IS NULL OR cleared_at >= fired_at)
      );
      -- One active alert per key: a condition seen again (by this monitor or another) fires once.
      CREATE UNIQUE INDEX alerts_active_key ON alerts (key) WHERE cleared_at IS NULL;
      CREATE INDEX alerts_fired_at ON alerts (fired_at);
    `,
  },
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Shared by every Lockstep monitor: the first half of the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x6c6b7370; // "lksp"

/**
 * Applies the migrations the database has not seen, in order, in one transaction. A transaction-scoped
 * advisory lock (per schema) makes monitors that start together on one PostgreSQL take turns: the
 * second sees the first's rows in `schema_migrations` and applies nothing. Refuses a database migrated
 * by a newer monitor.
 */
export async function migrate(executor: SqlExecutor, schema: string): Promise<void> {
  await executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await tx.exec(`
      CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        version    int4        PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) {
      throw new StoreSchemaError(
        `schema "${schema}" is at version ${newest}, newer than this monitor's ${SCHEMA_VERSION} — upgrade lockstep, or point the monitor at another database`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
  });
}
