import { access, readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalidJsonIssue } from '../document/json-error.js';
import {
  ConfigError,
  type ConfigErrorType,
  ConfigNotFoundError,
  type ConfigNotFoundErrorType,
} from '../errors/config.js';
import { defaultConfig } from './defaults.js';
import { parseConfig } from './parse-config.js';
import type { KeySource, LockstepConfig } from './schema.js';

/** The names `loadConfig` looks for, in this order, when no path is given. */
export const CONFIG_FILE_NAMES = [
  'lockstep.config.ts',
  'lockstep.config.mts',
  'lockstep.config.mjs',
  'lockstep.config.js',
  'lockstep.config.json',
] as const;

export type LoadConfigParameters = {
  /** The config file (`.json`, `.ts`, `.mts`, `.mjs` or `.js`), relative to `cwd`. */
  path?: string;
  /** Where relative paths start and where config files are looked for. Default: `process.cwd()`. */
  cwd?: string;
};

export type LoadConfigReturnType = LockstepConfig;

export type LoadConfigErrorType = ConfigErrorType | ConfigNotFoundErrorType;

/**
 * Loads and validates the Lockstep config.
 *
 * With `path`, reads that file (a missing file throws `ConfigNotFoundError`). Without it, uses the
 * first of `CONFIG_FILE_NAMES` in `cwd`, or the embedded local default when there is none.
 * A `.json` file is parsed (a syntax error names its line and column); a `.ts`/`.mjs`/`.js` file is
 * imported and its default export used (write it with `defineConfig`). Keystore paths in `keys`
 * come back absolute, resolved from the config file's folder.
 *
 * @example
 * const config = await loadConfig({ path: 'lockstep.config.ts' })
 */
export async function loadConfig(parameters: LoadConfigParameters = {}): Promise<LoadConfigReturnType> {
  const cwd = parameters.cwd ?? process.cwd();
  const file = parameters.path === undefined ? await findConfigFile(cwd) : resolve(cwd, parameters.path);
  if (file === undefined) return defaultConfig();
  if (!(await exists(file))) throw new ConfigNotFoundError({ path: file });
  const value = extname(file) === '.json' ? await readJson(file) : await importDefault(file);
  return withAbsoluteKeystores(parseConfig(value, { file }), dirname(file));
}

/** The first of `CONFIG_FILE_NAMES` present in `cwd`, as an absolute path. */
export async function findConfigFile(cwd: string = process.cwd()): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = resolve(cwd, name);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConfigError({ issues: [invalidJsonIssue(text, cause)], file });
  }
}

/** Imports a JS or TS module; plain Node cannot import `.ts`, so tsx's loader does it then. */
async function importDefault(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  let module: { default?: unknown };
  try {
    module = await importModule(url);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ConfigError({
      issues: [{ path: '', problem: `could not be loaded: ${message}`, fix: 'fix the error in the config file' }],
      file,
      cause,
    });
  }
  if (module.default === undefined) {
    throw new ConfigError({
      issues: [{ path: '', problem: 'has no default export', fix: 'write `export default defineConfig({ ... })`' }],
      file,
    });
  }
  return module.default;
}

async function importModule(url: string): Promise<{ default?: unknown }> {
  try {
    return await import(url);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as { default?: unknown };
  }
}

function withAbsoluteKeystores(config: LockstepConfig, dir: string): LockstepConfig {
  const fix = (source: KeySource): KeySource =>
    'keystore' in source ? { ...source, keystore: resolve(dir, source.keystore) } : source;
  const keys = Object.fromEntries(
    Object.entries(config.keys).map(([role, value]) => [
      role,
      Array.isArray(value) ? value.map(fix) : value && fix(value),
    ]),
  );
  return { ...config, keys };
}
