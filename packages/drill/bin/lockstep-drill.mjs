#!/usr/bin/env node
// @ts-check
/**
 * The `lockstep-drill` executable: registers tsx's ESM loader in this process and runs the drill
 * CLI from source (no build step on a fresh clone).
 *
 * Once `main` has returned, the verdict is out and every chain and process the drill started is
 * stopped: the process ends as soon as its output is flushed. Should anything still hold the event
 * loop (a forgotten timer or socket), it exits anyway after a short grace, naming what was left
 * when `LOCKSTEP_DEBUG_HANDLES` is set, instead of lingering after the verdict.
 */
import { register } from 'tsx/esm/api';

const EXIT_GRACE_MS = 1000;

register();
const entry = new URL('../src/cli/main.ts', import.meta.url).href;
/** @type {{ main: (argv: string[]) => Promise<number> }} */
const cli = await import(entry);
process.exitCode = await cli.main(process.argv.slice(2));
setTimeout(() => {
  if (process.env.LOCKSTEP_DEBUG_HANDLES) {
    process.stderr.write(`still open after the verdict: ${process.getActiveResourcesInfo().join(', ')}\n`);
  }
  process.exit();
}, EXIT_GRACE_MS).unref();
