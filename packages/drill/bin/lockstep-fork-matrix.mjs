#!/usr/bin/env node
// @ts-check
/**
 * The `lockstep-fork-matrix` executable (`pnpm fork-matrix`): registers tsx's ESM loader in this
 * process and runs the fork-matrix command from source (no build step on a fresh clone).
 */
import { register } from 'tsx/esm/api';

register();
const entry = new URL('../src/fork-matrix/main.ts', import.meta.url).href;
/** @type {{ main: (argv: string[]) => Promise<number> }} */
const cli = await import(entry);
process.exitCode = await cli.main(process.argv.slice(2));
