/**
 * How presign reaches each chain: a public client per network (no transport retries: a dead RPC is
 * reported at once), checked to answer with the config's chain id, and the network a bundled chain
 * id names in the config.
 */
import { createPublicClient, type PublicClient } from 'viem';
import { getChainId } from 'viem/actions';
import { rpcHttp } from '../chain/clients.js';
import type { NetworkConfig } from '../config/schema.js';
import { ChainIdMismatchError, RpcError } from '../errors/rpc.js';
import { redactUrl } from '../utils/redact-url.js';
import { PresignError } from './errors.js';

/** The networks of the config and their RPC URLs (by network name). */
export type PresignChains = {
  networks: readonly NetworkConfig[];
  rpcUrls: Readonly<Record<string, string>>;
};

/** The config's network with this name or chain id; throws `unknown-chain` naming the config's networks. */
export function findNetwork(chains: PresignChains, by: { name: string } | { chainId: number }): NetworkConfig {
  const network = chains.networks.find((n) => ('name' in by ? n.name === by.name : n.chainId === by.chainId));
  if (network) return network;
  const known = chains.networks.map((n) => `${n.name} (${n.chainId})`).join(', ');
  const what = 'name' in by ? `network "${by.name}"` : `chain ${by.chainId}`;
  throw new PresignError(
    `${what} is not in the config (it has ${known}) — add the network to the config, or use the config the bundle was made with`,
    { reason: 'unknown-chain' },
  );
}

/** A client of the network's RPC that answered with the right chain id. Throws `RpcError`, `ChainIdMismatchError`. */
export async function connect(
  chains: PresignChains,
  network: NetworkConfig,
): Promise<{ client: PublicClient; url: string }> {
  const url = chains.rpcUrls[network.name] ?? (typeof network.rpc === 'string' ? network.rpc : undefined);
  if (!url) {
    throw new PresignError(
      `no RPC for ${network.name}: it is a local network and no devnet is running here — start one (\`lockstep devnet up\`) or pass --rpc ${network.name}=<url>`,
      { reason: 'unknown-chain' },
    );
  }
  const client = createPublicClient({ transport: rpcHttp(url, { retryCount: 0, timeout: 10_000 }) });
  let actual: number;
  try {
    actual = await getChainId(client);
  } catch (cause) {
    throw new RpcError({ network: network.name, url: redactUrl(url), reason: 'no answer', cause });
  }
  if (actual !== network.chainId) {
    throw new ChainIdMismatchError({ network: network.name, url: redactUrl(url), expected: network.chainId, actual });
  }
  return { client, url };
}
