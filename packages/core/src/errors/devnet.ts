import { LockstepError } from './base.js';

export type DevnetAlreadyRunningErrorType = DevnetAlreadyRunningError & { name: 'DevnetAlreadyRunningError' };

/** `startDevnet` found a devnet already running from the same folder (its state file names live processes). */
export class DevnetAlreadyRunningError extends LockstepError {
  override name = 'DevnetAlreadyRunningError' as const;
  readonly stateFile: string;
  readonly pids: readonly number[];

  constructor({ stateFile, chains }: { stateFile: string; chains: readonly { name: string; pid: number }[] }) {
    super(`a devnet is already running (${stateFile}) — run \`lockstep devnet down\` first`, {
      metaMessages: chains.map((chain) => `- ${chain.name}: pid ${chain.pid}`),
    });
    this.stateFile = stateFile;
    this.pids = chains.map((chain) => chain.pid);
  }
}

export type DevnetStartErrorType = DevnetStartError & { name: 'DevnetStartError' };

/** One chain of the devnet did not start (port taken, anvil exited, no answer, wrong chain id). */
export class DevnetStartError extends LockstepError {
  override name = 'DevnetStartError' as const;
  readonly network: string;
  readonly chainId: number;
  readonly port: number;
  readonly logFile: string;

  constructor({
    network,
    chainId,
    port,
    reason,
    logFile,
    logTail,
    cause,
  }: {
    network: string;
    chainId: number;
    port: number;
    reason: string;
    logFile: string;
    logTail?: string;
    cause?: unknown;
  }) {
    super(`networks.${network}: anvil (chain ${chainId}, port ${port}) did not start: ${reason}`, {
      cause,
      metaMessages: [`log: ${logFile}`],
      ...(logTail ? { details: logTail } : {}),
    });
    this.network = network;
    this.chainId = chainId;
    this.port = port;
    this.logFile = logFile;
  }
}

export type DevnetStopErrorType = DevnetStopError & { name: 'DevnetStopError' };

/** A devnet process survived SIGTERM and SIGKILL. */
export class DevnetStopError extends LockstepError {
  override name = 'DevnetStopError' as const;
  readonly network: string;
  readonly pid: number;

  constructor({ network, pid }: { network: string; pid: number }) {
    super(`networks.${network}: anvil pid ${pid} is still running after SIGKILL — stop it by hand (kill -9 ${pid})`);
    this.network = network;
    this.pid = pid;
  }
}

export type DevnetStateFileErrorType = DevnetStateFileError & { name: 'DevnetStateFileError' };

/** The devnet state file exists but cannot be read or is malformed. */
export class DevnetStateFileError extends LockstepError {
  override name = 'DevnetStateFileError' as const;
  readonly path: string;

  constructor({ path, problem, cause }: { path: string; problem: string; cause?: unknown }) {
    super(`${path}: ${problem} — stop any anvil it started by hand, then delete the file`, { cause });
    this.path = path;
  }
}
