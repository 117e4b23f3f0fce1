#!/usr/bin/env node
// @ts-check
/**
 * The `lockstep` executable: registers tsx's ESM loader in this process and runs the TypeScript
 * CLI from source, so a fresh clone needs no build step. (In-process, not a child `tsx` process,
 * so signals and the exit code are the CLI's own.)
 */
import { register } from 'tsx/esm/api';

register();
const entry = new URL('../src/cli.ts', import.meta.url).href;
/** @type {{ main: (argv: string[]) => Promise<number> }} */
const cli = await import(entry);
process.exitCode = await cli.main(process.argv.slice(2));
