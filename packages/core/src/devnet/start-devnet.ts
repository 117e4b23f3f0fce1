import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { anvilStatesDir, nativeBinary } from '@lockstep/toolchain';
import { type Address, createPublicClient, createTestClient, http } from 'viem';
import type { LockstepConfig } from '../config/schema.js';
import { LockstepError } from '../errors/base.js';
import {
  DevnetAlreadyRunningError,
  type DevnetAlreadyRunningErrorType,
  DevnetStartError,
  type DevnetStartErrorType,
} from '../errors/devnet.js';
import { isAnvilAlive, sleep } from './process.js';
import {
  DEVNET_DIR,
  type Devnet,
  type DevnetChain,
  devnetStateFile,
  readDevnetStateFile,
  removeDevnetStateFile,
  writeDevnetStateFile,
} from './state-file.js';
import { stopChains } from './stop-devnet.js';

/** The first chain's port when none is given; the i-th local network gets `DEFAULT_BASE_PORT + i`. */
export const DEFAULT_BASE_PORT = 8545;

/** A step of `startDevnet`, for progress output. */
export type DevnetProgressEvent =
  | { type: 'cleaned-stale'; file: string }
  | { type: 'spawned'; name: string; chainId: number; pid: number; port: number }
  | { type: 'ready'; name: string; chainId: number; rpcUrl: string; ms: number }
  | { type: 'failed'; name: string; chainId: number; reason: string }
  | { type: 'funded'; name: string; chainId: number; address: Address; balance: bigint };

export type StartDevnetParameters = {
  /** Where `.lockstep/` (state file, logs) lives; relative paths start here. Default: `process.cwd()`. */
  cwd?: string;
  /** Port of the first local network; the i-th gets `basePort + i`. Default: 8545. */
  basePort?: number;
  /** Interface anvil listens on. Default: `127.0.0.1`. */
  host?: string;
  /**
   * Keep each chain's state in `<stateDir>/<name>.json` (anvil `--state`): loaded at start when
   * present, dumped when the chain is stopped with `stopDevnet`.
   */
  stateDir?: string;
  /** How long each chain may take to answer `eth_chainId`. Default: 15000 ms. */
  startTimeoutMs?: number;
  /**
   * Accounts set to `balance` on every chain once it is ready (`anvil_setBalance`), e.g. the
   * config's reporter, which anvil's default accounts do not include. Default: none.
   */
  fund?: readonly { address: Address; balance: bigint }[];
  /** Called for every step; the library never prints. */
  onProgress?: (event: DevnetProgressEvent) => void;
};

export type StartDevnetReturnType = Devnet;

export type StartDevnetErrorType = DevnetAlreadyRunningErrorType | DevnetStartErrorType;

/**
 * Starts one detached native anvil per network whose `rpc` is `{ local: true, blockTime }`: its
 * chain id, `--block-time` (fractions allowed), port `basePort + i`, output to
 * `.lockstep/logs/<name>.log`. Resolves when every chain answers `eth_chainId` with its id; the
 * devnet is recorded in `.lockstep/devnet.json` (written atomically, right after the spawn so a
 * killed `up` still leaves a file `stopDevnet` can use). The anvils outlive this process.
 *
 * If any chain fails, every chain started is stopped and the state file removed before the
 * `DevnetStartError` (naming the chain) is thrown. Throws `DevnetAlreadyRunningError` when the
 * state file names live anvils; a stale file (no live pid) is removed.
 *
 * @example
 * const devnet = await startDevnet(defaultConfig(), { cwd, basePort: 8545 })
 */
export async function startDevnet(
  config: Pick<LockstepConfig, 'networks'>,
  parameters: StartDevnetParameters = {},
): Promise<StartDevnetReturnType> {
  const cwd = resolve(parameters.cwd ?? process.cwd());
  const basePort = parameters.basePort ?? DEFAULT_BASE_PORT;
  const host = parameters.host ?? '127.0.0.1';
  const timeoutMs = parameters.startTimeoutMs ?? 15_000;
  const onProgress = parameters.onProgress ?? (() => {});
  const file = devnetStateFile(cwd);

  const existing = await readDevnetStateFile(file);
  if (existing) {
    const alive = existing.chains.filter((chain) => isAnvilAlive(chain.pid));
    if (alive.length > 0) throw new DevnetAlreadyRunningError({ stateFile: file, chains: alive });
    await removeDevnetStateFile(file);
    onProgress({ type: 'cleaned-stale', file });
  }

  const local = config.networks.flatMap((network) =>
    typeof network.rpc === 'string' ? [] : [{ ...network, blockTime: network.rpc.blockTime }],
  );
  if (local.length === 0) {
    throw new LockstepError(
      'no network in the config is local — give at least one network rpc: { local: true, blockTime }',
      {
        docsPath: '#networks',
      },
    );
  }
  const lastPort = basePort + local.length - 1;
  if (!Number.isInteger(basePort) || basePort < 1 || lastPort > 65_535) {
    throw new LockstepError(
      `base port ${basePort} leaves no room for ${local.length} chains — pick 1 to ${65_536 - local.length}`,
    );
  }

  const logDir = join(cwd, DEVNET_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stateDir = parameters.stateDir === undefined ? undefined : resolve(cwd, parameters.stateDir);
  if (stateDir) mkdirSync(stateDir, { recursive: true });

  const spawned = local.map((network, i) =>
    spawnChain({
      name: network.name,
      chainId: network.chainId,
      blockTime: network.blockTime,
      port: basePort + i,
      host,
      logFile: join(logDir, `${network.name}.log`),
      stateFile: stateDir ? join(stateDir, `${network.name}.json`) : undefined,
    }),
  );
  for (const { chain } of spawned) {
    onProgress({ type: 'spawned', name: chain.name, chainId: chain.chainId, pid: chain.pid, port: chain.port });
  }
  const devnet: Devnet = { version: 1, file, chains: spawned.map((s) => s.chain) };
  try {
    await writeDevnetStateFile(devnet);
  } catch (error) {
    await stopChains(devnet.chains);
    throw error;
  }

  const settled = await Promise.allSettled(
    spawned.map(async (s) => {
      const started = performance.now();
      try {
        await waitUntilReady(s, host, timeoutMs);
      } catch (error) {
        const reason = error instanceof DevnetStartError ? error.shortMessage : String(error);
        onProgress({ type: 'failed', name: s.chain.name, chainId: s.chain.chainId, reason });
        throw error;
      } finally {
        s.release();
      }
      await fundAccounts(s.chain, parameters.fund ?? [], onProgress);
      onProgress({
        type: 'ready',
        name: s.chain.name,
        chainId: s.chain.chainId,
        rpcUrl: s.chain.rpcUrl,
        ms: Math.round(performance.now() - started),
      });
    }),
  );
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    await stopChains(devnet.chains);
    await removeDevnetStateFile(file);
    throw failure.reason;
  }
  return devnet;
}

/** `anvil_setBalance` of each account on one chain. Throws `DevnetStartError` naming the chain. */
async function fundAccounts(
  chain: DevnetChain,
  accounts: readonly { address: Address; balance: bigint }[],
  onProgress: (event: DevnetProgressEvent) => void,
): Promise<void> {
  if (accounts.length === 0) return;
  const client = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl, { retryCount: 0 }) });
  for (const { address, balance } of accounts) {
    try {
      await client.setBalance({ address, value: balance });
    } catch (cause) {
      throw new DevnetStartError({
        network: chain.name,
        chainId: chain.chainId,
        port: chain.port,
        reason: `anvil_setBalance of ${address} failed`,
        logFile: chain.logFile,
        cause,
      });
    }
    onProgress({ type: 'funded', name: chain.name, chainId: chain.chainId, address, balance });
  }
}

type ChainSpec = {
  name: string;
  chainId: number;
  blockTime: number;
  port: number;
  host: string;
  logFile: string;
  stateFile: string | undefined;
};

type SpawnedChain = {
  chain: DevnetChain;
  /** Resolves with a reason when the process exits before `release`. */
  exited: Promise<string>;
  /** Stops watching the process, so it no longer ties this one. */
  release: () => void;
};

function spawnChain(spec: ChainSpec): SpawnedChain {
  const args = [
    '--host',
    spec.host,
    '--port',
    String(spec.port),
    '--chain-id',
    String(spec.chainId),
    '--block-time',
    String(spec.blockTime),
    // Its own folder for the states it writes to disk, removed by `devnet down` (anvil never removes them).
    '--cache-path',
    anvilStatesDir(spec.logFile),
  ];
  if (spec.stateFile) args.push('--state', spec.stateFile);
  const logFd = openSync(spec.logFile, 'w');
  let child: ReturnType<typeof spawn>;
  try {
    // Detached: its own process group (so `down` can signal the group) that outlives this process.
    child = spawn(nativeBinary('anvil'), args, { detached: true, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<string>((resolveExit) => {
    child.once('error', (error) => resolveExit(`could not be spawned (${error.message})`));
    child.once('exit', (code, signal) => resolveExit(`anvil exited (${signal ?? `code ${code}`})`));
  });
  child.unref();
  const pid = child.pid ?? 0;
  const urlHost = spec.host === '0.0.0.0' ? '127.0.0.1' : spec.host;
  return {
    chain: {
      name: spec.name,
      chainId: spec.chainId,
      pid,
      port: spec.port,
      rpcUrl: `http://${urlHost}:${spec.port}`,
      blockTime: spec.blockTime,
      logFile: spec.logFile,
      ...(spec.stateFile ? { stateFile: spec.stateFile } : {}),
      startedAt: new Date().toISOString(),
    },
    exited,
    release: () => {
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
    },
  };
}

/**
 * Ready = anvil's log says it listens on our port (so the answer cannot come from another process
 * holding the port) and `eth_chainId` answers with the chain's id.
 */
async function waitUntilReady(spawned: SpawnedChain, host: string, timeoutMs: number): Promise<void> {
  const { chain } = spawned;
  const fail = async (reason: string, cause?: unknown) =>
    new DevnetStartError({
      network: chain.name,
      chainId: chain.chainId,
      port: chain.port,
      reason,
      logFile: chain.logFile,
      logTail: await logTail(chain.logFile),
      cause,
    });
  if (chain.pid === 0) throw await fail(await spawned.exited);
  let exitReason: string | undefined;
  void spawned.exited.then((reason) => {
    exitReason = reason;
  });
  const client = createPublicClient({ transport: http(chain.rpcUrl, { timeout: 1000, retryCount: 0 }) });
  const deadline = Date.now() + timeoutMs;
  const listening = new RegExp(`Listening on .*:${chain.port}\\b`);
  let lastError: unknown;
  for (;;) {
    if (exitReason) throw await fail(exitReason);
    if (!isAnvilAlive(chain.pid)) throw await fail('anvil exited');
    if (listening.test(await readFile(chain.logFile, 'utf8').catch(() => ''))) {
      try {
        const id = await client.getChainId();
        if (id !== chain.chainId) throw await fail(`${chain.rpcUrl} answers chain id ${id}, expected ${chain.chainId}`);
        return;
      } catch (error) {
        if (error instanceof DevnetStartError) throw error;
        lastError = error;
      }
    }
    if (Date.now() >= deadline) {
      throw await fail(`no answer to eth_chainId on ${host}:${chain.port} within ${timeoutMs} ms`, lastError);
    }
    await sleep(50);
  }
}

/** The last lines of a log, for error details; the anvil banner is long, so only the end matters. */
async function logTail(file: string, lines = 8): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
