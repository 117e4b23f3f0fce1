import { getProposalStatus } from '@lockstep/core/council';
import { z } from 'zod';
import { commonFlags, commonHelp, defineCommand } from '../command.js';
import { councilContext, councilFlags, councilHelp, councilSchemaShape, proposalIdSchema } from '../council-context.js';
import { table } from '../logger.js';

const schema = z.strictObject({ ...councilSchemaShape, proposal: proposalIdSchema });

/** `lockstep status`: where a proposal stands, from approvals to delivery on every chain. */
export const status = defineCommand({
  path: ['status'],
  summary: 'show a proposal: approvals/quorum, expiry, timelock state, messages per chain',
  help: ['    --proposal <id>   the proposal id (required)', ...councilHelp, ...commonHelp],
  flags: { ...commonFlags, ...councilFlags, proposal: { type: 'string' } },
  schema,
  async run(options, logger) {
    const context = await councilContext(options);
    const s = await getProposalStatus(context.client, {
      council: context.council,
      proposalId: options.proposal,
    });
    logger.result({ council: context.council, network: context.network, ...s }, () => {
      const lines = [
        `proposal   ${s.proposalId}`,
        `kind       ${s.kind}`,
        `status     ${s.status}${s.expired && s.status === 'pending' ? ' (expired)' : ''}`,
        `approvals  ${s.approvals} of ${s.quorum}${s.approvedBy.length ? ` (${s.approvedBy.join(', ')})` : ''}`,
        `expires    ${new Date(s.expiresAt * 1000).toISOString()}`,
      ];
      if (s.operation) {
        const ready = s.operation.readyAt
          ? `, ready at ${new Date(Number(s.operation.readyAt) * 1000).toISOString()}`
          : '';
        lines.push(`timelock   ${s.operation.state}${ready} (operation ${s.operation.id})`);
      }
      if (s.messages.length) {
        lines.push(
          '',
          table(
            ['chain', 'message', 'delivery'],
            s.messages.map((m) => [context.names.get(m.chainId) ?? String(m.chainId), m.messageId, m.state]),
          ),
        );
      }
      return lines.join('\n');
    });
    return 0;
  },
});
