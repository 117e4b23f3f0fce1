import { readFileSync } from 'node:fs';
import { platform } from 'node:os';

/**
 * Whether `pid` is a live anvil process. On Linux this reads `/proc/<pid>/cmdline`, so a zombie
 * (empty command line) counts as gone and a recycled pid of another program is never mistaken for
 * (and never signalled as) a devnet chain. Elsewhere it falls back to signal 0.
 */
export function isAnvilAlive(pid: number): boolean {
  if (platform() === 'linux') {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return false;
    }
    const argv0 = cmdline.split('\0')[0] ?? '';
    return /anvil[^/]*$/.test(argv0); // the native binary, or a LOCKSTEP_ANVIL override named anvil*
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Sends `signal` to the process group led by `pid` (devnet anvils are started detached), else to `pid`. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
    return;
  } catch {
    // No such group (e.g. the leader already exited): fall back to the process itself.
  }
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ESRCH') throw error;
  }
}

/** Polls until `pid` is gone or `timeoutMs` passes; returns whether it is gone. */
export async function waitUntilGone(pid: number, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAnvilAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
