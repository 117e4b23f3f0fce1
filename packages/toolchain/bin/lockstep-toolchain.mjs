#!/usr/bin/env node
// @ts-check
/**
 * lockstep-toolchain link             make lib/ links, check the native Foundry binaries
 * lockstep-toolchain build            compile contracts/ and script/ only (what deploys and drills need)
 * lockstep-toolchain exec <tool> ...  run native forge | anvil | cast (exit code preserved;
 *                                     `exec forge build` shows compile progress on stderr)
 * lockstep-toolchain which <tool>     print a native binary's path
 * lockstep-toolchain test             forge + fork + vitest, ending with `N passed, N failed`
 * lockstep-toolchain fork-tests ...   start the local chains, run test/fork against them (extra forge args)
 * lockstep-toolchain bench            gas benchmark: forge snapshot (gas profile) → docs/gas.md
 */
import { buildDeploySources } from '../src/build.mjs';
import { runFoundry } from '../src/exec.mjs';
import { runBench } from '../src/gas-report.mjs';
import { checkBinaries, linkLibraries } from '../src/link.mjs';
import { nativeBinary, repoRoot } from '../src/paths.mjs';
import { forkStage, runTests } from '../src/test-runner.mjs';

const tools = ['forge', 'anvil', 'cast'];
const usage =
  'usage: lockstep-toolchain link | build | exec <forge|anvil|cast> [args...] | which <tool> | test | fork-tests [forge args...] | bench';

/** @param {string | undefined} tool @returns {tool is import('../src/paths.mjs').FoundryTool} */
const isTool = (tool) => tool !== undefined && tools.includes(tool);

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'link': {
      for (const { name, action } of linkLibraries()) process.stderr.write(`lib/${name}: ${action}\n`);
      const bins = checkBinaries();
      process.stderr.write(`foundry: ${bins.forge}\n`);
      return 0;
    }
    case 'build':
      await buildDeploySources();
      return 0;
    case 'exec': {
      const [tool, ...args] = rest;
      if (!isTool(tool)) break;
      // Only `forge build` gets the progress line: other commands keep forge's own terminal output.
      const progress = tool === 'forge' && args[0] === 'build';
      return (await runFoundry(tool, args, { progress })).code;
    }
    case 'which': {
      const [tool] = rest;
      if (!isTool(tool)) break;
      process.stdout.write(`${nativeBinary(tool)}\n`);
      return 0;
    }
    case 'test':
      return runTests();
    case 'bench':
      return runBench(repoRoot);
    case 'fork-tests': {
      const result = await forkStage(repoRoot, rest);
      process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
      return result.code === 0 && result.failed === 0 && !result.problem ? 0 : 1;
    }
  }
  process.stderr.write(`${usage}\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`lockstep-toolchain: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
