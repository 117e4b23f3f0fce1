import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './paths.mjs';
import { parseForgeSummary } from './test-runner.mjs';

const fixtures: string[] = [];
afterAll(() => {
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway Foundry project (no dependencies, so it compiles in a second through solc-js). */
function foundryProject(testSource: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lockstep-forge-'));
  fixtures.push(root);
  mkdirSync(join(root, 'test'));
  writeFileSync(join(root, 'foundry.toml'), '[profile.default]\nsrc = "test"\noffline = true\n');
  writeFileSync(
    join(root, 'test', 'Fixture.t.sol'),
    `// SPDX-License-Identifier: MIT\npragma solidity 0.8.30;\n${testSource}`,
  );
  return root;
}

const passingAndFailing = `contract FixtureTest {
  function test_Passes() external pure {}
  function test_Fails() external pure { revert("boom"); }
}`;

/** Runs a command from the repository root on the fixture, forge stage only unless `env` says otherwise. */
function run(command: string, args: string[], forgeRoot: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      LOCKSTEP_TEST_STAGES: 'forge',
      LOCKSTEP_FORGE_ROOT: forgeRoot,
      LOCKSTEP_CI_SKIP_INSTALL: '1',
      ...env,
    },
  });
  const lines = result.stdout.trim().split('\n');
  const summary = lines.filter((line) => /^\d+ passed, \d+ failed$/.test(line)).at(-1);
  return { code: result.status, last: lines.at(-1), summary, stdout: result.stdout };
}

describe('parseForgeSummary', () => {
  it('reads the closing summary', () => {
    const out =
      'Suite result: FAILED. 1 passed; 2 failed;\nRan 3 test suites in 1.2s (3.4s CPU time): 10 tests passed, 2 failed, 1 skipped (13 total tests)\n';
    expect(parseForgeSummary(out)).toEqual({ passed: 10, failed: 2 });
  });

  it('reads a single suite', () => {
    expect(
      parseForgeSummary('Ran 1 test suite in 5ms (1ms CPU time): 1 tests passed, 0 failed, 0 skipped (1 total tests)'),
    ).toEqual({
      passed: 1,
      failed: 0,
    });
  });

  it('finds nothing when forge never got to run tests', () => {
    expect(parseForgeSummary('Error: Compiler run failed')).toBeUndefined();
  });
});

describe('LOCKSTEP_TEST_STAGES', () => {
  it('refuses an unknown stage by name, with the usage exit code', () => {
    const result = spawnSync(process.execPath, ['bin/lockstep-toolchain.mjs', 'test'], {
      cwd: join(repoRoot, 'packages', 'toolchain'),
      encoding: 'utf8',
      env: { ...process.env, LOCKSTEP_TEST_STAGES: 'forge,bogus' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown stage\(s\) bogus \(use forge, fork, gas, vitest\)/);
  });
});

describe('a failing forge test fails the build', () => {
  it('makes `pnpm test` exit non-zero and count it', () => {
    const { code, summary } = run('corepack', ['pnpm', 'test'], foundryProject(passingAndFailing));
    expect(summary).toBe('1 passed, 1 failed');
    expect(code).not.toBe(0);
  });

  it('makes `.ci/run` exit non-zero and end with the counts', () => {
    const { code, last } = run('bash', ['.ci/run'], foundryProject(passingAndFailing));
    expect(last).toBe('1 passed, 1 failed');
    expect(code).not.toBe(0);
  });

  it('passes when every forge test passes', () => {
    const { code, last } = run(
      'corepack',
      ['pnpm', 'test'],
      foundryProject('contract OkTest { function test_Ok() external pure {} }'),
    );
    expect(last).toBe('1 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('fails when the contracts do not compile, and says why', () => {
    const { code, stdout } = run('corepack', ['pnpm', 'test'], foundryProject('contract Broken { uint256 x = ; }'));
    expect(stdout).toMatch(/forge printed no test summary/);
    expect(code).not.toBe(0);
  });
});

describe('the vitest stage', () => {
  it('fails, and says why, when forge cannot build before vitest', () => {
    // A forge that always fails: the full build (and the typed client's) fails before vitest starts.
    const env = { LOCKSTEP_TEST_STAGES: 'vitest', LOCKSTEP_FORGE: '/bin/false' };
    const { code, stdout } = run('corepack', ['pnpm', 'test'], repoRoot, env);
    expect(stdout).toMatch(/forge build exited 1 before vitest/);
    expect(stdout).toMatch(/^0 passed, 0 failed$/m);
    expect(code).not.toBe(0);
  });
});
