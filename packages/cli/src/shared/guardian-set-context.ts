/**
 * What the `guardian-set` commands share: the config, the networks chosen with `--network`, their
 * RPC URLs (`--rpc`, else the running devnet's for local networks) and the GuardianAdapter address
 * (CREATE2: the same on every chain, read from the hub's deployment).
 */
import type { LockstepConfig, NetworkConfig } from '@lockstep/core/config';
import { adapterAddress, readDeployment } from '@lockstep/core/deploy';
import type { Address } from 'viem';
import { configFlag, rootFlag, rpcFlag } from '../flags.js';
import { checkChains } from './check-chains.js';
import { chosenNetworks, networkFlag } from './chosen-networks.js';

/** The flags of every `guardian-set` command (then its own, then `--json` and `--help`). */
export const guardianSetFlags = { ...networkFlag, ...rpcFlag, ...rootFlag, ...configFlag } as const;

export type GuardianSetContext = {
  config: LockstepConfig;
  networks: NetworkConfig[];
  rpcUrls: Record<string, string>;
  adapter: Address;
};

export async function guardianSetContext(
  options: { config?: string | undefined; network: string[]; rpc: string[]; root?: string | undefined },
  usage: string,
): Promise<GuardianSetContext> {
  const { config, networks, rpcUrls } = await chosenNetworks(options, usage);
  const hub = config.networks.find((n) => n.role === 'hub');
  const { addresses } = await readDeployment({
    network: hub?.name ?? '',
    ...(options.root ? { root: options.root } : {}),
  });
  const adapter = adapterAddress(addresses, 'guardian');
  await checkChains(networks, rpcUrls, () => ({ guardianAdapter: adapter }));
  return { config, networks, rpcUrls, adapter };
}
