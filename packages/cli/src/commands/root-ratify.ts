import { LockstepError } from '@lockstep/core/errors';
import { decodeMessage, decodePayload, isConsumed, readMessageState } from '@lockstep/core/message';
import { networkRpcUrl, scanDispatched } from '@lockstep/core/relay';
import { createRatificationRoot } from '@lockstep/core/roots';
import { createPublicClient, type Hex, http } from 'viem';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, durationSchema, fromBlockSchema, stringFlag } from '../flags.js';
import { proposalIdSchema } from '../shared/council-context.js';
import { describeRoot } from '../shared/describe-root.js';
import { readRootBasis, rootChainFlags, rootContext, rootFileFlag } from '../shared/root-context.js';
import { newRootFilePassphrase, rootSealFlags, writeRootFileTo } from '../shared/root-file.js';

const declared = commandFlags({
  ...rootFileFlag,
  'valid-for': stringFlag(durationSchema, '<dur>', 'how long the leaves may be executed (e.g. 7d; at most 366d)'),
  proposal: stringFlag(
    proposalIdSchema.optional(),
    '<id>',
    'only this proposal’s upgrade messages (default: every pending hub message)',
  ),
  'from-block': stringFlag(fromBlockSchema, '<n>', 'first hub block to scan (default 0)'),
  ...rootSealFlags,
  ...rootChainFlags,
  ...commonFlags,
});

/**
 * `lockstep root ratify <file>`: the fallback ratification of dispatched hub messages as one root
 * (one ceremony for every chain instead of one per chain). Only messages final on the hub and not
 * yet consumed on their chain; the full threshold must sign, and an upgrade confirmed this way
 * still waits the fallback delay on its chain.
 */
export const rootRatify = defineCommand({
  path: ['root', 'ratify'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep root ratify <file> --valid-for <duration> [flags]', '', ...declared.help].join(
      '\n',
    );
    const context = await rootContext(options, usage);
    const { config, networks, rpcUrls, deployment } = context;
    const hub = config.networks.find((n) => n.role === 'hub');
    if (!hub) throw new LockstepError('the config has no hub network');
    const hubClient = createPublicClient({ transport: http(networkRpcUrl(hub, rpcUrls), { retryCount: 1 }) });
    const { messages } = await scanDispatched({
      client: hubClient,
      hub: deployment.hub,
      fromBlock: options['from-block'],
      // SECURITY: never ratify a dispatch the hub could still reorg away.
      confirmations: hub.finalityDepth,
    });
    const chosen: Hex[] = [];
    for (const outbox of messages) {
      const message = decodeMessage(outbox.encoded);
      const network = networks.find((n) => BigInt(n.chainId) === message.dstChainId);
      if (!network) continue;
      const payload = decodePayload(message.payload);
      if (options.proposal && (payload.kind !== 'upgrade' || payload.proposalId !== options.proposal)) continue;
      const client = createPublicClient({ transport: http(networkRpcUrl(network, rpcUrls), { retryCount: 1 }) });
      const state = await readMessageState(client, deployment.receiver, outbox.messageId);
      if (!isConsumed(state.status)) chosen.push(outbox.encoded);
    }
    if (chosen.length === 0) {
      throw new LockstepError(
        `no final, unconsumed hub message${options.proposal ? ` of proposal ${options.proposal}` : ''} for ${networks.map((n) => n.name).join(', ')}: nothing to ratify`,
        { docsPath: '#council-roots' },
      );
    }
    const { membersNonce, now } = await readRootBasis(context);
    const document = createRatificationRoot({
      deployment,
      messages: chosen,
      validUntil: now + options['valid-for'],
      membersNonce,
      now,
      ...(options.proposal ? { description: `fallback ratification of proposal ${options.proposal}` } : {}),
    });
    await writeRootFileTo(options.file, document, await newRootFilePassphrase(options));
    logger.success(`wrote ${options.file}: ${document.leaves.length} message(s) to ratify; the threshold must sign`);
    logger.result({ file: options.file, document }, () =>
      describeRoot(document, new Map(networks.map((n) => [n.chainId, n.name]))),
    );
    return 0;
  },
});
