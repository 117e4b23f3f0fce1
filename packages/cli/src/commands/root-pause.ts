import { readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { createPauseRoot } from '@lockstep/core/roots';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, durationSchema, listFlag, stringFlag } from '../flags.js';
import { addressSchema } from '../shared/council-context.js';
import { describeRoot } from '../shared/describe-root.js';
import { readRootBasis, rootChainFlags, rootContext, rootFileFlag } from '../shared/root-context.js';
import { newRootFilePassphrase, rootSealFlags, writeRootFileTo } from '../shared/root-file.js';

const declared = commandFlags(
  {
    ...rootFileFlag,
    'valid-for': stringFlag(durationSchema, '<dur>', 'how long the pause may be broadcast (e.g. 90d; at most 366d)'),
    target: listFlag(
      z.array(addressSchema).default([]),
      '<addr>',
      'a registered proxy to pause on every chain (repeat; default: the example vault)',
    ),
    ...rootSealFlags,
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
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep root pause <file> --valid-for <duration> [flags]', '', ...declared.help].join('\n');
    const context = await rootContext(options, usage);
    const { networks, deployment } = context;
    const { membersNonce, now } = await readRootBasis(context);
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
      membersNonce,
      now,
      description: `pre-signed pause of ${networks.map((n) => n.name).join(', ')}`,
    });
    await writeRootFileTo(options.file, document, await newRootFilePassphrase(options));
    logger.success(
      `wrote ${options.file}: ${document.leaves.length} pause leaves, valid until ${new Date(document.validUntil * 1000).toISOString()}`,
    );
    logger.result({ file: options.file, document }, () =>
      describeRoot(document, new Map(networks.map((n) => [n.chainId, n.name]))),
    );
    return 0;
  },
});
