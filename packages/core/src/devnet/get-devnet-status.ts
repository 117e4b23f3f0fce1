import { createPublicClient, http } from 'viem';
import type { DevnetStateFileErrorType } from '../errors/devnet.js';
import { isAnvilAlive } from './process.js';
import { type DevnetChain, devnetStateFile, readDevnetStateFile } from './state-file.js';

export type GetDevnetStatusParameters = {
  /** The folder whose `.lockstep/devnet.json` names the devnet. Default: `process.cwd()`. */
  cwd?: string;
  /** How long each RPC may take to answer. Default: 2000 ms. */
  timeoutMs?: number;
};

/** One chain's health: its process, and what its RPC answers. */
export type DevnetChainStatus = DevnetChain & {
  /** The recorded pid is a live anvil. */
  alive: boolean;
  /** What the RPC answered; `undefined` when it did not answer (see `error`). */
  rpc: { chainId: number; blockNumber: bigint; timestamp: bigint } | undefined;
  /** Why the chain is unhealthy (dead, no answer, wrong chain id); `undefined` when healthy. */
  error: string | undefined;
};

export type GetDevnetStatusReturnType = {
  /** The state file read. */
  file: string;
  /** A devnet is recorded and every chain is alive. */
  running: boolean;
  /** Running, and every RPC answered with the right chain id. */
  healthy: boolean;
  /** Empty when no devnet is recorded. */
  chains: DevnetChainStatus[];
  /**
   * The chains' time (their latest blocks' timestamps): the latest, and the skew (latest minus
   * earliest, in seconds). `undefined` when no chain answered.
   */
  clock: { latest: bigint; earliest: bigint; skewSeconds: number } | undefined;
};

export type GetDevnetStatusErrorType = DevnetStateFileErrorType;

/**
 * Reads `<cwd>/.lockstep/devnet.json` and checks each chain: pid alive, RPC answering
 * `eth_chainId` (compared with the recorded id) and the latest block's number and timestamp.
 * Never throws for an unhealthy chain; only for a malformed state file.
 *
 * @example
 * const { healthy, chains } = await getDevnetStatus({ cwd })
 */
export async function getDevnetStatus(parameters: GetDevnetStatusParameters = {}): Promise<GetDevnetStatusReturnType> {
  const file = devnetStateFile(parameters.cwd);
  const devnet = await readDevnetStateFile(file);
  if (!devnet) return { file, running: false, healthy: false, chains: [], clock: undefined };
  const timeoutMs = parameters.timeoutMs ?? 2000;
  const chains = await Promise.all(devnet.chains.map((chain) => chainStatus(chain, timeoutMs)));
  const running = chains.length > 0 && chains.every((chain) => chain.alive);
  const healthy = running && chains.every((chain) => chain.error === undefined);
  return { file, running, healthy, chains, clock: clockOf(chains) };
}

function clockOf(chains: readonly DevnetChainStatus[]): GetDevnetStatusReturnType['clock'] {
  const times = chains.flatMap((chain) => (chain.rpc ? [chain.rpc.timestamp] : []));
  if (times.length === 0) return undefined;
  // bigints: Math.min/max do not take them.
  const sorted = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const earliest = sorted[0] ?? 0n;
  const latest = sorted[sorted.length - 1] ?? 0n;
  return { latest, earliest, skewSeconds: Number(latest - earliest) };
}

async function chainStatus(chain: DevnetChain, timeoutMs: number): Promise<DevnetChainStatus> {
  const alive = isAnvilAlive(chain.pid);
  if (!alive) return { ...chain, alive, rpc: undefined, error: `pid ${chain.pid} is not running` };
  const client = createPublicClient({ transport: http(chain.rpcUrl, { timeout: timeoutMs, retryCount: 0 }) });
  try {
    const [chainId, block] = await Promise.all([client.getChainId(), client.getBlock({ blockTag: 'latest' })]);
    const rpc = { chainId, blockNumber: block.number, timestamp: block.timestamp };
    const error =
      chainId === chain.chainId ? undefined : `${chain.rpcUrl} answers chain id ${chainId}, expected ${chain.chainId}`;
    return { ...chain, alive, rpc, error };
  } catch (cause) {
    const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.message) : String(cause);
    return { ...chain, alive, rpc: undefined, error: `${chain.rpcUrl} did not answer (${reason})` };
  }
}
