/**
 * This process's anvil children as Linux's `/proc` shows them: how many there are (a test that no
 * chain outlives a failed start) and the CPU they used (the warm profile's per-phase anvil CPU).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second (`USER_HZ`). */
const TICKS = 100;

/** Each anvil process whose parent is this process: its pid and CPU seconds (user + system) so far. */
export function anvilChildren(): { pid: number; cpuSeconds: number }[] {
  const found: { pid: number; cpuSeconds: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid || !stat.includes('(anvil)')) continue;
      found.push({ pid: Number(entry), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS });
    } catch {
      // gone between the listing and the read
    }
  }
  return found;
}
