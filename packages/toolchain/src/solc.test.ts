import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solcWrapperPath } from './paths.mjs';
import { createImportResolver, parseSolcArgs, solcJsVersion } from './solc.mjs';

/** Runs the wrapper as forge does: a child process, input on stdin, solc-js forced. */
function runWrapper(args: string[], input = '', cwd = process.cwd(), env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(solcWrapperPath, args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, LOCKSTEP_SOLC_JS: '1', ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function standardJson(sources: Record<string, { content: string }>) {
  return JSON.stringify({
    language: 'Solidity',
    sources,
    settings: { outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  });
}

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'lockstep-solc-'));
  mkdirSync(join(project, 'src'), { recursive: true });
  mkdirSync(join(project, 'deps', 'math'), { recursive: true });
  mkdirSync(join(project, 'outside'), { recursive: true });
  writeFileSync(join(project, 'src', 'Base.sol'), 'pragma solidity ^0.8.0; contract Base { uint256 public x = 1; }');
  writeFileSync(
    join(project, 'deps', 'math', 'Lib.sol'),
    'pragma solidity ^0.8.0; library Lib { function two() internal pure returns (uint256) { return 2; } }',
  );
  writeFileSync(join(project, 'outside', 'Secret.sol'), 'pragma solidity ^0.8.0; contract Secret {}');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('parseSolcArgs', () => {
  it('reads the standard-json form forge uses', () => {
    expect(
      parseSolcArgs(['--allow-paths', '/a,/b', '--base-path', '/root', '--include-path', '/i', '--standard-json']),
    ).toEqual({ mode: 'standard-json', basePath: '/root', includePaths: ['/i'], allowPaths: ['/a', '/b'] });
  });

  it('reads --flag=value and --version', () => {
    expect(parseSolcArgs(['--base-path=/r', '--version'])).toMatchObject({ mode: 'version', basePath: '/r' });
  });

  it('refuses an argument it does not know, naming it', () => {
    expect(() => parseSolcArgs(['--optimize', '--standard-json'])).toThrow(/unsupported argument "--optimize"/);
  });

  it('refuses a flag without its value', () => {
    expect(() => parseSolcArgs(['--standard-json', '--base-path'])).toThrow(/--base-path needs a value/);
  });
});

describe('createImportResolver', () => {
  it('finds a source unit under the base path, then under include paths', () => {
    const resolve = createImportResolver({
      mode: 'standard-json',
      basePath: project,
      includePaths: [join(project, 'deps')],
      allowPaths: [],
    });
    expect(resolve('src/Base.sol')).toEqual({ contents: expect.stringContaining('contract Base') });
    expect(resolve('math/Lib.sol')).toEqual({ contents: expect.stringContaining('library Lib') });
  });

  it('refuses a file outside the allowed folders, and serves it once allowed', () => {
    const args = { mode: 'standard-json' as const, basePath: join(project, 'src'), includePaths: [], allowPaths: [] };
    const secret = join(project, 'outside', 'Secret.sol');
    expect(createImportResolver(args)(secret)).toEqual({ error: expect.stringMatching(/outside of allowed/) });
    const allowed = createImportResolver({ ...args, allowPaths: [join(project, 'outside')] });
    expect(allowed(secret)).toEqual({ contents: expect.stringContaining('contract Secret') });
  });

  it('reports a missing file with the folders it searched', () => {
    const resolve = createImportResolver({
      mode: 'standard-json',
      basePath: project,
      includePaths: [],
      allowPaths: [],
    });
    expect(resolve('nope/Missing.sol')).toEqual({ error: expect.stringContaining(project) });
  });
});

describe('bin/solc.mjs', () => {
  it('answers --version in the form forge parses', () => {
    const { code, stdout } = runWrapper(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Version: ${solcJsVersion.replaceAll('.', '\\.')}\\+commit\\.[0-9a-f]{8}`, 'm'));
  });

  it('compiles a contract whose imports are resolved from base and include paths', () => {
    const input = standardJson({
      'src/Main.sol': {
        content:
          'pragma solidity ^0.8.0; import {Base} from "src/Base.sol"; import {Lib} from "math/Lib.sol";\n' +
          'contract Main is Base { function f() external pure returns (uint256) { return Lib.two(); } }',
      },
    });
    const { code, stdout } = runWrapper(
      ['--base-path', project, '--include-path', join(project, 'deps'), '--standard-json'],
      input,
    );
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.errors?.filter((e: { severity: string }) => e.severity === 'error') ?? []).toEqual([]);
    expect(Object.keys(output.contracts)).toEqual(
      expect.arrayContaining(['src/Main.sol', 'src/Base.sol', 'math/Lib.sol']),
    );
    expect(output.contracts['src/Main.sol'].Main.evm.bytecode.object).toMatch(/^[0-9a-f]{100,}$/);
  });

  it('returns a syntax error as a compiler error in the output, not a crash', () => {
    const input = standardJson({
      'Broken.sol': { content: 'pragma solidity ^0.8.0; contract Broken { uint256 x = ; }' },
    });
    const { code, stdout } = runWrapper(['--standard-json'], input, project);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.errors).toEqual([
      expect.objectContaining({ severity: 'error', type: 'ParserError', sourceLocation: expect.anything() }),
    ]);
    expect(output.contracts).toBeUndefined();
  });

  it('returns a missing import as a compiler error', () => {
    const input = standardJson({
      'A.sol': { content: 'pragma solidity ^0.8.0; import "missing/B.sol"; contract A {}' },
    });
    const output = JSON.parse(runWrapper(['--base-path', project, '--standard-json'], input, project).stdout);
    const errors = output.errors.filter((e: { severity: string }) => e.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/not found/i) })]);
  });

  it('exits non-zero with a message for an unsupported command line', () => {
    const { code, stderr } = runWrapper(['--bin', 'A.sol']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/unsupported argument "--bin"/);
  });

  it('hands over to a native solc when one is configured, passing arguments and exit code', () => {
    const fake = join(project, 'native-solc');
    writeFileSync(fake, '#!/bin/sh\necho "native $*"\nexit 7\n');
    chmodSync(fake, 0o755);
    const { code, stdout } = runWrapper(['--version'], '', project, {
      LOCKSTEP_SOLC_JS: '',
      LOCKSTEP_NATIVE_SOLC: fake,
    });
    expect(stdout.trim()).toBe('native --version');
    expect(code).toBe(7);
  });
});
