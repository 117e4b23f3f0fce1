/**
 * The chains a contract council member's signature (a Safe's) can be checked on: every network of
 * the config whose RPC URL is known (`--rpc`, the running devnet's, or the config's own). Read-only
 * clients; no RPC is touched unless an imported signature does not recover to its signer.
 */
import type { LockstepConfig } from '@lockstep/core/config';
import type { ContractSignatureChain } from '@lockstep/core/roots';
import { createPublicClient, http } from 'viem';

export function contractSignatureChains(
  config: LockstepConfig,
  rpcUrls: Readonly<Record<string, string>>,
): ContractSignatureChain[] {
  return config.networks.flatMap((network) => {
    const url = rpcUrls[network.name] ?? (typeof network.rpc === 'string' ? network.rpc : undefined);
    if (url === undefined) return [];
    return [{ chainId: network.chainId, client: createPublicClient({ transport: http(url, { retryCount: 1 }) }) }];
  });
}
