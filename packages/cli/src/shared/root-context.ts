/**
 * What the `root` commands share: the config, the networks chosen with `--network`, their RPC URLs
 * (`--rpc`, else the running devnet's for local networks), where Lockstep is deployed (the same
 * addresses on every chain, read from the hub's deployment) and the root file named on the line.
 */
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import type { LockstepConfig, NetworkConfig } from '@lockstep/core/config';
import { adapterAddress, readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { networkRpcUrl } from '@lockstep/core/relay';
import type { RootDeployment } from '@lockstep/core/roots';
import { createPublicClient } from 'viem';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { configFlag, positional, rpcFlag, stringFlag } from '../flags.js';
import { checkChains } from './check-chains.js';
import { chosenNetworks, networkFlag } from './chosen-networks.js';

/** `<file>`: the root file a `root` command reads or writes. */
export const rootFileFlag = {
  file: positional(z.string().min(1), 'the root file (JSON; written owner-only)'),
} as const;

/** The flags of every `root` command that talks to chains (then its own, then `--json` and `--help`). */
export const rootChainFlags = {
  ...networkFlag,
  ...rpcFlag,
  deployments: stringFlag(
    z.string().min(1).optional(),
    '<dir>',
    'project root holding deployments/ (default: this repository)',
  ),
  ...configFlag,
} as const;

export type RootContext = {
  config: LockstepConfig;
  networks: NetworkConfig[];
  rpcUrls: Record<string, string>;
  deployment: RootDeployment;
};

/**
 * Loads the config and the hub's deployment, and (unless `check` is false: a broadcast checks each
 * network on its own, so one dead RPC never holds the others back) checks each chosen network
 * answers with its chain id and has the adapter and the receiver.
 */
export async function rootContext(
  options: { config?: string | undefined; network: string[]; rpc: string[]; deployments?: string | undefined },
  usage: string,
  { check = true }: { check?: boolean } = {},
): Promise<RootContext> {
  const { config, networks, rpcUrls } = await chosenNetworks(options, usage);
  const hub = config.networks.find((n) => n.role === 'hub');
  if (!hub) throw new UsageError('the config has no hub network (role "hub")', { usage });
  const { addresses } = await readDeployment({
    network: hub.name,
    ...(options.deployments ? { root: options.deployments } : {}),
  });
  if (!addresses.hub) throw new UsageError(`the hub's deployment (${hub.name}) names no GovernanceHub`, { usage });
  const deployment: RootDeployment = {
    hubChainId: hub.chainId,
    hub: addresses.hub,
    receiver: addresses.receiver,
    adapter: adapterAddress(addresses, 'fallback'),
  };
  if (check) await checkRootChains(networks, rpcUrls, deployment);
  return { config, networks, rpcUrls, deployment };
}

/** Each network answers with its chain id and has the adapter and the receiver (`DeploymentCheckError` otherwise). */
export function checkRootChains(
  networks: readonly NetworkConfig[],
  rpcUrls: Record<string, string>,
  deployment: RootDeployment,
): Promise<void> {
  return checkChains(networks, rpcUrls, () => ({ fallbackAdapter: deployment.adapter, receiver: deployment.receiver }));
}

/**
 * The member set every network's adapter runs (its rotation nonce, which must be the same
 * everywhere for one root to hold everywhere) and the latest block time among them.
 */
export async function readRootBasis(context: RootContext): Promise<{ membersNonce: number; now: number }> {
  const reads = await Promise.all(
    context.networks.map(async (network) => {
      const client = createPublicClient({
        transport: rpcHttp(networkRpcUrl(network, context.rpcUrls), { retryCount: 1 }),
      });
      const [nonce, block] = await Promise.all([
        client.readContract({
          address: context.deployment.adapter,
          abi: councilFallbackAdapterAbi,
          functionName: 'rotationNonce',
        }),
        client.getBlock(),
      ]);
      return { network, nonce, timestamp: Number(block.timestamp) };
    }),
  );
  if (new Set(reads.map((r) => r.nonce)).size > 1) {
    throw new LockstepError(
      `the council fallback members differ between networks (rotation nonces ${reads.map((r) => `${r.network.name}=${r.nonce}`).join(', ')}): rotate every network to the same set before signing one root`,
      { docsPath: '#council-roots' },
    );
  }
  return { membersNonce: Number(reads[0]?.nonce ?? 0), now: Math.max(...reads.map((r) => r.timestamp)) };
}
