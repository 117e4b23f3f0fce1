// @ts-check
/**
 * A progress line for forge's compile step. forge announces `Compiling N files with Solc 0.8.30`
 * on stdout and then says nothing until the compiler returns: through solc-js that is minutes for
 * the whole tree. The ticker reads forge's stdout as it streams and keeps one line on stderr with
 * the file count, the elapsed time and an estimate from the file count: rewritten every second on
 * a terminal, one line every 15 s in a log (CI), and a closing `compiled N files in X s`.
 */

import { solcWrapperPath } from './paths.mjs';
import { findNativeSolc } from './solc.mjs';

/**
 * Seconds per file, fastest to slowest, measured on a 2-core machine through solc-js: contracts/ +
 * script/ (86 files) take 17-21 s; the heavier test files 0.5 s each on a quiet machine and over
 * 1.2 s under load. An order of magnitude, not more.
 */
/** @type {Readonly<Record<'solc-js' | 'native', readonly [fastest: number, slowest: number]>>} */
export const SECONDS_PER_FILE = Object.freeze({ 'solc-js': [0.2, 1.2], native: [0.01, 0.05] });

/** @typedef {keyof typeof SECONDS_PER_FILE} CompilerKind */

/**
 * Which compiler forge will run: the solc wrapper over solc-js, or a native solc (the user's
 * FOUNDRY_SOLC, or the one the wrapper hands over to).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {CompilerKind}
 */
export function compilerKind(env = process.env) {
  const solc = env.FOUNDRY_SOLC || solcWrapperPath;
  if (solc !== solcWrapperPath) return 'native';
  return findNativeSolc(env) ? 'native' : 'solc-js';
}

/**
 * @param {string} line one line of forge's stdout
 * @returns {{ files: number, version: string } | undefined}
 */
export function parseCompiling(line) {
  const match = /^Compiling (\d+) files? with (?:Solc|solc) ([\w.+-]+)/.exec(line.trim());
  return match ? { files: Number(match[1]), version: String(match[2]) } : undefined;
}

/** @param {string} line @returns {boolean} whether the compiler has returned */
export function isCompileDone(line) {
  return /^(?:Solc \S+ finished in|Compiler run (?:successful|failed)|No files changed, compilation skipped)/.test(
    line.trim(),
  );
}

/** @param {number} seconds @returns {string} e.g. `45 s`, `1 min`, `2 min 5 s` */
function clock(seconds) {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const rest = whole % 60;
  return `${Math.floor(whole / 60)} min${rest ? ` ${rest} s` : ''}`;
}

/**
 * The progress text for a compile under way.
 * @param {{ files: number, elapsed: number, kind: CompilerKind }} state
 */
export function progressText({ files, elapsed, kind }) {
  const [fastest, slowest] = SECONDS_PER_FILE[kind];
  const fast = clock(Math.max(1, files * fastest));
  const slow = clock(Math.max(1, files * slowest));
  const range = fast === slow ? `about ${fast}` : `${fast} to ${slow}`;
  const expected = elapsed <= files * slowest + 1 ? `expected ${range}` : `past the ${slow} estimate (busy machine?)`;
  const hint = kind === 'solc-js' && files > 20 ? '; a native solc is much faster (README: "Using a native solc")' : '';
  return `compiling ${files} files with ${kind}: ${clock(elapsed)} elapsed, ${expected}${hint}`;
}

/**
 * @typedef {object} CompileProgress
 * @property {(chunk: Buffer | string) => void} write feed forge's stdout, as it arrives
 * @property {() => void} beforeOutput call before printing anything else to the terminal
 * @property {() => void} stop forge has exited: stop ticking
 */

/**
 * @param {{ stream?: NodeJS.WritableStream & { isTTY?: boolean }, kind?: CompilerKind, env?: NodeJS.ProcessEnv, now?: () => number }} [options]
 *   `env` is forge's environment (it tells which compiler runs, unless `kind` says it).
 * @returns {CompileProgress}
 */
export function compileProgress(options = {}) {
  const stream = options.stream ?? process.stderr;
  const kind = options.kind ?? compilerKind(options.env);
  const now = options.now ?? (() => performance.now());
  const tty = Boolean(stream.isTTY);
  let pending = '';
  /** @type {{ files: number, started: number } | undefined} */
  let compiling;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let drawn = false;

  const elapsed = () => (compiling ? (now() - compiling.started) / 1000 : 0);
  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  const tick = () => {
    if (!compiling) return;
    const text = progressText({ files: compiling.files, elapsed: elapsed(), kind });
    if (tty) {
      stream.write(`\r\x1b[K${text}`);
      drawn = true;
    } else {
      stream.write(`${text}\n`);
    }
  };
  const finish = () => {
    if (!compiling) return;
    clearInterval(timer);
    clear();
    stream.write(`compiled ${compiling.files} files in ${clock(elapsed())}\n`);
    compiling = undefined;
  };
  /** @param {string} line */
  const onLine = (line) => {
    const start = parseCompiling(line);
    if (start) {
      finish();
      compiling = { files: start.files, started: now() };
      timer = setInterval(tick, tty ? 1_000 : 15_000);
      timer.unref();
      tick();
      return;
    }
    if (isCompileDone(line)) finish();
  };

  return {
    write(chunk) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    beforeOutput: clear,
    stop() {
      if (pending) onLine(pending);
      pending = '';
      clearInterval(timer);
      clear();
      compiling = undefined;
    },
  };
}
