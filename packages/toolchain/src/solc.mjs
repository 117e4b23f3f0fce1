// @ts-check
/**
 * A solc command line over solc-js (the npm `solc` package, a wasm build), answering the two
 * forms forge uses:
 *
 *   solc --version
 *   solc [--allow-paths <a,b>] [--base-path <dir>] [--include-path <dir>]... --standard-json
 *
 * Standard JSON input is read from stdin and the output written to stdout, exactly as solc does;
 * compiler errors travel inside that output (`errors[]`), never as a crash.
 *
 * When a native solc of the same version is available (foundryup's svm folder, or
 * `LOCKSTEP_NATIVE_SOLC`), the wrapper hands over to it: same answers, native speed.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolchainError } from './errors.mjs';

const require = createRequire(import.meta.url);

/** The solc version this wrapper compiles with (the pinned `solc` npm package). */
export const solcJsVersion = /** @type {{ version: string }} */ (require('solc/package.json')).version;

/**
 * @typedef {object} SolcArgs
 * @property {'version' | 'standard-json'} mode
 * @property {string | undefined} basePath
 * @property {string[]} includePaths
 * @property {string[]} allowPaths
 */

/**
 * Parses the solc arguments forge passes. Anything else is refused by name, so a new forge
 * calling a form this wrapper does not know fails loudly instead of compiling wrongly.
 * @param {readonly string[]} argv
 * @returns {SolcArgs}
 */
export function parseSolcArgs(argv) {
  /** @type {SolcArgs} */
  const args = { mode: 'standard-json', basePath: undefined, includePaths: [], allowPaths: [] };
  /** @type {SolcArgs['mode'] | undefined} */
  let mode;
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new ToolchainError(`solc wrapper: ${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--version':
        mode = 'version';
        break;
      case '--standard-json':
        mode ??= 'standard-json';
        break;
      case '--base-path':
        args.basePath = value();
        break;
      case '--include-path':
        args.includePaths.push(value());
        break;
      case '--allow-paths':
        args.allowPaths.push(...value().split(',').filter(Boolean));
        break;
      default:
        throw new ToolchainError(`solc wrapper: unsupported argument "${arg}".`, {
          details:
            'Only --version and --standard-json (with --base-path, --include-path, --allow-paths) are supported.',
        });
    }
  }
  if (!mode) throw new ToolchainError('solc wrapper: pass --version or --standard-json.');
  args.mode = mode;
  return args;
}

/** @param {string} arg @returns {[string, string]} */
function splitOnce(arg) {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

/**
 * Builds solc's import callback: a source unit name is looked up under the base path, then each
 * include path (an absolute name is read as is), and only files inside an allowed folder (base
 * path, include paths, allow paths) are served, as solc's own file reader does.
 * @param {SolcArgs} args
 * @param {string} [cwd]
 * @returns {(path: string) => { contents: string } | { error: string }}
 */
export function createImportResolver(args, cwd = process.cwd()) {
  const base = resolve(cwd, args.basePath ?? '.');
  const roots = [base, ...args.includePaths.map((p) => resolve(cwd, p))];
  const allowed = [...roots, ...args.allowPaths.map((p) => resolve(cwd, p))].map(canonical);
  return (path) => {
    const candidates = isAbsolute(path) ? [path] : roots.map((root) => join(root, path));
    for (const candidate of candidates) {
      if (!existsSync(candidate)) continue;
      const real = canonical(candidate);
      if (!allowed.some((dir) => isInside(real, dir))) {
        return { error: `File outside of allowed directories: ${path}` };
      }
      return { contents: readFileSync(candidate, 'utf8') };
    }
    return { error: `File not found. Searched the following locations: ${roots.map((r) => `"${r}"`).join(', ')}.` };
  };
}

/** @param {string} path */
function canonical(path) {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path); // not created yet: compare the plain absolute path
  }
}

/** @param {string} file @param {string} dir */
function isInside(file, dir) {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * A native solc binary of the wrapper's version, if one is installed: `LOCKSTEP_NATIVE_SOLC`
 * first, then foundryup's svm folders. `LOCKSTEP_SOLC_JS=1` forces solc-js.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function findNativeSolc(env = process.env) {
  if (env.LOCKSTEP_SOLC_JS === '1') return undefined;
  if (env.LOCKSTEP_NATIVE_SOLC) return env.LOCKSTEP_NATIVE_SOLC;
  const home = homedir();
  const svmDirs = [join(home, '.svm'), join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'svm')];
  return svmDirs.map((dir) => join(dir, solcJsVersion, `solc-${solcJsVersion}`)).find((p) => existsSync(p));
}

/** @returns {{ version(): string, compile(input: string, callbacks: object): string }} */
function loadSolcJs() {
  return require('solc');
}

/** @returns {string} what `solc --version` prints */
export function versionText() {
  return `solc, the solidity compiler commandline interface\nVersion: ${loadSolcJs().version()}\n`;
}

/**
 * Compiles one standard-JSON input. Never throws for bad Solidity or bad JSON: solc-js reports
 * those inside the returned output, as the native compiler does.
 * @param {string} input standard JSON
 * @param {SolcArgs} args
 * @returns {string} standard JSON output
 */
export function compileStandardJson(input, args) {
  return loadSolcJs().compile(input, { import: createImportResolver(args) });
}
