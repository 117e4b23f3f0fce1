#!/usr/bin/env node
// @ts-check
/**
 * The `lockstep-monitor` executable (`pnpm bench` runs `lockstep-monitor bench`): registers tsx's ESM
 * loader in this process and runs the monitor's benchmark from source (no build step on a fresh clone).
 */
import { register } from 'tsx/esm/api';

register();
const entry = new URL('../src/bench/main.ts', import.meta.url).href;
/** @type {{ main: (argv: string[]) => Promise<number> }} */
const cli = await import(entry);
process.exit(await cli.main(process.argv.slice(2)));
