import { writeFile } from 'node:fs/promises';
import { readProposalFile, renderAnnouncement } from '@lockstep/core/proposal';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, flag, stringFlag } from '../flags.js';
import { proposalFileFlag } from '../shared/proposal-file.js';

const unixOrIso = z
  .string()
  .transform((value, ctx) => {
    const unix = /^\d+$/.test(value) ? Number(value) : Date.parse(value) / 1000;
    if (!Number.isFinite(unix)) {
      ctx.addIssue({ code: 'custom', message: 'expected unix seconds or an ISO date (2026-12-24T12:00:00Z)' });
      return z.NEVER;
    }
    return Math.floor(unix);
  })
  .optional();

/**
 * `lockstep proposal announce <file>`: the notice for node operators and integrators (markdown),
 * from the proposal file alone: chains, activation time (UTC, and a block estimate per chain),
 * addresses, codehashes, audit reference, safety gates and rollback plan.
 */
export const proposalAnnounce = defineCommand({
  path: ['proposal', 'announce'],
  positionals: ['file'],
  ...commandFlags({
    ...proposalFileFlag,
    out: flag(
      { type: 'string', short: 'o' },
      z.string().min(1).optional(),
      '<file>',
      'write it here (default: stdout)',
    ),
    'activation-at': stringFlag(
      unixOrIso,
      '<time>',
      "the activation time once known (unix seconds or ISO; default: the plan's earliest)",
    ),
    ...commonFlags,
  }),
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    const markdown = renderAnnouncement(
      document,
      options['activation-at'] === undefined ? {} : { activationAt: options['activation-at'] },
    );
    if (options.out !== undefined) {
      await writeFile(options.out, markdown);
      logger.success(`wrote the notice to ${options.out}`);
    }
    logger.result({ file: options.file, ...(options.out ? { out: options.out } : {}), markdown }, () =>
      options.out === undefined ? markdown.trimEnd() : `notice: ${options.out}`,
    );
    return 0;
  },
});
