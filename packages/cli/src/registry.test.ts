import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRegistry } from './registry.js';
import { runLockstep } from './test-support.js';

const commandsDir = new URL('./commands/', import.meta.url);

/** Every `export const x = defineCommand(` in src/commands/*.ts, as `file:x`. */
function definedCommands(): string[] {
  return readdirSync(commandsDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) =>
      [...readFileSync(new URL(file, commandsDir), 'utf8').matchAll(/export const (\w+) = defineCommand\(/g)].map(
        (m) => `${file.replace(/\.ts$/, '')}:${m[1]}`,
      ),
    )
    .sort();
}

describe('the command registry', () => {
  it('registers every command module once, and each loads a command with its path', async () => {
    const keys = commandRegistry.map((entry) => entry.path.join(' '));
    expect(new Set(keys).size).toBe(keys.length);
    const loaded = await Promise.all(commandRegistry.map((entry) => entry.load()));
    expect(loaded.map((command) => command.path.join(' '))).toEqual(keys);
    expect(new Set(loaded).size).toBe(loaded.length);
    expect(commandRegistry).toHaveLength(definedCommands().length);
    for (const entry of commandRegistry) expect(entry.summary.length, entry.path.join(' ')).toBeGreaterThan(10);
  });

  it('matches no command by a shorter registered path first (dispatch takes the first match)', () => {
    commandRegistry.forEach((entry, i) => {
      for (const earlier of commandRegistry.slice(0, i)) {
        const prefix = earlier.path.every((word, j) => entry.path[j] === word);
        expect(prefix, `${earlier.path.join(' ')} shadows ${entry.path.join(' ')}`).toBe(false);
      }
    });
  });
});

describe('lockstep loads only the command it runs', () => {
  let dir: string;
  /** NODE_OPTIONS that print every module under src/commands/ the process resolves (`LOADED <url>`). */
  let recordImports: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-registry-'));
    await writeFile(
      join(dir, 'hook.mjs'),
      [
        'export async function resolve(specifier, context, next) {',
        '  const result = await next(specifier, context);',
        "  if (result.url.includes('/src/commands/')) process.stderr.write('LOADED ' + result.url + '\\n');",
        '  return result;',
        '}',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'register.mjs'),
      "import { register } from 'node:module';\nregister(new URL('./hook.mjs', import.meta.url));\n",
    );
    recordImports = { NODE_OPTIONS: `--import ${join(dir, 'register.mjs')}` };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const loadedModules = (stderr: string) =>
    [...stderr.matchAll(/^LOADED .*\/src\/commands\/([\w-]+)\.ts$/gm)].map((m) => m[1]);

  it('--help lists every command with its summary and imports no command module', async () => {
    const help = await runLockstep(['--help'], { cwd: dir, env: recordImports });
    expect(help.code, help.stderr).toBe(0);
    for (const entry of commandRegistry) {
      expect(help.stdout).toMatch(new RegExp(`^  ${entry.path.join(' ')} +${escapeRegExp(entry.summary)}$`, 'm'));
    }
    expect(loadedModules(help.stderr)).toEqual([]);

    const bare = await runLockstep([], { cwd: dir, env: recordImports });
    expect([bare.code, bare.stdout]).toEqual([2, help.stdout]);
    expect(loadedModules(bare.stderr)).toEqual([]);
  });

  it("a command's --help and run import that command's module only", async () => {
    const deploy = await runLockstep(['deploy', '--help'], { cwd: dir, env: recordImports });
    expect(deploy.code, deploy.stderr).toBe(0);
    const summary = commandRegistry.find((e) => e.path.join(' ') === 'deploy')?.summary ?? '';
    expect(deploy.stdout).toContain(`usage: lockstep deploy [flags]\n\n${summary}\n\n`);
    expect(deploy.stdout).toMatch(/--network/);
    expect(loadedModules(deploy.stderr)).toEqual(['deploy']);

    const status = await runLockstep(['devnet', 'status'], { cwd: dir, env: recordImports });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout.trim()).toBe('no devnet running (start one with `lockstep devnet up`)');
    expect(loadedModules(status.stderr)).toEqual(['devnet-status']);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
