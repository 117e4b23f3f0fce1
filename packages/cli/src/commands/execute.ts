import { executeProposal, getProposalStatus, scheduleProposal } from '@lockstep/core/council';
import { defineCommand } from '../command.js';
import { stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { councilAccount, councilContext, proposalIdSchema, signerOptions } from '../shared/council-context.js';

/**
 * `lockstep execute`: takes a proposal one step further. A pending proposal with its quorum is
 * scheduled on the timelock; a scheduled one whose delay has passed is executed, and the hub's
 * messages (one per chain) are printed.
 */
export const execute = defineCommand({
  path: ['execute'],
  ...signerOptions(
    { proposal: stringFlag(proposalIdSchema, '<id>', 'the proposal id (required)') },
    { keyNotes: ["(default: the config's relayer key; anyone may schedule and execute)"] },
  ),
  async run(options, logger) {
    const context = await councilContext(options);
    const proposalId = options.proposal;
    const client = await councilAccount(context, options, 'relayer');
    const current = await getProposalStatus(context.client, { council: context.council, proposalId });
    if (current.status === 'pending') {
      const scheduled = await scheduleProposal(client, { council: context.council, proposalId });
      const readyAt = new Date(Number(scheduled.readyAt) * 1000).toISOString();
      logger.success(`scheduled ${proposalId} on the timelock in ${scheduled.hash}`);
      logger.result(
        { step: 'scheduled', ...scheduled },
        () => `scheduled; executable from ${readyAt} (run \`lockstep execute\` again then)`,
      );
      return 0;
    }
    const executed = await executeProposal(client, { council: context.council, proposalId });
    logger.success(`executed ${proposalId} in ${executed.hash}: ${executed.messages.length} message(s) dispatched`);
    logger.result({ step: 'executed', ...executed }, () =>
      table(
        ['chain', 'message', 'kind', 'activation', 'actions'],
        executed.messages.map((m) => [
          context.names.get(m.chainId) ?? String(m.chainId),
          m.messageId,
          m.kind,
          m.activationTime === undefined ? '-' : new Date(m.activationTime * 1000).toISOString(),
          String(m.actions?.length ?? m.targets?.length ?? 0),
        ]),
      ),
    );
    return 0;
  },
});
