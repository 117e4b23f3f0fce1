/**
 * RPC failover for the CLI's clients, against real anvils: a network with `rpcFallbacks` whose
 * primary endpoint is down (its port closed) reads and sends through the next one; when every
 * endpoint is down the error names each URL and the fix.
 */
import { createServer } from 'node:net';
import { startAnvil } from '@lockstep/toolchain';
import { privateKeyToAccount } from 'viem/accounts';
import { getBlockNumber, getChainId, sendTransaction, waitForTransactionReceipt } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkConfig } from '../config/schema.js';
import { RpcEndpointsDownError } from '../errors/rpc.js';
import { createNetworkClients, networkRpcUrls } from './clients.js';

/** Anvil's first dev key. */
const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');

/** A localhost URL on which nothing listens (a port that was free a moment ago). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function network(rpc: string, rpcFallbacks?: string[]): NetworkConfig {
  return {
    name: 'ethereum',
    chainId: 31337,
    role: 'hub',
    rpc,
    ...(rpcFallbacks ? { rpcFallbacks } : {}),
    finalityDepth: 0,
    deliveryMargin: 60,
  };
}

let anvil: Awaited<ReturnType<typeof startAnvil>>;
beforeAll(async () => {
  anvil = await startAnvil({ name: 'failover', chainId: 31337 });
}, 60_000);
afterAll(async () => {
  await anvil?.stop();
});

describe('createNetworkClients: RPC failover', () => {
  it('a closed primary port: reads and a transaction go through the fallback', async () => {
    const dead = await closedPortUrl();
    const client = createNetworkClients({ networks: [network(dead, [anvil.rpcUrl])] }, account, {}).get(31337)?.client;
    if (!client) throw new Error('no client');
    expect(await getChainId(client)).toBe(31337);
    const hash = await sendTransaction(client, { to: '0x000000000000000000000000000000000000dEaD', value: 1n });
    const receipt = await waitForTransactionReceipt(client, { hash, pollingInterval: 50 });
    expect(receipt.status).toBe('success');
  });

  it('every endpoint down: the error names both URLs and the fix', async () => {
    const [first, second] = [await closedPortUrl(), await closedPortUrl()];
    const client = createNetworkClients({ networks: [network(first, [second])] }, account, {}).get(31337)?.client;
    if (!client) throw new Error('no client');
    const error = await getBlockNumber(client).catch((e: unknown) => e);
    const down = (error as { walk?: (fn: (e: unknown) => boolean) => unknown }).walk?.(
      (e) => e instanceof RpcEndpointsDownError,
    );
    expect(down).toBeInstanceOf(RpcEndpointsDownError);
    expect((down as RpcEndpointsDownError).shortMessage).toBe(
      `networks.ethereum: no RPC endpoint answered eth_blockNumber (tried ${first}, ${second}) — start one of these nodes, fix the URLs in networks.ethereum.rpc / rpcFallbacks, or add a working one to rpcFallbacks`,
    );
  });

  it('an --rpc override is the one endpoint used; without one, rpc then rpcFallbacks', () => {
    const config = network('https://a.example', ['https://b.example']);
    expect(networkRpcUrls(config, {})).toEqual(['https://a.example', 'https://b.example']);
    expect(networkRpcUrls(config, { ethereum: 'http://127.0.0.1:8545' })).toEqual(['http://127.0.0.1:8545']);
  });
});
