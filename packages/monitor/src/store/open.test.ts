import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl, StoreConnectionError, StoreDataDirError, StoreOptionsError, StoreSchemaError } from './errors.js';
import { IN_MEMORY, openStore } from './open.js';
import { freshPgliteDir, pgliteMemoryTemplate } from './pglite-template.test-util.js';
import { batchOf, blockHash } from './test-batches.js';

const SECRET = 'hunter2-secret';

/** The typed error `promise` rejects with, for assertions on its fields. */
async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('redactUrl', () => {
  it('hides the password in the user info and in a password parameter, and leaves the rest', () => {
    expect(redactUrl(`postgres://monitor:${SECRET}@db.internal:5432/lockstep`)).toBe(
      'postgres://monitor:***@db.internal:5432/lockstep',
    );
    expect(redactUrl(`postgresql://db/lockstep?user=monitor&password=${SECRET}&sslmode=require`)).toBe(
      'postgresql://db/lockstep?user=monitor&password=***&sslmode=require',
    );
    expect(redactUrl(`postgres://monitor:p@ss/${SECRET}@db/x`)).toBe('postgres://monitor:***@db/x');
    expect(redactUrl('postgres://db.internal/lockstep')).toBe('postgres://db.internal/lockstep');
  });
});

describe('openStore with DATABASE_URL', () => {
  it('refuses a URL that is not postgres://, naming it without its password and the fix', async () => {
    for (const url of [`mysql://root:${SECRET}@db/x`, `postgres:/root:${SECRET}@db`, 'db.internal:5432']) {
      const error = await rejection(openStore({ databaseUrl: url }), StoreConnectionError);
      expect(error.reason).toBe('invalid-url');
      expect(error.message).not.toContain(SECRET);
      expect(error.shortMessage).toMatch(
        /^DATABASE_URL .*: not a postgres:\/\/ URL — write it as postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/,
      );
    }
  });

  it('says which server did not answer and how to fix it', async () => {
    const error = await rejection(
      openStore({ databaseUrl: `postgres://monitor:${SECRET}@127.0.0.1:9/lockstep` }),
      StoreConnectionError,
    );
    expect(error.reason).toBe('unreachable');
    expect(error.url).toBe('postgres://monitor:***@127.0.0.1:9/lockstep');
    expect(error.message).not.toContain(SECRET);
    expect(error.shortMessage).toMatch(/cannot connect \(.*ECONNREFUSED.*\) — start PostgreSQL there/);
  });

  const url = process.env.DATABASE_URL;
  it.skipIf(!url)('says when the server refuses the credentials (needs DATABASE_URL)', async () => {
    const wrong = new URL(url as string);
    wrong.password = SECRET;
    const error = await rejection(openStore({ databaseUrl: wrong.href }), StoreConnectionError);
    expect(error.reason).toBe('rejected');
    expect(error.message).not.toContain(SECRET);
    expect(error.shortMessage).toMatch(/password authentication failed.* — fix the user, password or database name/);
  });

  it('refuses a schema name that is not a plain identifier before connecting', async () => {
    await expect(openStore({ databaseUrl: 'postgres://db/x', schema: 'public; DROP TABLE x' })).rejects.toThrow(
      StoreSchemaError,
    );
  });
});

describe('openStore with PGlite', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lockstep-monitor-open-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps a store in memory', async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await store.commit(1, batchOf(1, 1, 1));
    expect(await store.checkpoint(1)).toEqual({ number: 1, hash: blockHash(1) });
    await store.close();
    // Without a template this runs initdb: minutes on a loaded 2-core machine.
  }, 300_000);

  it('starts in-memory stores from a template: each its own migrated database, none paying initdb', async () => {
    const template = await pgliteMemoryTemplate();
    const [first, second] = await Promise.all([
      openStore({ dataDir: IN_MEMORY, template }),
      openStore({ dataDir: IN_MEMORY, template }),
    ]);
    try {
      await first.commit(1, batchOf(1, 1, 1));
      expect(await first.checkpoint(1)).toEqual({ number: 1, hash: blockHash(1) });
      expect(await second.checkpoint(1)).toBeUndefined();
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
    // The first caller in a run makes the template (initdb): minutes on a loaded 2-core machine.
  }, 300_000);

  it('refuses a template for an on-disk store or a PostgreSQL server, naming what it can start', async () => {
    const template = new Blob([]);
    const onDisk = await rejection(openStore({ dataDir: join(root, 'disk'), template }), StoreOptionsError);
    expect(onDisk.shortMessage).toBe(
      `a store template starts only an in-memory store, not the data directory ${join(root, 'disk')} — drop the template, or open dataDir memory://`,
    );
    await expect(openStore({ databaseUrl: 'postgres://db/x', template })).rejects.toThrow(
      /not a PostgreSQL server — drop the template/,
    );
  });

  it('refuses a data directory another live monitor holds, and takes over one whose monitor died', async () => {
    const dataDir = await freshPgliteDir(join(root, 'nested', 'monitor'));
    const store = await openStore({ dataDir });
    const error = await rejection(openStore({ dataDir }), StoreDataDirError);
    expect(error.heldBy).toBe(process.pid);
    expect(error.shortMessage).toContain(
      `${dataDir} is in use by process ${process.pid} (this one) — stop that monitor`,
    );
    await store.close();

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(`${dataDir}.lock`, `${dead.stdout}\n`);
    await (await openStore({ dataDir })).close();
  });

  it('names a data directory it cannot open, and the fix', async () => {
    const file = join(root, 'not-a-directory');
    await writeFile(file, 'x');
    const error = await rejection(openStore({ dataDir: join(file, 'monitor') }), StoreDataDirError);
    expect(error.dataDir).toBe(join(file, 'monitor'));
    expect(error.shortMessage).toMatch(/cannot be opened as a PGlite database — fix its permissions, or move it away/);
  });
});
