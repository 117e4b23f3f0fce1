/**
 * The chains a command is about to use, checked before it does anything: each RPC answers with the
 * config's chain id and the deployment's contracts have code there (core's `checkDeployment`, so
 * every command runs the same check and reports every problem at once).
 */
import type { LockstepConfig } from '@lockstep/core/config';
import { checkDeployment } from '@lockstep/core/deploy';
import type { Address } from 'viem';

type Network = LockstepConfig['networks'][number];

/**
 * Checks every network of `networks` that has a URL in `rpcUrls` (by name), with the contracts
 * `contracts(network)` names. Throws `DeploymentCheckError` listing every problem.
 */
export async function checkChains(
  networks: readonly Network[],
  rpcUrls: Readonly<Record<string, string | undefined>>,
  contracts: (network: Network) => Record<string, Address | undefined>,
): Promise<void> {
  await checkDeployment({
    networks: networks.flatMap((network) => {
      const url = rpcUrls[network.name];
      return url ? [{ name: network.name, chainId: network.chainId, url, contracts: contracts(network) }] : [];
    }),
  });
}
