import { readGuardianSets } from '@lockstep/core/guardian';
import { networkRpcUrl } from '@lockstep/core/relay';
import { createPublicClient, http } from 'viem';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags } from '../flags.js';
import { table } from '../logger.js';
import { guardianSetContext, guardianSetFlags } from '../shared/guardian-set-context.js';

/** One network's guardian sets, as `show` prints them. */
export type GuardianSetsView = {
  network: string;
  chainId: number;
  current: { index: number; quorum: number; size: number; keys: string[] };
  /** The replaced set: valid until `expiresAt` (unix seconds) on this chain. */
  previous: { index: number; quorum: number; size: number; keys: string[]; expiresAt: number; expired: boolean } | null;
};

const declared = commandFlags({ ...guardianSetFlags, ...commonFlags });

/** `lockstep guardian-set show`: each network's current guardian set and the previous one with its expiry. */
export const guardianSetShow = defineCommand({
  path: ['guardian-set', 'show'],
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep guardian-set show [flags]', '', ...declared.help].join('\n');
    const { networks, rpcUrls, adapter } = await guardianSetContext(options, usage);
    const views = await Promise.all(
      networks.map(async (network): Promise<GuardianSetsView> => {
        const client = createPublicClient({ transport: http(networkRpcUrl(network, rpcUrls), { retryCount: 0 }) });
        const [{ current, previous }, block] = await Promise.all([
          readGuardianSets({ client, adapter }),
          client.getBlock({ blockTag: 'latest' }),
        ]);
        return {
          network: network.name,
          chainId: network.chainId,
          current: { index: current.index, quorum: current.quorum, size: current.keys.length, keys: current.keys },
          previous: previous
            ? {
                index: previous.index,
                quorum: previous.quorum,
                size: previous.keys.length,
                keys: previous.keys,
                expiresAt: previous.expiresAt,
                expired: BigInt(previous.expiresAt) <= block.timestamp,
              }
            : null,
        };
      }),
    );
    logger.result({ adapter, networks: views }, () => human(views));
    return 0;
  },
});

function human(views: readonly GuardianSetsView[]): string {
  return table(
    ['network', 'current set', 'quorum', 'previous set', 'previous valid until'],
    views.map((v) => [
      v.network,
      String(v.current.index),
      `${v.current.quorum} of ${v.current.size}`,
      v.previous ? `${v.previous.index} (${v.previous.quorum} of ${v.previous.size})` : '-',
      v.previous
        ? `${new Date(v.previous.expiresAt * 1000).toISOString()}${v.previous.expired ? ' (expired)' : ''}`
        : '-',
    ]),
  );
}
