import { LockstepError } from '@lockstep/core/errors';
import { type SubmitRootReturnType, submitRoot } from '@lockstep/core/roots';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags } from '../flags.js';
import { table } from '../logger.js';
import { checkRootChains, rootChainFlags, rootContext, rootFileFlag } from '../shared/root-context.js';
import { readRootFileFrom, rootPassphraseFlags } from '../shared/root-file.js';
import { rootSenderClients, senderFlag } from '../shared/root-sender.js';

const declared = commandFlags({
  ...rootFileFlag,
  ...rootPassphraseFlags,
  ...senderFlag,
  ...rootChainFlags,
  ...commonFlags,
});

type ChainOutcome =
  | ({ network: string; status: 'done' } & SubmitRootReturnType)
  | { network: string; chainId: number; status: 'failed'; error: { name: string; message: string } };

/**
 * `lockstep root submit <file>`: on every network at once, sets the root (once) and executes that
 * network's leaves (each once). One network's failure is reported and does not stop the others.
 */
export const rootSubmit = defineCommand({
  path: ['root', 'submit'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep root submit <file> [flags]', '', ...declared.help].join('\n');
    const { document } = await readRootFileFrom(options);
    const { config, networks, rpcUrls, deployment } = await rootContext(options, usage, { check: false });
    const withLeaves = networks.filter((n) => document.leaves.some((l) => l.chainId === n.chainId));
    // Leaves for chains the config does not know are reported, never silently dropped.
    const unknown =
      options.network.length > 0
        ? []
        : [...new Set(document.leaves.map((l) => l.chainId))].filter(
            (chainId) => !config.networks.some((n) => n.chainId === chainId),
          );
    if (withLeaves.length === 0) {
      throw new LockstepError(`the root has no leaf for ${networks.map((n) => n.name).join(', ')}`, {
        docsPath: '#council-roots',
      });
    }
    const clients = await rootSenderClients(config, withLeaves, rpcUrls, options['sender-env']);
    logger.info(`broadcasting to ${withLeaves.map((n) => n.name).join(', ')}`);
    const outcomes = await Promise.all(
      [...clients.values()].map(async ({ network, client }): Promise<ChainOutcome> => {
        try {
          await checkRootChains([network], rpcUrls, deployment);
          const result = await submitRoot(client, { document, receiver: deployment.receiver });
          const executed = result.leaves.filter((l) => l.status === 'executed').length;
          logger.success(`${network.name}: root ${result.setRoot.status}, ${executed} leaf(s) executed`);
          return { network: network.name, status: 'done', ...result };
        } catch (cause) {
          const error = cause instanceof Error ? cause : new LockstepError(String(cause));
          const message = error instanceof LockstepError ? error.shortMessage : error.message;
          logger.fail(`${network.name}: ${message}`);
          return {
            network: network.name,
            chainId: network.chainId,
            status: 'failed',
            error: { name: error.name, message },
          };
        }
      }),
    );
    for (const chainId of unknown) {
      const message = `chain ${chainId} has leaves in the root but is not a network of the config: add it (name, chainId, rpc) to broadcast there`;
      logger.fail(message);
      outcomes.push({
        network: `chain ${chainId}`,
        chainId,
        status: 'failed',
        error: { name: 'LockstepError', message },
      });
    }
    const times = outcomes.flatMap((o) =>
      o.status === 'done' ? o.leaves.flatMap((l) => (l.status === 'executed' ? [l.blockTimestamp] : [])) : [],
    );
    const spread = times.length > 0 ? Math.max(...times) - Math.min(...times) : null;
    logger.result({ file: options.file, root: document.root, spreadSeconds: spread, outcomes }, () =>
      human(outcomes, spread),
    );
    return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  },
});

function human(outcomes: readonly ChainOutcome[], spread: number | null): string {
  const rows = outcomes.map((o) => {
    if (o.status === 'failed') return [o.network, 'failed', o.error.message];
    const leaves = o.leaves
      .map((l) =>
        l.status === 'executed' ? `executed in block ${l.blockNumber} (${l.receiverStatus})` : `skipped: ${l.reason}`,
      )
      .join('; ');
    return [o.network, `root ${o.setRoot.status}`, leaves];
  });
  const footer = spread === null ? '' : `\nevery executed leaf landed within ${spread} s of the others`;
  return `${table(['network', 'root', 'leaves'], rows)}${footer}`;
}
