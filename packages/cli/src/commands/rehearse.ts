import { loadConfig } from '@lockstep/core/config';
import { readProposalFile } from '@lockstep/core/proposal';
import { rehearseProposal } from '@lockstep/core/rehearse';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { booleanFlag, commandFlags, commonFlags, configFlag, positional, rpcFlag } from '../flags.js';
import { describeRehearsal } from '../shared/rehearsal-report.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

/**
 * `lockstep rehearse <proposal-file>`: runs the file, signatures included, on forks of its hub and
 * every target chain through the real path, and prints each chain's decoded storage changes.
 * Exits 1 when a change is unexpected or a proxy does not run the approved code afterwards.
 */
export const rehearse = defineCommand({
  path: ['rehearse'],
  positionals: ['file'],
  ...commandFlags(
    {
      file: positional(z.string().min(1), 'the proposal file (a draft, or submitted and signed)'),
      'impersonate-missing': booleanFlag(
        z.boolean().default(false),
        'impersonate the council members whose signatures the file lacks',
        '(the rehearsal is then marked as not using the real signatures)',
      ),
      ...rpcFlag,
      ...configFlag,
      ...commonFlags,
    },
    {
      epilogue: [
        '',
        'Every transaction goes to a local anvil forked from the network’s RPC, never to the chain.',
        'On the forks the guardians’ set commitment is replaced by rehearsal keys (their keys are not ours).',
      ],
    },
  ),
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const document = await readProposalFile(options.file);
    const report = await rehearseProposal({
      document,
      networks: config.networks,
      rpcUrls: await resolveRpcUrls(config, options.rpc),
      impersonateMissing: options['impersonate-missing'],
      onProgress: ({ network, step }) => logger.info(network ? `${network}: ${step}` : step),
    });
    if (!report.approvals.realSignatures) {
      logger.warn(`${report.approvals.impersonated.length} approval(s) impersonated: not the real signatures`);
    }
    if (report.ok) logger.success(`rehearsal passed in ${(report.durationMs / 1000).toFixed(1)} s`);
    else
      logger.fail(
        `rehearsal failed: ${report.unexpected.length} unexpected change(s), ${report.failedChecks.length} failed check(s)`,
      );
    logger.result({ file: options.file, title: document.title, ...report }, () => describeRehearsal(report));
    return report.ok ? 0 : 1;
  },
});
