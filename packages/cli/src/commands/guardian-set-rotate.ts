import { isLocalConfig, resolveKey } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { readGuardianSets, rotateGuardianSet, signRotation } from '@lockstep/core/guardian';
import { createNetworkClients, withNonceManager } from '@lockstep/core/relay';
import { type Address, getAddress, type Hex, isAddress } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { guardianSetContext, guardianSetFlags } from '../shared/guardian-set-context.js';

const keyList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((key) => key.trim()))
  .refine((keys) => keys.every((key) => isAddress(key, { strict: false })), 'expected comma-separated 0x addresses')
  // The adapter wants the keys strictly ascending: sort them; duplicates are still refused.
  .transform((keys) => keys.map((key) => getAddress(key)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));

const declared = commandFlags(
  {
    keys: stringFlag(keyList, '<a,b,...>', 'the new guardian set (addresses, any order; sorted by address)'),
    quorum: stringFlag(z.coerce.number().int().min(1), '<n>', 'signatures the new set needs (a strict majority of it)'),
    ...guardianSetFlags,
    ...commonFlags,
  },
  {
    notesAfter: {
      quorum: ['    (signed by the config’s keys.guardians, members of the current set; sent by keys.relayer)'],
    },
  },
);

type Rotation =
  | {
      network: string;
      chainId: number;
      status: 'rotated';
      newIndex: number;
      transactionHash: Hex;
      blockNumber: bigint;
      previousSetExpiresAt: number;
    }
  | { network: string; chainId: number; status: 'failed'; error: { name: string; message: string } };

/** `lockstep guardian-set rotate`: replace the guardian set on every network (or `--network`). */
export const guardianSetRotate = defineCommand({
  path: ['guardian-set', 'rotate'],
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep guardian-set rotate [flags]', '', ...declared.help].join('\n');
    const { config, networks, rpcUrls, adapter } = await guardianSetContext(options, usage);
    const allowTestMnemonic = isLocalConfig(config);
    const senderKey = config.keys.relayer;
    if (!senderKey) throw new LockstepError('the config names no relayer key (keys.relayer)', { docsPath: '#keys' });
    const guardianKeys = config.keys.guardians ?? [];
    if (guardianKeys.length === 0) {
      throw new LockstepError('the config names no guardian keys (keys.guardians) to sign the rotation', {
        docsPath: '#keys',
      });
    }
    const sender = withNonceManager(await resolveKey(senderKey, process.env, { allowTestMnemonic }));
    const guardians = await Promise.all(
      guardianKeys.map((source) => resolveKey(source, process.env, { allowTestMnemonic })),
    );
    const clients = createNetworkClients({ networks }, sender, rpcUrls);
    const rotations = await Promise.all(
      [...clients.values()].map(async ({ network, client }): Promise<Rotation> => {
        const chainId = network.chainId;
        try {
          const { current } = await readGuardianSets({ client, adapter });
          const typed = {
            adapter,
            chainId,
            newIndex: current.index + 1,
            newKeys: options.keys,
            newQuorum: options.quorum,
          };
          const signatures = await Promise.all(guardians.map((account) => signRotation({ account, ...typed })));
          const rotated = await rotateGuardianSet({
            client,
            adapter,
            newKeys: options.keys,
            newQuorum: options.quorum,
            signatures,
          });
          logger.success(`${network.name}: guardian set ${rotated.newIndex} is current (${rotated.transactionHash})`);
          return { network: network.name, chainId, status: 'rotated', ...rotated };
        } catch (cause) {
          const error = cause instanceof Error ? cause : new LockstepError(String(cause));
          const message = error instanceof LockstepError ? error.shortMessage : error.message;
          logger.fail(`${network.name}: ${message}`);
          return { network: network.name, chainId, status: 'failed', error: { name: error.name, message } };
        }
      }),
    );
    logger.result({ adapter, keys: options.keys, quorum: options.quorum, rotations }, () =>
      human(rotations, options.keys),
    );
    return rotations.some((r) => r.status === 'failed') ? 1 : 0;
  },
});

function human(rotations: readonly Rotation[], keys: readonly Address[]): string {
  const rows = rotations.map((r) =>
    r.status === 'rotated'
      ? [
          r.network,
          `set ${r.newIndex}`,
          `previous set valid until ${new Date(r.previousSetExpiresAt * 1000).toISOString()}`,
        ]
      : [r.network, 'failed', r.error.message],
  );
  return `${table(['network', 'result', ''], rows)}\nnew set: ${keys.length} keys — update guardians (and keys.guardians) in the config`;
}
