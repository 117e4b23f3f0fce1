/**
 * Every package script runs on a fresh machine, where `corepack pnpm <script>` is how pnpm runs and
 * no `pnpm` is on PATH: scripts call the project's own bins, or pnpm through `$npm_execpath`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './paths.mjs';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Every package.json of the workspace: the root and each package. */
function manifests(): { file: string; scripts: Record<string, string>; packageManager?: string }[] {
  const files = [
    'package.json',
    ...readdirSync(join(repoRoot, 'packages')).map((dir) => join('packages', dir, 'package.json')),
  ];
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(join(repoRoot, file), 'utf8');
    } catch {
      return [];
    }
    const json = JSON.parse(text) as { scripts?: Record<string, string>; packageManager?: string };
    return [{ file, scripts: json.scripts ?? {}, packageManager: json.packageManager }];
  });
}

/** A bare `pnpm`/`pnpx` command word (`corepack pnpm` and `$npm_execpath` are fine). */
const barePnpm = /(?<![\w$./-])(?<!corepack )(pnpm|pnpx)(?![\w./-])/;

/** A folder of links to every command on PATH except the named ones, as the PATH of a machine without them. */
function pathWithout(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-path-'));
  temporary.push(dir);
  const seen = new Set(names);
  for (const entry of (process.env.PATH ?? '').split(delimiter)) {
    let commands: string[];
    try {
      commands = readdirSync(entry);
    } catch {
      continue; // a PATH entry that does not exist
    }
    for (const command of commands) {
      if (seen.has(command)) continue;
      seen.add(command);
      symlinkSync(join(entry, command), join(dir, command));
    }
  }
  return dir;
}

const noPnpmPath = pathWithout('pnpm', 'pnpx');

/** Runs a command with no pnpm on PATH (and none of this test runner's pnpm variables). */
function runWithoutPnpm(command: string, args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { PATH: noPnpmPath, HOME: process.env.HOME, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };
  if (process.env.COREPACK_HOME) env.COREPACK_HOME = process.env.COREPACK_HOME;
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

describe('workspace scripts', () => {
  it('never call a bare pnpm or pnpx', () => {
    const offenders = manifests().flatMap(({ file, scripts }) =>
      Object.entries(scripts)
        .filter(([, script]) => barePnpm.test(script))
        .map(([name, script]) => `${file} "${name}": ${script}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the check knows a bare pnpm from the allowed forms', () => {
    expect(['pnpm build', 'x && pnpm --filter a b', 'pnpx tsc', '(pnpm x)'].every((s) => barePnpm.test(s))).toBe(true);
    const allowed = ['corepack pnpm test', 'node "$npm_execpath" --version', 'lockstep-toolchain exec forge build'];
    expect(allowed.some((s) => barePnpm.test(s))).toBe(false);
  });
});

describe('a machine with node and corepack but no pnpm on PATH', () => {
  it('has no pnpm on that PATH, and a script calling a bare pnpm fails there', () => {
    expect(runWithoutPnpm('sh', ['-c', 'command -v pnpm'], repoRoot).status).not.toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-bare-pnpm-'));
    temporary.push(dir);
    const [root] = manifests();
    const manifest = {
      name: 'bare',
      private: true,
      packageManager: root?.packageManager,
      scripts: { bad: 'pnpm --version' },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    const result = runWithoutPnpm('corepack', ['pnpm', 'run', 'bad'], dir);
    expect(result.stderr).toMatch(/pnpm: (command )?not found/);
    expect(result.status).not.toBe(0);
  });

  it('runs `corepack pnpm versions` (own bins and $npm_execpath)', () => {
    const result = runWithoutPnpm('corepack', ['pnpm', 'run', 'versions'], repoRoot);
    expect(result.stderr).not.toMatch(/not found/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^10\.\d+\.\d+$/m); // pnpm, through $npm_execpath
    expect(result.stdout).toMatch(/forge Version: 1\.7\.1/);
  });
});
