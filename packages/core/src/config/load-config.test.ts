import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ConfigNotFoundError } from '../errors/config.js';
import { defaultConfigInput } from './defaults.js';
import { defineConfig } from './define-config.js';
import { loadConfig } from './load-config.js';

const EXAMPLE = fileURLToPath(new URL('../../lockstep.config.example.ts', import.meta.url));
const DEFINE_CONFIG = new URL('./define-config.ts', import.meta.url).href;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected loadConfig to throw');
    },
    (error: unknown) => error,
  );
}

describe('loadConfig', () => {
  it('loads a .json config and resolves keystore paths from its folder', async () => {
    const input = { ...defaultConfigInput, keys: { deployer: { keystore: './keys/d.json', passphraseEnv: 'PW' } } };
    const path = join(dir, 'lockstep.config.json');
    await writeFile(path, JSON.stringify(input, null, 2));
    const config = await loadConfig({ path });
    expect(config.networks).toHaveLength(4);
    expect(config.keys.deployer).toEqual({ keystore: join(dir, 'keys/d.json'), passphraseEnv: 'PW' });
  });

  it('names the line and column of a JSON syntax error', async () => {
    const path = join(dir, 'syntax.json');
    await writeFile(path, '{\n  "networks": [],\n  "council": { "members": [] ,, }\n}\n');
    const error = await caught(loadConfig({ path }));
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues[0];
    expect(issue?.problem).toMatch(/^invalid JSON at line 3, column 31 \(Expected double-quoted property name\)/);
    expect(issue?.fix).toMatch(/fix the JSON syntax/);
    expect((error as ConfigError).message).toContain(path);
  });

  it('throws ConfigNotFoundError with the path of a missing file', async () => {
    const error = await caught(loadConfig({ path: 'missing.json', cwd: dir }));
    expect(error).toBeInstanceOf(ConfigNotFoundError);
    expect((error as ConfigNotFoundError).path).toBe(join(dir, 'missing.json'));
    expect((error as Error).message).toContain(join(dir, 'missing.json'));
  });

  it('validates what it loads and names the file', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(
      path,
      JSON.stringify({ ...defaultConfigInput, guardians: { ...defaultConfigInput.guardians, quorum: 2 } }),
    );
    const error = await caught(loadConfig({ path }));
    expect((error as ConfigError).shortMessage).toMatch(
      /^guardians\.quorum: expected 8 to 15 .* — set quorum between 8 and 15$/,
    );
    expect((error as ConfigError).file).toBe(path);
  });

  it('loads a .ts config written with defineConfig', async () => {
    const path = join(dir, 'lockstep.config.ts');
    const body = JSON.stringify({ ...defaultConfigInput, timelock: { delaySeconds: 60 } }, null, 2);
    await writeFile(path, `import { defineConfig } from '${DEFINE_CONFIG}';\nexport default defineConfig(${body});\n`);
    const config = await loadConfig({ cwd: dir }); // found by name
    expect(config.timelock.delaySeconds).toBe(60);
  });

  it('loads the documented example', async () => {
    const config = await loadConfig({ path: EXAMPLE });
    expect(config.networks.find((n) => n.role === 'hub')?.name).toBe('ethereum');
    expect(config.keys.deployer).toMatchObject({
      keystore: fileURLToPath(new URL('../../keys/deployer.json', import.meta.url)),
    });
  });

  it('reports a module without a default export', async () => {
    const path = join(dir, 'nodefault.mjs');
    await writeFile(path, 'export const config = {};\n');
    const error = await caught(loadConfig({ path }));
    expect((error as ConfigError).issues[0]).toMatchObject({ problem: 'has no default export' });
  });

  it('reports a module that throws while loading', async () => {
    const path = join(dir, 'throws.mjs');
    await writeFile(path, "throw new Error('RPC_URL is not set');\n");
    const error = await caught(loadConfig({ path }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).shortMessage).toBe(
      '(config): could not be loaded: RPC_URL is not set — fix the error in the config file',
    );
  });

  it('falls back to the embedded default when no file is found', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const config = await loadConfig({ cwd: empty });
    expect(config.networks.map((n) => [n.name, n.chainId, n.role])).toEqual([
      ['ethereum', 1, 'hub'],
      ['arbitrum', 42161, 'satellite'],
      ['optimism', 10, 'satellite'],
      ['polygon', 137, 'satellite'],
    ]);
  });
});

describe('defineConfig', () => {
  it('types a config and returns it unchanged', () => {
    const config = defineConfig({ ...defaultConfigInput, timelock: { delaySeconds: 1 } });
    expect(config.timelock.delaySeconds).toBe(1);
    // @ts-expect-error: role is 'hub' or 'satellite'
    defineConfig({ ...defaultConfigInput, networks: [{ ...defaultConfigInput.networks[0], role: 'spoke' }] });
    // @ts-expect-error: a key source is never a plain string
    defineConfig({ ...defaultConfigInput, keys: { deployer: '0x01' } });
  });
});
