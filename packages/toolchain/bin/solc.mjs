#!/usr/bin/env node
// @ts-check
// solc for forge, offline: see ../src/solc.mjs. Point foundry.toml's `solc` (or FOUNDRY_SOLC) here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compileStandardJson, findNativeSolc, parseSolcArgs, versionText } from '../src/solc.mjs';

const argv = process.argv.slice(2);
const native = findNativeSolc();
if (native) {
  const run = spawnSync(native, argv, { stdio: 'inherit' });
  if (run.error) {
    process.stderr.write(`solc wrapper: cannot run native solc ${native}: ${run.error.message}\n`);
    process.exit(1);
  }
  process.exit(run.status ?? 1);
}
try {
  const args = parseSolcArgs(argv);
  if (args.mode === 'version') {
    process.stdout.write(versionText());
  } else {
    process.stdout.write(compileStandardJson(readFileSync(0, 'utf8'), args));
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
