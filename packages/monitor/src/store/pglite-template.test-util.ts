/**
 * Fresh PGlite data directories for tests, without paying initdb for each. Opening PGlite on a new
 * directory runs initdb in WASM: 5–15 s on a loaded 2-core machine, where opening an initialised
 * directory takes under 1 s and copying one about 0.5 s. So a test run initialises one template
 * directory, the first time a test process needs one, in the folder that
 * `pglite-template.global-setup.ts` provides for the run (vitest `globalSetup`); every test then gets
 * a copy (`cp -r`). The template is initialised, not migrated: the store's own migrations still run on
 * every copy, as on a new database. In-memory stores start from the same template, as a tarball
 * (`openMemoryStore`). Outside that globalSetup (another package's tests importing the
 * store's test utilities) the template is made once per process instead. Tests only, never shipped.
 */
import { rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { isAlive, readLockOwner } from './data-dir-lock.js';
import { IN_MEMORY, openStore } from './open.js';
import type { MonitorStore } from './types.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding this test run's PGlite template (made by the first process that needs it). */
    pgliteTemplateRoot: string;
  }
}

/** How long a test process waits for another one to finish the template. */
const BUILD_WAIT_MS = 180_000;

let template: Promise<string> | undefined;

/** The test run's initialised PGlite data directory: copy it, never open it. */
export function pgliteTemplate(): Promise<string> {
  template ??= templateIn(runRoot());
  // A failed attempt is not cached: the next caller tries again.
  template.catch(() => {
    template = undefined;
  });
  return template;
}

/** The template's tarball, written next to its directory. */
const tarballOf = (templateDir: string) => `${templateDir}.tar`;

let memoryTemplate: Promise<Blob> | undefined;

/**
 * The run's template as a `dumpDataDir()` tarball, read once per process: `openStore`'s `template` for
 * in-memory stores, so each one loads it instead of running initdb.
 */
export function pgliteMemoryTemplate(): Promise<Blob> {
  memoryTemplate ??= pgliteTemplate().then(async (dir) => new Blob([await readFile(tarballOf(dir))]));
  memoryTemplate.catch(() => {
    memoryTemplate = undefined;
  });
  return memoryTemplate;
}

/** A fresh in-memory store started from the run's template (no initdb), migrated like any other. */
export async function openMemoryStore(): Promise<MonitorStore> {
  return openStore({ dataDir: IN_MEMORY, template: await pgliteMemoryTemplate() });
}

/** Copies the template to `dataDir` (parent folders created): a fresh, initialised, unmigrated database. */
export async function freshPgliteDir(dataDir: string): Promise<string> {
  await cp(await pgliteTemplate(), dataDir, { recursive: true });
  return dataDir;
}

/** The run's folder from the globalSetup, or one for this process (removed when it exits). */
async function runRoot(): Promise<string> {
  const provided = inject('pgliteTemplateRoot') as string | undefined;
  if (provided) return provided;
  const own = await mkdtemp(join(tmpdir(), 'lockstep-pglite-template-'));
  process.once('exit', () => rmSync(own, { recursive: true, force: true }));
  return own;
}

/**
 * `<root>/template`, made by whichever process gets `<root>/template.building` first (initdb into a
 * staging folder, then one rename, so a template that exists is complete). The others wait for the
 * rename; a builder that died leaves its marker behind, and the next process takes over.
 */
async function templateIn(rootPromise: Promise<string>): Promise<string> {
  const root = await rootPromise;
  const path = join(root, 'template');
  const marker = join(root, 'template.building');
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (Date.now() < deadline) {
    if (await exists(path)) return path;
    try {
      await writeFile(marker, `${process.pid}\n`, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const builder = await readLockOwner(marker);
      if (builder !== undefined && !isAlive(builder)) await rm(marker, { force: true });
      else await sleep(100);
      continue;
    }
    const staging = join(root, `staging-${process.pid}`);
    try {
      const db = await PGlite.create(staging);
      try {
        // The same pristine database as a tarball, for in-memory stores (written before the rename).
        const tar = await db.dumpDataDir('none');
        await writeFile(tarballOf(path), Buffer.from(await tar.arrayBuffer()));
      } finally {
        await db.close();
      }
      await rename(staging, path);
      return path;
    } finally {
      await rm(staging, { recursive: true, force: true });
      await rm(marker, { force: true });
    }
  }
  throw new Error(
    `no PGlite template in ${root} after ${BUILD_WAIT_MS / 1000} s: another test process is stuck making it`,
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
