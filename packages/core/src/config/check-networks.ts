import { createPublicClient, TimeoutError, type Transport, webSocket } from 'viem';
import { rpcHttp } from '../chain/clients.js';
import { ChainIdMismatchError, type ChainIdMismatchErrorType, RpcError, type RpcErrorType } from '../errors/rpc.js';
import { redactUrl } from '../utils/redact-url.js';
import type { LockstepConfig } from './schema.js';

export type CheckNetworksParameters = {
  /** How long each RPC may take to answer `eth_chainId`. Default: 5000 ms. */
  timeoutMs?: number;
};

export type CheckedNetwork = {
  network: string;
  /** The RPC URL, redacted for display. */
  url: string;
  chainId: number;
  /** Milliseconds `eth_chainId` took. */
  latencyMs: number;
};

export type CheckNetworksReturnType = CheckedNetwork[];

export type CheckNetworksErrorType = RpcErrorType | ChainIdMismatchErrorType;

/**
 * Asks every network with an RPC URL for its chain id (`eth_chainId`), all at once, each within
 * `timeoutMs`. Local networks (`{ local: true }`) have no URL yet and are skipped.
 *
 * Throws, for the first failing network in config order, `RpcError` (refused, failed or timed out)
 * or `ChainIdMismatchError` (the node serves another chain).
 *
 * @example
 * const checked = await checkNetworks(config, { timeoutMs: 3000 })
 */
export async function checkNetworks(
  config: Pick<LockstepConfig, 'networks'>,
  { timeoutMs = 5000 }: CheckNetworksParameters = {},
): Promise<CheckNetworksReturnType> {
  const remote = config.networks.flatMap((network) =>
    typeof network.rpc === 'string' ? [{ name: network.name, chainId: network.chainId, url: network.rpc }] : [],
  );
  const settled = await Promise.allSettled(remote.map((network) => checkNetworkRpc(network, timeoutMs)));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/**
 * One network's RPC: answers `eth_chainId` within `timeoutMs`, with `chainId`. Throws `RpcError`
 * or `ChainIdMismatchError`.
 */
export async function checkNetworkRpc(
  network: { name: string; chainId: number; url: string },
  timeoutMs: number,
): Promise<CheckedNetwork> {
  const url = redactUrl(network.url);
  const isSocket = /^wss?:/.test(network.url);
  const transport: Transport = isSocket
    ? webSocket(network.url, { timeout: timeoutMs, retryCount: 0, reconnect: false })
    : rpcHttp(network.url, { timeout: timeoutMs, retryCount: 0 });
  const client = createPublicClient({ transport });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    // viem's own timeout covers the request; this one also covers a socket that never opens.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError({ body: { method: 'eth_chainId' }, url })), timeoutMs);
    });
    const chainId = await Promise.race([client.getChainId(), deadline]);
    if (isSocket) await closeSocket(client.transport);
    if (chainId !== network.chainId) {
      throw new ChainIdMismatchError({ network: network.name, url, expected: network.chainId, actual: chainId });
    }
    return { network: network.name, url, chainId, latencyMs: Math.round(performance.now() - started) };
  } catch (cause) {
    if (cause instanceof ChainIdMismatchError) throw cause;
    const reason = cause instanceof TimeoutError ? `no answer within ${timeoutMs} ms` : failureReason(cause);
    throw new RpcError({ network: network.name, url, reason, cause });
  } finally {
    clearTimeout(timer);
  }
}

/** The root cause in a few words, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
export function failureReason(cause: unknown): string {
  let current: unknown = cause;
  let reason = 'request failed';
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    reason =
      ('shortMessage' in current && typeof current.shortMessage === 'string'
        ? current.shortMessage
        : current.message
      ).split('\n')[0] ?? reason;
    current = current.cause;
  }
  return reason;
}

/** Closes the (open) socket of a WebSocket client, so it does not keep the process alive. */
async function closeSocket(transport: object): Promise<void> {
  const getRpcClient: unknown = (transport as { getRpcClient?: unknown }).getRpcClient;
  if (typeof getRpcClient !== 'function') return;
  const rpc = (await getRpcClient()) as { close?: () => void };
  rpc.close?.();
}
