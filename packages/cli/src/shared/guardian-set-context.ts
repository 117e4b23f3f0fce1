/**
 * What the `guardian-set` commands share: the config, the networks chosen with `--network`, their
 * RPC URLs (`--rpc`, else the running devnet's for local networks) and the GuardianAdapter address
 * (CREATE2: the same on every chain, read from the hub's deployment).
 */
import { type LockstepConfig, loadConfig, type NetworkConfig } from '@lockstep/core/config';
import { adapterAddress, readDeployment } from '@lockstep/core/deploy';
import type { Address } from 'viem';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { configFlag, listFlag, rootFlag, rpcFlag } from '../flags.js';
import { checkChains } from './check-chains.js';
import { resolveRpcUrls } from './rpc-urls.js';

/** The flags of every `guardian-set` command (then its own, then `--json` and `--help`). */
export const guardianSetFlags = {
  network: listFlag(
    z.array(z.string().min(1)).default([]),
    '<name>',
    'only this network (repeat; default: every network of the config)',
  ),
  ...rpcFlag,
  ...rootFlag,
  ...configFlag,
} as const;

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
  const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
  const unknown = options.network.filter((name) => !config.networks.some((n) => n.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--network: ${unknown.join(', ')} is not a network of the config (${config.networks.map((n) => n.name).join(', ')})`,
      { usage },
    );
  }
  const networks =
    options.network.length === 0 ? config.networks : config.networks.filter((n) => options.network.includes(n.name));
  const rpcUrls = await resolveRpcUrls(config, options.rpc);
  const hub = config.networks.find((n) => n.role === 'hub');
  const { addresses } = await readDeployment({
    network: hub?.name ?? '',
    ...(options.root ? { root: options.root } : {}),
  });
  const adapter = adapterAddress(addresses, 'guardian');
  await checkChains(networks, rpcUrls, () => ({ guardianAdapter: adapter }));
  return { config, networks, rpcUrls, adapter };
}
