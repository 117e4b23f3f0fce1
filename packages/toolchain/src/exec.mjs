// @ts-check
/**
 * Runs a native Foundry binary with the project's environment: forge is given the solc wrapper
 * by absolute path (so it works from any folder) unless the user set FOUNDRY_SOLC. The exit code
 * is the tool's own, and SIGINT/SIGTERM reach the tool at once. With `progress`, forge's
 * `Compiling N files` step gets a ticking progress line on stderr (progress.mjs).
 */
import { spawn } from 'node:child_process';
import { nativeBinary, solcWrapperPath } from './paths.mjs';
import { compileProgress } from './progress.mjs';

/**
 * The environment Lockstep runs Foundry with.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {NodeJS.ProcessEnv}
 */
export function foundryEnv(env = process.env) {
  return { ...env, FOUNDRY_SOLC: env.FOUNDRY_SOLC || solcWrapperPath };
}

/**
 * @typedef {object} RunResult
 * @property {number} code exit code (128 + signal number when killed by a signal)
 * @property {string} stdout captured stdout (with `capture`), or stdout and stderr (with `quiet`)
 */

/**
 * @param {import('./paths.mjs').FoundryTool} tool
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, capture?: boolean, quiet?: boolean, progress?: boolean }} [options]
 *   `capture` tees stdout: it is still printed, and also returned. `quiet` captures stdout and
 *   stderr without printing them (the caller decides what to show). `progress` shows compile
 *   progress on stderr (forge's stdout is then read through a pipe, and still printed).
 * @returns {Promise<RunResult>}
 */
export function runFoundry(tool, args, options = {}) {
  const env = foundryEnv(options.env);
  const progress = options.progress ? compileProgress({ env }) : undefined;
  const pipeStdout = options.capture || options.quiet || progress;
  const child = spawn(nativeBinary(tool), args, {
    cwd: options.cwd,
    env,
    stdio: ['inherit', pipeStdout ? 'pipe' : 'inherit', options.quiet ? 'pipe' : 'inherit'],
  });
  /** @type {Buffer[]} */
  const out = [];
  child.stdout?.on('data', (chunk) => {
    if (options.capture || options.quiet) out.push(chunk);
    if (!options.quiet) {
      progress?.beforeOutput();
      process.stdout.write(chunk);
    }
    progress?.write(chunk);
  });
  child.stderr?.on('data', (chunk) => out.push(chunk));
  /** @param {NodeJS.Signals} signal */
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolvePromise, reject) => {
    child.on('error', (error) => {
      progress?.stop();
      reject(error);
    });
    child.on('close', (code, signal) => {
      progress?.stop();
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      const signalCode = signal ? 128 + (signalNumbers[signal] ?? 0) : 1;
      resolvePromise({ code: code ?? signalCode, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** @type {Partial<Record<NodeJS.Signals, number>>} */
const signalNumbers = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGABRT: 6 };
