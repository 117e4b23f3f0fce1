import { readFile, rm, writeFile } from 'node:fs/promises';
import { StoreDataDirError } from './errors.js';

/**
 * One embedded database, one process: PGlite opens a data directory that another process has open
 * without complaint, and two writers would corrupt it. `<dataDir>.lock` holds the owner's pid. A lock
 * whose process is gone (a monitor killed with SIGKILL) is taken over, so a restart needs no cleanup.
 * Returns the function that releases it.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${dataDir}.lock`;
  const mine = `${process.pid}\n`;
  // Two attempts: the second follows the removal of a dead owner's lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, mine, { flag: 'wx' });
      return async () => {
        if ((await readFile(path, 'utf8').catch(() => '')) === mine) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreDataDirError({ dataDir, cause: error });
      const owner = await readLockOwner(path);
      if (owner !== undefined && isAlive(owner)) throw new StoreDataDirError({ dataDir, heldBy: owner });
      await rm(path, { force: true });
    }
  }
  throw new StoreDataDirError({
    dataDir,
    cause: new Error(`${path} keeps reappearing: another monitor is starting on it`),
  });
}

/** The pid a lock file names, or `undefined` when it is gone or holds no pid. */
export async function readLockOwner(path: string): Promise<number | undefined> {
  const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  return Number.isSafeInteger(owner) && owner > 0 ? owner : undefined;
}

/** Whether process `pid` is running (on this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
