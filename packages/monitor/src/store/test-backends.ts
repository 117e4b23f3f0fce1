import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import type { SqlExecutor } from './executor.js';
import { type OpenStoreOptions, openStore } from './open.js';
import { pgExecutor } from './pg-executor.js';
import { pgliteExecutor } from './pglite-executor.js';
import { freshPgliteDir, pgliteTemplate } from './pglite-template.test-util.js';
import { sqlStore } from './sql-store.js';
import type { MonitorStore } from './types.js';

/**
 * The two databases the store's behaviour suite runs against, behind one shape: a fresh, empty database
 * per test that stores open (and reopen, as a restarted monitor would), plus a raw SQL door for
 * assertions about the schema itself. Tests only, never shipped.
 */
export type TestDatabase = {
  /** What `openStore` needs to reach this database (also handed to child processes). */
  options: OpenStoreOptions;
  open(): Promise<MonitorStore>;
  /** Two stores on this database whose migrations run at the same time. */
  openTwoAtOnce(): Promise<[MonitorStore, MonitorStore]>;
  /** Runs raw SQL in the store's schema; every store on the database must be closed (PGlite has one owner). */
  sql<Row extends object>(query: string, params?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
};

export type TestBackend = {
  name: 'PGlite' | 'PostgreSQL';
  /** Why the backend cannot run here, when it cannot. */
  unavailable?: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  database(): Promise<TestDatabase>;
};

/**
 * PGlite on disk: each database is a copy of the test run's freshly initialised data directory
 * (`freshPgliteDir`: initdb runs once per test run, not per file or per test).
 */
export function pgliteBackend(): TestBackend {
  let root = '';
  let count = 0;
  return {
    name: 'PGlite',
    async setup() {
      root = await mkdtemp(join(tmpdir(), 'lockstep-monitor-store-'));
      await pgliteTemplate();
    },
    teardown: () => rm(root, { recursive: true, force: true }),
    async database() {
      const dataDir = await freshPgliteDir(join(root, `db-${++count}`));
      const options = { dataDir };
      return {
        options,
        open: () => openStore(options),
        async openTwoAtOnce() {
          // One PGlite database has one owner process: the two stores share its connection.
          const db = await PGlite.create(dataDir);
          let open = 2;
          const shared: SqlExecutor = {
            ...(await pgliteExecutor(db, { schema: 'public' })),
            close: async () => {
              if (--open === 0) await db.close();
            },
          };
          const stores: [MonitorStore, MonitorStore] = [
            sqlStore(shared, { schema: 'public' }),
            sqlStore(shared, { schema: 'public' }),
          ];
          await Promise.all(stores.map((store) => store.migrate()));
          return stores;
        },
        async sql<Row extends object>(query: string, params: unknown[] = []) {
          const db = await PGlite.create(dataDir);
          try {
            return (await db.query<Row>(query, params)).rows;
          } finally {
            await db.close();
          }
        },
        drop: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  };
}

/** A real PostgreSQL server (DATABASE_URL): each database is a fresh schema, dropped afterwards. */
export function postgresBackend(databaseUrl: string | undefined): TestBackend {
  let admin: pg.Pool | undefined;
  let count = 0;
  const unavailable = databaseUrl
    ? undefined
    : 'DATABASE_URL is not set: start PostgreSQL and set DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE (.ci/run does)';
  return {
    name: 'PostgreSQL',
    ...(unavailable ? { unavailable } : {}),
    async setup() {
      admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    },
    teardown: async () => admin?.end(),
    async database() {
      const schema = `store_test_${process.pid}_${++count}`;
      const options = { databaseUrl: databaseUrl as string, schema };
      const pool = admin as pg.Pool;
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      return {
        options,
        open: () => openStore(options),
        openTwoAtOnce: async () => Promise.all([openStore(options), openStore(options)]),
        async sql<Row extends object>(query: string, params: unknown[] = []) {
          const raw = pgExecutor(
            new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 1 }),
          );
          try {
            return await raw.query<Row>(query, params);
          } finally {
            await raw.close();
          }
        },
        drop: async () => {
          await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        },
      };
    },
  };
}

/**
 * Runs `suite` once per backend. Without DATABASE_URL the PostgreSQL run is skipped with its reason,
 * except under CI (env `CI` set), where it fails: CI must test the PostgreSQL path.
 */
export function describeEachBackend(title: string, suite: (backend: TestBackend) => void): void {
  const backends = [pgliteBackend(), postgresBackend(process.env.DATABASE_URL)];
  describe.each(backends.map((backend) => [backend.name, backend] as const))(`${title} on %s`, (_name, backend) =>
    onBackend(`${title} on ${backend.name}`, backend, suite),
  );
}

/**
 * Inside a describe block: `suite` on `backend`, set up before and torn down after. A backend that
 * cannot run here is skipped with its reason, except under CI (env `CI` set), where it fails.
 */
export function onBackend(title: string, backend: TestBackend, suite: (backend: TestBackend) => void): void {
  const { unavailable } = backend;
  if (unavailable) {
    if (process.env.CI) {
      it('has a PostgreSQL server (CI must set DATABASE_URL)', () => {
        throw new Error(unavailable);
      });
    } else {
      // The default reporter lists no skipped test by name: say it on stderr too.
      console.warn(`${title}: skipped, ${unavailable}`);
      it.skip(`skipped: ${unavailable}`, () => {});
    }
    return;
  }
  beforeAll(() => backend.setup(), 120_000);
  afterAll(() => backend.teardown());
  suite(backend);
}

/** A fresh database for each test, and every store a test opened closed after it. */
export function useTestDatabase(backend: TestBackend): {
  database(): TestDatabase;
  open(): Promise<MonitorStore>;
  track(store: MonitorStore): MonitorStore;
} {
  let current: TestDatabase | undefined;
  const open = new Set<MonitorStore>();
  beforeEach(async () => {
    current = await backend.database();
  }, 60_000);
  afterEach(async () => {
    await Promise.all([...open].map((store) => store.close().catch(() => {})));
    open.clear();
    await current?.drop();
  });
  const track = (store: MonitorStore): MonitorStore => {
    const close = store.close.bind(store);
    open.add(store);
    store.close = () => {
      open.delete(store);
      return close();
    };
    return store;
  };
  const database = () => current as TestDatabase;
  return { database, track, open: async () => track(await database().open()) };
}
