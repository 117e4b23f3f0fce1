/**
 * Every OS process a drill starts (anvils, from the moment they are spawned, and guardian and relayer
 * processes) is tracked here. An interrupted drill (Ctrl-C, SIGTERM, a dead parent, an uncaught
 * error) calls `stopTrackedChildren`: SIGTERM to each (an anvil's states folder is removed once it has
 * exited), then SIGKILL to any still running after a grace. Should the process exit without that
 * (`process.exit` elsewhere, a crash before the lifeline is up), every tracked process is `kill -9`'d
 * at exit, so a drill never leaves orphans. Normal shutdown untracks them first.
 */
const tracked = new Set<number>();
let hooked = false;

/** How long a tracked process has, after SIGTERM, before it gets SIGKILL. */
export const CHILD_STOP_GRACE_MS = 2_000;

function signalAll(signal: NodeJS.Signals): void {
  for (const pid of tracked) {
    try {
      process.kill(pid, signal);
    } catch {
      tracked.delete(pid); // already gone
    }
  }
}

function killAll(): void {
  signalAll('SIGKILL');
  tracked.clear();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function trackChild(pid: number | undefined): void {
  if (pid === undefined) return;
  if (!hooked) {
    process.on('exit', killAll);
    hooked = true;
  }
  tracked.add(pid);
}

export function untrackChild(pid: number | undefined): void {
  if (pid !== undefined) tracked.delete(pid);
}

/** The processes tracked now (for tests and the stop message). */
export function trackedChildren(): number[] {
  return [...tracked];
}

/**
 * Stops every tracked process: SIGTERM, then SIGKILL to those still running after `graceMs`.
 * Resolves with how many there were, once none is left running.
 */
export async function stopTrackedChildren(graceMs: number = CHILD_STOP_GRACE_MS): Promise<number> {
  const count = tracked.size;
  signalAll('SIGTERM');
  const deadline = Date.now() + graceMs;
  while ([...tracked].some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  killAll();
  return count;
}
