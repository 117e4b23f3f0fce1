import { councilFallbackAdapterAbi } from '@lockstep/client';
import { readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { networkRpcUrl } from '@lockstep/core/relay';
import { createPauseRoot, writeRootFile } from '@lockstep/core/roots';
import { createPublicClient, http } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, durationSchema, listFlag, stringFlag } from '../flags.js';
import { addressSchema } from '../shared/council-context.js';
import { describeRoot } from '../shared/describe-root.js';
import { rootChainFlags, rootContext, rootFileFlag } from '../shared/root-context.js';

const declared = commandFlags(
  {
    ...rootFileFlag,
    'valid-for': stringFlag(
      durationSchema,
      '    --valid-for <dur>   how long the pause may be broadcast (e.g. 90d; at most 366d)',
    ),
    target: listFlag(
      z.array(addressSchema).default([]),
      '    --target <addr>     a registered proxy to pause on every chain (repeat; default: the example vault)',
    ),
    ...rootChainFlags,
    ...commonFlags,
  },
  {
    notesAfter: {
      target: ['    (the emergency quorum signs it next: lockstep root sign <file>)'],
    },
  },
);

/** `lockstep root pause <file>`: builds the unsigned pre-signed pause of every network. */
export const rootPause = defineCommand({
  path: ['root', 'pause'],
  positionals: ['file'],
  summary: 'build a pre-signed pause of every network: one root for the emergency quorum to sign now',
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep root pause <file> --valid-for <duration> [flags]', '', ...declared.help].join('\n');
    const { networks, rpcUrls, deployment } = await rootContext(options, usage);
    const reads = await Promise.all(
      networks.map(async (network) => {
        const client = createPublicClient({ transport: http(networkRpcUrl(network, rpcUrls), { retryCount: 1 }) });
        const [nonce, block] = await Promise.all([
          client.readContract({
            address: deployment.adapter,
            abi: councilFallbackAdapterAbi,
            functionName: 'rotationNonce',
          }),
          client.getBlock(),
        ]);
        return { network, nonce, timestamp: Number(block.timestamp) };
      }),
    );
    const nonces = new Set(reads.map((r) => r.nonce));
    if (nonces.size > 1) {
      throw new LockstepError(
        `the council fallback members differ between networks (rotation nonces ${reads.map((r) => `${r.network.name}=${r.nonce}`).join(', ')}): rotate every network to the same set before signing one root`,
        { docsPath: '#council-roots' },
      );
    }
    const now = Math.max(...reads.map((r) => r.timestamp));
    const targets = options.target;
    const chains = await Promise.all(
      networks.map(async (network) => {
        if (targets.length > 0) return { chainId: network.chainId, targets };
        const { addresses } = await readDeployment({
          network: network.name,
          ...(options.deployments ? { root: options.deployments } : {}),
        });
        if (!addresses.vault) {
          throw new LockstepError(`${network.name} has no example vault to default to: name the proxies with --target`);
        }
        return { chainId: network.chainId, targets: [addresses.vault] };
      }),
    );
    const document = createPauseRoot({
      deployment,
      chains,
      validUntil: now + options['valid-for'],
      membersNonce: Number(reads[0]?.nonce ?? 0),
      now,
      description: `pre-signed pause of ${networks.map((n) => n.name).join(', ')}`,
    });
    await writeRootFile(options.file, document);
    logger.success(
      `wrote ${options.file}: ${document.leaves.length} pause leaves, valid until ${new Date(document.validUntil * 1000).toISOString()}`,
    );
    logger.result({ file: options.file, document }, () =>
      describeRoot(document, new Map(networks.map((n) => [n.chainId, n.name]))),
    );
    return 0;
  },
});
