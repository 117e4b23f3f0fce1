/**
 * The networks a command acts on: the config's, or those named with `--network` (an unknown name is
 * a usage error, exit 2), with their RPC URLs (`--rpc`, else the running devnet's for local networks).
 */
import { type LockstepConfig, loadConfig, type NetworkConfig } from '@lockstep/core/config';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { listFlag } from '../flags.js';
import { resolveRpcUrls } from './rpc-urls.js';

/** `--network <name>`, repeatable. */
export const networkFlag = {
  network: listFlag(
    z.array(z.string().min(1)).default([]),
    '<name>',
    'only this network (repeat; default: every network of the config)',
  ),
} as const;

export type ChosenNetworks = { config: LockstepConfig; networks: NetworkConfig[]; rpcUrls: Record<string, string> };

/** Loads the config and picks the `--network` networks (all without one), with their RPC URLs. */
export async function chosenNetworks(
  options: { config?: string | undefined; network: readonly string[]; rpc: readonly string[] },
  usage: string,
): Promise<ChosenNetworks> {
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
  return { config, networks, rpcUrls: await resolveRpcUrls(config, options.rpc) };
}
