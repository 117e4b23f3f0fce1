import { executeCancel, getProposalStatus, proposeCancel } from '@lockstep/core/council';
import { defineCommand } from '../command.js';
import { stringFlag } from '../flags.js';
import { councilAccount, councilContext, proposalIdSchema, signerOptions } from '../shared/council-context.js';

/**
 * `lockstep cancel`: vetoes an upgrade or rotation in two steps, like `lockstep execute`. Given the
 * upgrade or rotation, a member proposes its cancel; members approve the cancel with `lockstep
 * approve` (on chain or offline), up to the emergency threshold; given the cancel, anyone executes
 * it: the target is cancelled and its timelock operation with it.
 */
export const cancel = defineCommand({
  path: ['cancel'],
  ...signerOptions(
    {
      proposal: stringFlag(
        proposalIdSchema,
        '<id>',
        'an upgrade or rotation: propose its cancel (a council member signs);',
        'a cancel proposal: execute it once approved (anyone may)',
      ),
    },
    { keyNotes: ["(default when executing: the config's relayer key)"] },
  ),
  async run(options, logger) {
    const context = await councilContext(options);
    const id = options.proposal;
    const current = await getProposalStatus(context.client, { council: context.council, proposalId: id });
    if (current.kind === 'cancel') {
      const client = await councilAccount(context, options, 'relayer');
      logger.info(`executing cancel ${id} (${current.approvals} of ${current.quorum} approvals)`);
      const executed = await executeCancel(client, { council: context.council, cancelId: id });
      const what = executed.wasScheduled ? 'its timelock operation cancelled' : 'it was not scheduled yet';
      logger.success(`cancelled ${executed.proposalId} in ${executed.hash}; ${what}`);
      logger.result({ step: 'executed', ...executed }, () => `proposal ${executed.proposalId} cancelled (${what})`);
      return 0;
    }
    const client = await councilAccount(context, options);
    logger.info(`proposing to cancel ${current.kind} ${id} (${current.status}) as ${client.account.address}`);
    const proposed = await proposeCancel(client, { council: context.council, proposalId: id });
    const expires = new Date(proposed.expiresAt * 1000).toISOString();
    logger.success(`proposed cancel ${proposed.cancelId} in ${proposed.hash}`);
    logger.result({ step: 'proposed', council: context.council, ...proposed }, () =>
      [
        `cancel ${proposed.cancelId} (expires ${expires})`,
        `next: members approve it (\`lockstep approve --proposal ${proposed.cancelId}\`) up to the emergency threshold,`,
        `then \`lockstep cancel --proposal ${proposed.cancelId}\` executes it`,
      ].join('\n'),
    );
    return 0;
  },
});
