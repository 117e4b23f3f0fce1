/**
 * A read client of a proposal file's hub (its council's chain): `--rpc-url`, else the config's
 * network with that chain id (its `rpc`, or the running devnet's for a local network).
 */
import { loadConfig } from '@lockstep/core/config';
import { readDevnet } from '@lockstep/core/devnet';
import { LockstepError } from '@lockstep/core/errors';
import type { ProposalDocument } from '@lockstep/core/proposal';
import { createPublicClient, http, type PublicClient } from 'viem';
import { z } from 'zod';
import { configFlag, stringFlag } from '../flags.js';

export const proposalHubFlags = {
  'rpc-url': stringFlag(
    z.url().optional(),
    '<url>',
    "the hub's RPC (default: the config's network of the proposal's council chain, or the running devnet's)",
  ),
  ...configFlag,
} as const;

export async function proposalHubClient(
  document: ProposalDocument,
  options: { 'rpc-url'?: string | undefined; config?: string | undefined },
): Promise<PublicClient> {
  let url = options['rpc-url'];
  if (!url) {
    const { chainId } = document.council;
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const network = config.networks.find((n) => n.chainId === chainId);
    url =
      typeof network?.rpc === 'string'
        ? network.rpc
        : (await readDevnet())?.chains.find((c) => c.name === network?.name)?.rpcUrl;
    if (!url) {
      throw new LockstepError(
        `no RPC for the proposal's hub (chain ${chainId}): pass --rpc-url, or run where the config (or the devnet) has it`,
      );
    }
  }
  return createPublicClient({ transport: http(url, { retryCount: 1 }) });
}
