import {
  type Account,
  type Chain,
  type Client,
  createNonceManager,
  createWalletClient,
  defineChain,
  fallback,
  HttpRequestError,
  type HttpTransport,
  type HttpTransportConfig,
  http,
  type LocalAccount,
  publicActions,
  TimeoutError,
  type Transport,
} from 'viem';
import { jsonRpc } from 'viem/nonce';
import type { LockstepConfig, NetworkConfig } from '../config/schema.js';
import { LockstepError } from '../errors/base.js';
import { RpcEndpointsDownError } from '../errors/rpc.js';
import { setBounded } from '../utils/bounded-map.js';
import { isLoopbackHttp, loopbackFetch } from './loopback-fetch.js';

/** viem's http transport to `url`; a loopback URL (a devnet, a drill) goes through `loopbackFetch`. */
export function rpcHttp(url: string | undefined, options: HttpTransportConfig = {}): HttpTransport {
  return http(url, url !== undefined && isLoopbackHttp(url) ? { ...options, fetchFn: loopbackFetch } : options);
}

/** Calls one batch to a loopback endpoint carries at most. */
const LOOPBACK_BATCH_SIZE = 64;

/**
 * Loopback URLs whose shared transport is kept (the oldest is let go first): a process that reviews
 * against drill after drill, each on fresh ports, stays small. A transport let go still serves the
 * clients made on it; a new client gets a new one.
 */
const BATCHING_TRANSPORTS_KEPT = 1024;
const batchingTransports = new Map<string, HttpTransport>();

/**
 * One transport per URL, shared by every client made on it: to a loopback endpoint (a devnet, a
 * drill's chains) the calls its clients make in the same tick go as one JSON-RPC batch (viem's
 * `batch`, at most 64 calls each). For reviews that read a few facts on each of many chains at once
 * (a council member checking a 128-chain proposal): one round trip per chain and step instead of one
 * per call, and several members' reads of the same chain share it. A remote URL gets plain
 * `rpcHttp`, not shared (not every provider takes batches, so there is nothing to share).
 *
 * Not for an actor whose endpoint may be an RPC-fault proxy: which calls share a batch depends on
 * timing, and the proxy hits a whole batch at once, so the faults would no longer follow the seed.
 */
export function batchingRpcHttp(url: string): HttpTransport {
  if (!isLoopbackHttp(url)) return rpcHttp(url, { retryCount: 1 });
  let transport = batchingTransports.get(url);
  if (!transport) {
    transport = setBounded(
      batchingTransports,
      url,
      rpcHttp(url, { retryCount: 1, batch: { batchSize: LOOPBACK_BATCH_SIZE } }),
      BATCHING_TRANSPORTS_KEPT,
    );
  }
  return transport;
}

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

/**
 * Every endpoint of the network, in the order they are tried: the override alone (an `--rpc` URL
 * names the one endpoint to use), else `rpc` then `rpcFallbacks`.
 */
export function networkRpcUrls(network: NetworkConfig, rpcUrls: Readonly<Record<string, string>>): string[] {
  const primary = networkRpcUrl(network, rpcUrls);
  return rpcUrls[network.name] === undefined ? [primary, ...(network.rpcFallbacks ?? [])] : [primary];
}

/** Seconds an endpoint gets to answer before the next one is asked (one endpoint: viem's default). */
const FAILOVER_TIMEOUT_MS = 10_000;

/**
 * The network's transport. One URL: plain HTTP, no retries (callers retry transient errors with
 * backoff themselves). Several: viem's `fallback` in the config's order (no ranking: the primary
 * stays first while it answers), each request tried once per endpoint; when none answers, an
 * `RpcEndpointsDownError` naming every URL.
 */
export function networkTransport(network: NetworkConfig, urls: readonly string[]): Transport {
  if (urls.length <= 1) return rpcHttp(urls[0], { retryCount: 0 });
  const inner = fallback(
    urls.map((url) => rpcHttp(url, { retryCount: 0, timeout: FAILOVER_TIMEOUT_MS })),
    { rank: false, retryCount: 0 },
  );
  return (parameters) => {
    const transport = inner(parameters);
    const request: typeof transport.request = async (args, options) => {
      try {
        return await transport.request(args, options);
      } catch (error) {
        // Transport failures fall through to the next endpoint; one out of the last means all failed.
        if (error instanceof HttpRequestError || error instanceof TimeoutError)
          throw new RpcEndpointsDownError({ network: network.name, urls, method: args.method, cause: error });
        throw error;
      }
    };
    return { ...transport, request };
  };
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
 * transient errors with backoff themselves); a network with `rpcFallbacks` fails over to them.
 */
export function createNetworkClients(
  config: Pick<LockstepConfig, 'networks'>,
  account: Account,
  rpcUrls: Readonly<Record<string, string>>,
): Map<number, { network: NetworkConfig; client: NetworkClient }> {
  const clients = new Map<number, { network: NetworkConfig; client: NetworkClient }>();
  for (const network of config.networks) {
    const urls = networkRpcUrls(network, rpcUrls);
    const chain = defineChain({
      id: network.chainId,
      name: network.name,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: urls } },
    });
    const client = createWalletClient({
      account,
      chain,
      transport: networkTransport(network, urls),
      pollingInterval: pollingIntervalOf(network),
    }).extend(publicActions);
    clients.set(network.chainId, { network, client });
  }
  return clients;
}
