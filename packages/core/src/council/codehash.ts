import { type Address, createPublicClient, type Hex } from 'viem';
import { getChainId, getCode } from 'viem/actions';
import { batchingRpcHttp } from '../chain/clients.js';
import { codeHash } from '../crypto/code-hash.js';
import type { CouncilReadClient } from './types.js';

/** RPC URLs by chain id, for the chains an upgrade touches (the hub's own client serves the hub chain). */
export type ChainRpcUrls = Readonly<Record<number, string>>;

/** `extcodehash` as the EVM defines it: `0x` + zeros for an empty account is not used here; no code gives `undefined`. */
export async function readCodehash(client: CouncilReadClient, address: Address): Promise<Hex | undefined> {
  const code = await getCode(client, { address });
  return code && code !== '0x' ? codeHash(code) : undefined;
}

/**
 * A reader for `chainId`: the hub client when it serves that chain, else a client on its known RPC
 * (on the URL's shared transport: a review's reads of one chain made together go as one batch to a
 * local chain), else none.
 */
export async function clientForChain(
  hub: CouncilReadClient,
  chainId: number,
  rpcUrls: ChainRpcUrls,
): Promise<CouncilReadClient | undefined> {
  const hubChainId = hub.chain?.id ?? (await getChainId(hub));
  if (hubChainId === chainId) return hub;
  const url = rpcUrls[chainId];
  return url ? createPublicClient({ transport: batchingRpcHttp(url) }) : undefined;
}
