import { isLocalConfig, resolveKey } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { signRootRevocation, submitRootRevocation } from '@lockstep/core/roots';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, listFlag } from '../flags.js';
import { table } from '../logger.js';
import { rootChainFlags, rootContext, rootFileFlag } from '../shared/root-context.js';
import { readRootFileFrom, rootPassphraseFlags } from '../shared/root-file.js';
import { rootSenderClients, senderFlag } from '../shared/root-sender.js';

const declared = commandFlags({
  ...rootFileFlag,
  member: listFlag(
    z.array(z.coerce.number().int().min(0).max(8)).min(1),
    '<i>',
    'a member revoking with keys.fallback[i] (repeat: the emergency quorum)',
  ),
  ...rootPassphraseFlags,
  ...senderFlag,
  ...rootChainFlags,
  ...commonFlags,
});

/** `lockstep root revoke <file>`: an emergency quorum revokes the file's root on every network, set or not. */
export const rootRevoke = defineCommand({
  path: ['root', 'revoke'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep root revoke <file> --member <i> ... [flags]', '', ...declared.help].join('\n');
    const { document } = await readRootFileFrom(options);
    const { config, networks, rpcUrls, deployment } = await rootContext(options, usage);
    const allowTestMnemonic = isLocalConfig(config);
    const signatures = await Promise.all(
      options.member.map(async (i) => {
        const source = config.keys.fallback?.[i];
        if (!source) throw new LockstepError(`the config has no keys.fallback[${i}]`);
        return signRootRevocation(await resolveKey(source, process.env, { allowTestMnemonic }), document.root);
      }),
    );
    const clients = await rootSenderClients(config, networks, rpcUrls, options['sender-env']);
    const outcomes = await Promise.all(
      [...clients.values()].map(async ({ network, client }) => {
        try {
          const result = await submitRootRevocation(client, {
            adapter: deployment.adapter,
            root: document.root,
            signatures,
          });
          logger.success(`${network.name}: ${result.status}`);
          return { network: network.name, ...result };
        } catch (cause) {
          const message = cause instanceof LockstepError ? cause.shortMessage : String(cause);
          logger.fail(`${network.name}: ${message}`);
          return { network: network.name, chainId: network.chainId, status: 'failed' as const, error: message };
        }
      }),
    );
    logger.result({ root: document.root, outcomes }, () =>
      table(
        ['network', 'result'],
        outcomes.map((o) => [o.network, 'error' in o ? `failed: ${o.error}` : o.status]),
      ),
    );
    return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  },
});
