import { type CouncilLiveness, getCouncilLiveness, getProposalStatus } from '@lockstep/core/council';
import { readDeployment } from '@lockstep/core/deploy';
import { createPublicClient, http } from 'viem';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, stringFlag } from '../flags.js';
import { type Logger, table } from '../logger.js';
import { type CouncilContext, councilContext, councilFlags, proposalIdSchema } from '../shared/council-context.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const DAY = 86_400;

/**
 * `lockstep status`: the council's liveness (when its seats run out), and with `--proposal`, where a
 * proposal stands, from approvals to delivery on every chain.
 */
export const status = defineCommand({
  path: ['status'],
  ...commandFlags(
    {
      proposal: stringFlag(
        proposalIdSchema.optional(),
        '<id>',
        'a proposal id: approvals/quorum, expiry, timelock state, messages per chain',
        '(without it: the council alone)',
      ),
      ...councilFlags,
      ...commonFlags,
    },
    {
      notesAfter: {
        proposal: [
          '    (warns when fewer than threshold seats will remain active within 90 days; --json carries',
          '     the horizon and every member’s term end under council)',
        ],
      },
    },
  ),
  async run(options, logger) {
    const context = await councilContext(options);
    const [liveness, proposal] = await Promise.all([
      getCouncilLiveness(context.client, { council: context.council }),
      options.proposal === undefined
        ? undefined
        : getProposalStatus(context.client, {
            council: context.council,
            proposalId: options.proposal,
            ...(await receivers(context)),
          }),
    ]);
    const warning = livenessWarning(liveness);
    reportLiveness(logger, liveness, warning);
    const council = { ...liveness, warning: warning ?? null };
    logger.result({ council: context.council, network: context.network, ...(proposal ?? {}), liveness: council }, () =>
      [...(proposal ? [...proposalLines(proposal, context), ''] : []), ...livenessLines(liveness)].join('\n'),
    );
    return 0;
  },
});

/**
 * The receiver and a client per chain with a known RPC, so each message's state comes from its
 * destination too (not only from the hub's reporter-written record).
 */
async function receivers(context: CouncilContext) {
  const { addresses } = await readDeployment({ network: context.network });
  if (!addresses.receiver) return {};
  const clients = Object.fromEntries(
    Object.entries(context.rpcUrls).map(([chainId, url]) => [
      Number(chainId),
      createPublicClient({ transport: http(url, { retryCount: 0, timeout: 5000 }) }),
    ]),
  );
  return { receivers: { receiver: addresses.receiver, clients } };
}

/** The warning for a horizon within 90 days or passed; `undefined` when the council is fine. */
export function livenessWarning(liveness: CouncilLiveness): string | undefined {
  if (liveness.level === 'ok') return undefined;
  const date = iso(liveness.horizon);
  const fix = `propose a council rotation (new members with staggered term ends: SecurityCouncil.proposeRotation), approve it with \`lockstep approve\` and run it with \`lockstep execute\``;
  if (liveness.level === 'error') {
    return `the council is STUCK: since ${date} fewer than ${liveness.threshold} of its ${liveness.seats.length} seats are active, so nothing that needs the threshold (upgrades, rotations, config changes, unpauses) can pass — only a redeployment of the council can restore it`;
  }
  const days = Math.floor(liveness.secondsLeft / DAY);
  return `the council's seats run out on ${date} (in ${days} day(s)): after that fewer than ${liveness.threshold} seats are active and it can no longer rotate itself — ${fix} before ${date}`;
}

function reportLiveness(logger: Logger, liveness: CouncilLiveness, warning: string | undefined): void {
  if (!warning) return;
  if (liveness.level === 'error') logger.fail(warning);
  else logger.warn(warning);
}

function livenessLines(liveness: CouncilLiveness): string[] {
  const left = Math.floor(liveness.secondsLeft / DAY);
  const when = liveness.level === 'error' ? `PASSED ${-left} day(s) ago` : `in ${left} day(s)`;
  return [
    `council    ${liveness.seats.filter((s) => s.active).length} of ${liveness.seats.length} seats active, threshold ${liveness.threshold} (member set v${liveness.membersVersion})`,
    `horizon    ${iso(liveness.horizon)} (${when}${liveness.level === 'warning' ? ', ROTATE SOON' : ''})`,
    table(
      ['member', 'term ends', 'active'],
      [...liveness.seats]
        .sort((a, b) => a.termEnd - b.termEnd)
        .map((s) => [s.member, iso(s.termEnd), s.active ? 'yes' : 'no']),
    ),
  ];
}

function proposalLines(s: Awaited<ReturnType<typeof getProposalStatus>>, context: CouncilContext): string[] {
  const lines = [
    `proposal   ${s.proposalId}`,
    `kind       ${s.kind}`,
    `status     ${s.status}${s.expired && s.status === 'pending' ? ' (expired)' : ''}${s.status !== s.councilStatus ? ` (by the timelock; the council records ${s.councilStatus})` : ''}`,
    ...(s.messages.length ? [`executed   ${s.allExecuted ? 'on every chain' : 'not on every chain yet'}`] : []),
    `approvals  ${s.approvals} of ${s.quorum}${s.approvedBy.length ? ` (${s.approvedBy.join(', ')})` : ''}`,
    `expires    ${iso(s.expiresAt)}`,
  ];
  if (s.operation) {
    const ready = s.operation.readyAt ? `, ready at ${iso(Number(s.operation.readyAt))}` : '';
    lines.push(`timelock   ${s.operation.state}${ready} (operation ${s.operation.id})`);
  }
  if (s.messages.length) {
    lines.push(
      '',
      table(
        ['chain', 'message', 'delivery', 'hub record', 'receiver'],
        s.messages.map((m) => [
          context.names.get(m.chainId) ?? String(m.chainId),
          m.messageId,
          m.state,
          m.hubState,
          m.receiverStatus ?? (m.receiverError ? `unreadable (${m.receiverError})` : '-'),
        ]),
      ),
    );
  }
  return lines;
}
