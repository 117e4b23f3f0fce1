/**
 * The chains to watch from the config's networks and their deployment files: each network's role,
 * finality depth and Lockstep contracts, and a read client on its RPC URL that fails fast (a dead RPC
 * must not hold up a round for long).
 */
import type { ReadClient } from '@lockstep/core/chain';
import type { NetworkConfig } from '@lockstep/core/config';
import { readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { createPublicClient, http, type Transport } from 'viem';
import { type WatchedChain, watchedContracts } from './watched-chain.js';

/** How long one RPC call may take before the chain counts as unreachable for this round. */
export const RPC_TIMEOUT_MS = 5000;

export type ChainsFromDeploymentsParameters = {
  networks: readonly NetworkConfig[];
  rpcUrls: Readonly<Record<string, string>>;
  /** The project root holding `deployments/` (default: this repository). */
  root?: string;
  /** Wraps each chain's HTTP transport (e.g. to count RPC calls). */
  transport?: (url: string, chain: string) => Transport;
};

export async function chainsFromDeployments(
  parameters: ChainsFromDeploymentsParameters,
): Promise<(WatchedChain & { client: ReadClient })[]> {
  return Promise.all(
    parameters.networks.map(async (network) => {
      const url = parameters.rpcUrls[network.name];
      if (!url) {
        throw new LockstepError(
          `${network.name} has no RPC URL — pass --rpc ${network.name}=<url>, or start the devnet (lockstep devnet up) for a local network`,
        );
      }
      const deployment = await readDeployment({
        network: network.name,
        ...(parameters.root === undefined ? {} : { root: parameters.root }),
      });
      const transport =
        parameters.transport?.(url, network.name) ?? http(url, { retryCount: 0, timeout: RPC_TIMEOUT_MS });
      return {
        name: network.name,
        chainId: deployment.chainId,
        role: network.role,
        finalityDepth: network.finalityDepth,
        contracts: watchedContracts(deployment.addresses),
        client: createPublicClient({ transport }),
      };
    }),
  );
}
