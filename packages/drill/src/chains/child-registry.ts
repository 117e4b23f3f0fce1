/**
 * Every OS process a drill starts (anvils, guardian and relayer processes) is tracked here, and
 * `kill -9`'d when this process exits for any reason (Ctrl-C, SIGTERM, a crash), so an interrupted
 * drill never leaves orphans. Normal shutdown untracks them first.
 */
const tracked = new Set<number>();
let hooked = false;

function killAll(): void {
  for (const pid of tracked) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  tracked.clear();
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
