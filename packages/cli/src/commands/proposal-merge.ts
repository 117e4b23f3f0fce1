import { mergeProposals, readProposalFile } from '@lockstep/core/proposal';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, flag, positional, stringFlag } from '../flags.js';
import { councilFlags } from '../shared/council-context.js';
import { gateProposalFile, overrideFlag, proposalCouncilContext } from '../shared/proposal-file.js';
import { summarizeProposal } from '../shared/proposal-summary.js';

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 32 bytes of hex');

/**
 * `lockstep proposal merge <a> <b> -o <c>`: two drafts into one ceremony (one proposal, one
 * approval round, one activation time). The gates run again over the merged actions and the
 * activation plan is read again for all their chains; the merged draft is written even when a
 * gate failed (exit 1), for review.
 */
export const proposalMerge = defineCommand({
  path: ['proposal', 'merge'],
  positionals: ['a', 'b'],
  ...commandFlags({
    a: positional(z.string().min(1), 'the first draft (its actions come first)'),
    b: positional(z.string().min(1), 'the second draft'),
    out: flag({ type: 'string', short: 'o' }, z.string().min(1), '<file>', 'the merged draft to write'),
    title: stringFlag(z.string().min(1).max(200).optional(), '<text>', 'its title (default: both titles)'),
    'audit-hash': stringFlag(
      hex32.optional(),
      '<h>',
      'the audit report covering both (needed when the drafts name different ones)',
    ),
    'audit-uri': stringFlag(z.string().max(512).optional(), '<u>', "where it is (default: both drafts' URIs)"),
    ...overrideFlag,
    ...councilFlags,
    ...commonFlags,
  }),
  async run(options, logger) {
    const [a, b] = await Promise.all([readProposalFile(options.a), readProposalFile(options.b)]);
    const hash = options['audit-hash'] as `0x${string}` | undefined;
    const merged = mergeProposals(a, b, {
      ...(options.title === undefined ? {} : { title: options.title }),
      ...(hash === undefined
        ? {}
        : { audit: { hash, ...(options['audit-uri'] === undefined ? {} : { uri: options['audit-uri'] }) } }),
    });
    const context = await proposalCouncilContext(options, merged);
    const gated = await gateProposalFile(context, merged, { path: options.out, overrides: options.override, logger });
    logger.success(
      `wrote the merged draft ${options.out} — review it, then \`lockstep propose --file ${options.out}\``,
    );
    logger.result({ file: options.out, document: gated }, () => summarizeProposal(gated));
    return 0;
  },
});
