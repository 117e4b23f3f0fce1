import { rm } from 'node:fs/promises';
import { anvilStatesDir } from '@lockstep/toolchain';
import { DevnetStopError, type DevnetStopErrorType } from '../errors/devnet.js';
import { isAnvilAlive, signalGroup, waitUntilGone } from './process.js';
import { type DevnetChain, devnetStateFile, readDevnetStateFile, removeDevnetStateFile } from './state-file.js';

/** How long a chain gets to exit after SIGTERM (anvil dumps `--state` then) before SIGKILL. */
export const STOP_GRACE_MS = 3000;

export type StopDevnetParameters = {
  /** The folder whose `.lockstep/devnet.json` names the devnet. Default: `process.cwd()`. */
  cwd?: string;
};

/** How each chain ended: by SIGTERM, by SIGKILL after the grace period, or it was already gone. */
export type StoppedChain = { name: string; pid: number; how: 'SIGTERM' | 'SIGKILL' | 'already-gone' };

export type StopDevnetReturnType = {
  /** The state file that was removed (or would have been). */
  file: string;
  /** Empty when no devnet was recorded. */
  chains: StoppedChain[];
};

export type StopDevnetErrorType = DevnetStopErrorType;

/**
 * Stops the devnet recorded in `<cwd>/.lockstep/devnet.json`: SIGTERM to each chain's process group,
 * up to `STOP_GRACE_MS` to exit, then SIGKILL, then checks each is gone and removes the state file.
 * Idempotent: with no state file (or only dead pids) it succeeds and stops nothing.
 *
 * @example
 * const { chains } = await stopDevnet({ cwd })
 */
export async function stopDevnet(parameters: StopDevnetParameters = {}): Promise<StopDevnetReturnType> {
  const file = devnetStateFile(parameters.cwd);
  const devnet = await readDevnetStateFile(file);
  if (!devnet) return { file, chains: [] };
  const chains = await stopChains(devnet.chains);
  await removeDevnetStateFile(file);
  return { file, chains };
}

/** Stops several chains at once; throws the first `DevnetStopError` after trying all of them. */
export async function stopChains(chains: readonly StoppableChain[]): Promise<StoppedChain[]> {
  const settled = await Promise.allSettled(chains.map(stopChain));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/** A chain to stop; with its log file, the states folder its anvil was given beside it is removed too. */
export type StoppableChain = Pick<DevnetChain, 'name' | 'pid'> & { logFile?: string };

/** Stops one chain: SIGTERM, grace period, SIGKILL, verify; then removes its states folder. */
export async function stopChain(chain: StoppableChain): Promise<StoppedChain> {
  const how = await endProcess(chain);
  // anvil never removes the states it wrote to disk; once it is gone nothing reads them.
  if (chain.logFile !== undefined) await rm(anvilStatesDir(chain.logFile), { recursive: true, force: true });
  return { name: chain.name, pid: chain.pid, how };
}

async function endProcess({ name, pid }: StoppableChain): Promise<StoppedChain['how']> {
  if (!isAnvilAlive(pid)) return 'already-gone';
  signalGroup(pid, 'SIGTERM');
  if (await waitUntilGone(pid, STOP_GRACE_MS)) return 'SIGTERM';
  // Checked again right before the kill, so a pid recycled in the meantime is never signalled.
  if (isAnvilAlive(pid)) signalGroup(pid, 'SIGKILL');
  if (await waitUntilGone(pid, 1000)) return 'SIGKILL';
  throw new DevnetStopError({ network: name, pid });
}
