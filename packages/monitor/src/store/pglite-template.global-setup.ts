/**
 * vitest `globalSetup` for the monitor's tests: a folder for the run's PGlite template (see
 * `pglite-template.test-util.ts`), provided to every test process and removed when the run ends.
 * Cheap by itself: the template is made by the first test that needs one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'lockstep-pglite-template-'));
  project.provide('pgliteTemplateRoot', root);
  return () => rm(root, { recursive: true, force: true });
}
