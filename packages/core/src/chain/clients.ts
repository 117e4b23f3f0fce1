import {
  type Account,
  type Chain,
  type Client,
  createNonceManager,
  createWalletClient,
  defineChain,
  http,
  type LocalAccount,
  publicActions,
  type Transport,
} from 'viem';
import { jsonRpc } from 'viem/nonce';
import type { LockstepConfig, NetworkConfig } from '../config/schema.js';
import { LockstepError } from '../errors/base.js';

/**
 * The same account with its own nonce manager. viem's manager keys nonces by (address, chain id),
 * so one signer gets one manager and a separate nonce sequence per chain; it starts from the
 * chain's pending transaction count, so a restarted process picks up where the chain is.
 */
export function withNonceManager(account: LocalAccount): LocalAccount {
  return { ...account, nonceManager: createNonceManager({ source: jsonRpc() }) };
}

/** The network's RPC URL: the override, else the config's URL; a local network needs an override. */
export function networkRpcUrl(network: NetworkConfig, rpcUrls: Readonly<Record<string, string>>): string {
  const url = rpcUrls[network.name];
  if (url !== undefined) return url;
  if (typeof network.rpc === 'string') return network.rpc;
  throw new LockstepError(
    `networks.${network.name} is a local chain ({ local: true }) and no RPC URL was given — start the devnet and pass its URL`,
    { docsPath: '#networks' },
  );
}

export type NetworkClient = Client<Transport, Chain, Account>;

/**
 * How often a receipt is polled for. viem's default (4 s) cost a delivery whose receipt was not
 * there at the first look a whole 4 s: local chains mine at once, real ones get half a second.
 */
export function pollingIntervalOf(network: NetworkConfig): number {
  return typeof network.rpc === 'string' ? 500 : 50;
}

/**
 * One signing client per network of the config (no transport-level retries: callers retry
 * transient errors with backoff themselves).
 */
export function createNetworkClients(
  config: Pick<LockstepConfig, 'networks'>,
  account: Account,
  rpcUrls: Readonly<Record<string, string>>,
): Map<number, { network: NetworkConfig; client: NetworkClient }> {
  const clients = new Map<number, { network: NetworkConfig; client: NetworkClient }>();
  for (const network of config.networks) {
    const url = networkRpcUrl(network, rpcUrls);
    const chain = defineChain({
      id: network.chainId,
      name: network.name,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [url] } },
    });
    const client = createWalletClient({
      account,
      chain,
      transport: http(url, { retryCount: 0 }),
      pollingInterval: pollingIntervalOf(network),
    }).extend(publicActions);
    clients.set(network.chainId, { network, client });
  }
  return clients;
}
