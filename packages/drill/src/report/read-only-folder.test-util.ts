/**
 * A real read-only folder for tests. Tests run as root here, where `chmod` stops no write, so the
 * folder is a tmpfs mounted read-only (writes fail with `EROFS`, for root too). Returns undefined
 * where mounting is not allowed (no root, no CAP_SYS_ADMIN); the caller skips then.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ReadOnlyFolder = { dir: string; remove(): Promise<void> };

export async function mountReadOnlyFolder(): Promise<ReadOnlyFolder | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'drill-read-only-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    async remove() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
