/**
 * Whether a chain can be checked at all: the config gives it an RPC, the RPC answers, and it answers
 * with the chain id the config gives the network (a node of another chain would make every other
 * comparison meaningless). Findings carry the same words as `checkNetworks`' errors.
 */
import { getChainId } from 'viem/actions';
import type { ReadClient } from '../../chain/types.js';
import { failureReason } from '../../config/check-networks.js';
import type { NetworkConfig } from '../../config/schema.js';
import { LockstepError } from '../../errors/base.js';
import { ChainIdMismatchError, RpcError } from '../../errors/rpc.js';
import { redactUrl } from '../../utils/redact-url.js';
import type { DriftFinding } from './types.js';

export type ReachChainReturnType =
  | { client: ReadClient; finding?: undefined }
  | { client?: undefined; finding: DriftFinding };

/** A client for `network` that answered with its chain id, or the finding that says why not. */
export async function reachChain(
  network: Pick<NetworkConfig, 'name' | 'chainId'>,
  clientFor: (chainId: number) => ReadClient,
  timeoutMs: number,
): Promise<ReachChainReturnType> {
  const base = { severity: 'error' as const, network: network.name, chainId: network.chainId };
  let client: ReadClient;
  try {
    client = clientFor(network.chainId);
  } catch (error) {
    const message = error instanceof LockstepError ? error.shortMessage : String(error);
    return {
      finding: {
        ...base,
        subject: 'rpc',
        message,
        fix: `give networks.${network.name} an RPC URL (\`--rpc ${network.name}=<url>\`)`,
      },
    };
  }
  const transportUrl = (client.transport as { url?: unknown }).url;
  const url = typeof transportUrl === 'string' ? redactUrl(transportUrl) : '(its client)';
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const actual = await Promise.race([getChainId(client), deadline]);
    if (actual === network.chainId) return { client };
    const error = new ChainIdMismatchError({ network: network.name, url, expected: network.chainId, actual });
    return {
      finding: {
        ...base,
        subject: 'chain id',
        expected: String(network.chainId),
        actual: String(actual),
        message: error.shortMessage,
        fix: `point networks.${network.name}.rpc at a node of chain ${network.chainId}, or fix its chainId`,
      },
    };
  } catch (cause) {
    const error = new RpcError({ network: network.name, url, reason: failureReason(cause), cause });
    return {
      finding: {
        ...base,
        subject: 'rpc',
        message: error.shortMessage,
        fix: `start the node, or fix networks.${network.name}.rpc`,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
