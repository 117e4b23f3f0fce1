// @ts-check
/**
 * Local chains for tests and demos: native anvil processes on free loopback ports, started
 * together and always stopped together (no orphans, even when one fails to start).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolchainError } from './errors.mjs';
import { nativeBinary } from './paths.mjs';

/**
 * @typedef {object} AnvilOptions
 * @property {string} name a label for logs and errors, e.g. `hub`
 * @property {number} chainId
 * @property {number} [blockTime] seconds between blocks; omitted = mine on every transaction
 * @property {string[]} [extraArgs]
 * @property {string} [logFile] write anvil's output to this file (not a pipe) and start it in its own
 *   process group, so that after `release()` it outlives this process (a kept chain)
 * @property {(pid: number) => void} [onSpawn] called with the process id as soon as the anvil is spawned,
 *   before it listens (so a caller interrupted mid-start can still stop it)
 */

/**
 * @typedef {object} Anvil
 * @property {string} name
 * @property {number} chainId
 * @property {string} rpcUrl
 * @property {number} pid
 * @property {string} statesDir where this anvil writes the states it no longer keeps in memory: a
 *   folder of its own, removed when it stops (for a kept chain, `anvilStatesDir(logFile)`, removed by
 *   whoever stops it)
 * @property {() => Promise<void>} stop
 * @property {() => void} release stops watching the process: it no longer ties this process, which may
 *   then exit while the anvil runs on (only meaningful with `logFile`: a piped anvil loses its output)
 */

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;
/** How often a `logFile` anvil's output is read for "Listening on". */
const POLL_MS = 50;

/**
 * Where a kept anvil (one with a log file) writes the states it no longer keeps in memory.
 *
 * anvil keeps its latest 500 states in memory and writes older ones to disk, by default to a folder
 * under `~/.foundry/anvil/tmp` that it never removes when it is stopped (SIGTERM or SIGINT): ~80 MB
 * leaked by every chain that mined 1,000 blocks. Every anvil Lockstep starts is given its own folder
 * (`--cache-path`), removed when the chain stops.
 * @param {string} logFile
 */
export function anvilStatesDir(logFile) {
  return `${logFile}.states`;
}

/**
 * Starts one anvil on a free port and resolves once it listens.
 * @param {AnvilOptions} options
 * @returns {Promise<Anvil>}
 */
export function startAnvil(options) {
  const binary = nativeBinary('anvil'); // throws before anything is made when the binary is missing
  const statesDir =
    options.logFile === undefined ? mkdtempSync(join(tmpdir(), 'lockstep-anvil-')) : anvilStatesDir(options.logFile);
  const args = [
    '--port',
    '0',
    '--chain-id',
    String(options.chainId),
    '--cache-path',
    statesDir,
    ...(options.extraArgs ?? []),
  ];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'w');
  /** @type {import('node:child_process').ChildProcess} */
  let child;
  try {
    child =
      logFd === undefined
        ? spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(binary, args, { stdio: ['ignore', logFd, logFd], detached: true });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let released = false;
  // Once the process is gone its states are of no use; a released (kept) chain's are removed by its stopper.
  const removeStates = () => {
    if (!released) rmSync(statesDir, { recursive: true, force: true });
  };
  child.once('exit', removeStates);
  child.once('error', removeStates); // never spawned
  let output = '';
  /** @type {NodeJS.Timeout | undefined} */
  let poll;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolveStart, reject) => {
    const fail = (/** @type {string} */ why) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (options.logFile !== undefined) output = readLog(options.logFile);
      void stop();
      reject(
        new ToolchainError(`anvil "${options.name}" (chain ${options.chainId}) did not start: ${why}`, {
          details: output.trim(),
        }),
      );
    };
    const timer = setTimeout(() => fail(`no "Listening on" within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (error) => fail(error.message));
    const onEarlyExit = (/** @type {number | null} */ code, /** @type {string | null} */ signal) =>
      fail(`exited early (${signal ?? `code ${code}`})`);
    child.once('exit', onEarlyExit);
    const listened = () => {
      const listening = /Listening on ([\d.]+):(\d+)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onEarlyExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume(); // keep draining so anvil never blocks on a full pipe
      child.stderr?.resume();
      resolveStart({
        name: options.name,
        chainId: options.chainId,
        rpcUrl: `http://${listening[1]}:${listening[2]}`,
        pid: /** @type {number} */ (child.pid),
        statesDir,
        stop,
        release: () => {
          released = true;
          child.unref();
          child.stdout?.destroy();
          child.stderr?.destroy();
        },
      });
    };
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString('utf8');
      listened();
    };
    const { logFile } = options;
    if (logFile === undefined) {
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
        output += chunk.toString('utf8');
      });
    } else {
      poll = setInterval(() => {
        output = readLog(logFile);
        listened();
      }, POLL_MS);
    }
  });
}

/** @param {string} file */
function readLog(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Starts several anvils at once. If any fails, the ones that started are stopped and the first
 * failure is thrown.
 * @param {readonly AnvilOptions[]} chains
 * @returns {Promise<Anvil[]>}
 */
export async function startAnvils(chains) {
  const settled = await Promise.allSettled(chains.map(startAnvil));
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await stopAnvils(started);
    throw failure.reason;
  }
  return started;
}

/** @param {readonly Anvil[]} anvils */
export async function stopAnvils(anvils) {
  await Promise.all(anvils.map((a) => a.stop()));
}
