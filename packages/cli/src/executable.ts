/**
 * The `lockstep` executable, as a documented entry of @lockstep/cli for programs that run a command
 * as its own OS process (the drill runs `lockstep guardian` and `lockstep relay`, the processes it
 * rehearses), so they need not know where the package keeps its files. Run it with Node:
 * `spawn(process.execPath, [LOCKSTEP_EXECUTABLE, 'guardian', '--index', '0'])`.
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of `bin/lockstep.mjs`. */
export const LOCKSTEP_EXECUTABLE: string = fileURLToPath(new URL('../bin/lockstep.mjs', import.meta.url));
