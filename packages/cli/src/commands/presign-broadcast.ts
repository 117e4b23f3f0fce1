import { broadcastBundle, type ChainBroadcast, readBundle } from '@lockstep/core/presign';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { confirm, yesFlag } from '../shared/confirm.js';
import { bundlePassphrase, bundlePassphraseFlags, chainFlags, iso, presignChains } from '../shared/presign.js';
import { bundledPreview, describePreview } from '../shared/presign-preview.js';

/**
 * `lockstep presign broadcast`: shows every chain's transaction (decoded from its signed bytes) and
 * asks for confirmation (`--yes` skips it; required without a terminal); then, at the bundle's
 * not-before time (or now, when it has passed), sends them and waits for each receipt. A chain that fails is reported and does not
 * stop the others; exits 1 when any chain is not included.
 */
export const presignBroadcast = defineCommand({
  path: ['presign', 'broadcast'],
  ...commandFlags({
    bundle: stringFlag(z.string().min(1), '<file>', 'the bundle `presign create` wrote (required)'),
    ...bundlePassphraseFlags,
    ...yesFlag,
    'receipt-timeout': stringFlag(
      z.coerce.number().int().min(1).default(120),
      '<s>',
      'how long to wait for each receipt (default: 120)',
    ),
    ...chainFlags,
    ...commonFlags,
  }),
  async run(options, logger) {
    const chains = await presignChains(options);
    const bundle = await readBundle(options.bundle, await bundlePassphrase(options));
    const count = Object.keys(bundle.chains).length;
    const report = await broadcastBundle({
      ...chains,
      bundle,
      receiptTimeoutMs: options['receipt-timeout'] * 1000,
      onProgress: ({ network, step }) => logger.info(network ? `${network}: ${step}` : step),
      beforeSend: async () => {
        const heading = `You are about to send ${count} transaction(s) of ${options.bundle} (${bundle.proposal}, signed by ${bundle.signer}), not before ${iso(bundle.notBefore)}, valid until ${iso(bundle.expiresAt)}:`;
        logger.info(describePreview(heading, await Promise.all(Object.values(bundle.chains).map(bundledPreview))));
        await confirm({
          yes: options.yes,
          action: 'send',
          question: `Send them? Type "yes" to send: `,
          declined: 'nothing sent: the broadcast was not confirmed',
        });
      },
    });
    for (const c of report.chains) {
      if (c.status === 'included' || c.status === 'already-included') logger.success(`${c.network}: ${line(c)}`);
      else logger.fail(`${c.network}: ${line(c)}`);
    }
    const failed = report.chains.filter((c) => c.status === 'failed' || c.status === 'reverted');
    if (failed.length > 0) {
      logger.warn(
        `${failed.length} of ${count} chain(s) not upgraded (${failed.map((c) => c.network).join(', ')}); the others are — act on the reasons above`,
      );
    }
    logger.result({ proposal: bundle.proposal, signer: bundle.signer, ok: report.ok, chains: report.chains }, () =>
      table(
        ['chain', 'status', 'transaction', 'detail'],
        report.chains.map((c) => [`${c.network} (${c.chainId})`, c.status, c.hash, line(c)]),
      ),
    );
    return report.ok ? 0 : 1;
  },
});

function line(c: ChainBroadcast): string {
  if (c.status === 'included') return `included in block ${c.blockNumber} (gas used ${c.gasUsed})`;
  if (c.status === 'already-included') return `already included in block ${c.blockNumber}; nothing sent`;
  if (c.status === 'reverted') return `REVERTED in block ${c.blockNumber}: ${c.reason}`;
  return `${c.sent ? 'sent, ' : ''}FAILED: ${c.reason}`;
}
