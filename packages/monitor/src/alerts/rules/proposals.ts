/**
 * Proposal rules, per proposal and target chain.
 * - `activation-missed`: the activation time (plus the grace: the monitor's, else one block time of
 *   the chain) passed and the chain has not executed (nor cancelled, nor expired) the proposal.
 * - `delivery-late`: the message was dispatched and is still not delivered once its margin passed:
 *   core's `detectUnacknowledged`, the deadline rule the drill's delivery alert uses.
 */
import type { NetworkConfig } from '@lockstep/core/config';
import { detectUnacknowledged } from '@lockstep/core/detect';
import type { AlertCondition, Stage } from '../../model.js';
import { alertKey, SEVERITY } from '../kinds.js';
import type { Rule, RuleContext } from './types.js';

const SETTLED: readonly Stage[] = ['executed', 'cancelled', 'expired'];
/** Stages of a dispatched message not yet delivered to its chain. */
const IN_FLIGHT: readonly Stage[] = ['dispatched', 'attested'];

/** The block time assumed for a remote network (the config has none): one Ethereum slot, the slowest usual chain. */
export const DEFAULT_REMOTE_BLOCK_SECONDS = 12;

/**
 * Seconds after the activation time `network` may still execute before `activation-missed`: the
 * monitor's grace, else one block time (the chain executes in its first block at or after the
 * activation time, so until that block could have come, not having executed is not a miss).
 */
export function activationGraceOf(context: RuleContext, network: NetworkConfig): number {
  if (context.thresholds.activationGraceSeconds !== undefined) return context.thresholds.activationGraceSeconds;
  return typeof network.rpc === 'string' ? DEFAULT_REMOTE_BLOCK_SECONDS : network.rpc.blockTime;
}

export const activationMissed: Rule = (context) => {
  const now = context.snapshot.takenAt;
  return context.snapshot.proposals.flatMap((proposal) => {
    const { activationTime } = proposal;
    if (activationTime === undefined) return [];
    return proposal.chains.flatMap((c): AlertCondition[] => {
      const network = context.networks.find((n) => n.name === c.chain);
      if (!network || SETTLED.includes(c.stage)) return [];
      const grace = activationGraceOf(context, network);
      if (now < activationTime + grace) return [];
      return [
        {
          key: alertKey('activation-missed', proposal.id, c.chain),
          kind: 'activation-missed',
          severity: SEVERITY['activation-missed'],
          chain: c.chain,
          proposalId: proposal.id,
          message: `${c.chain} has not executed proposal ${proposal.id.slice(0, 10)}… ${Math.round(now - activationTime)} s after its activation time (stage: ${c.stage})`,
          detail: { chainId: c.chainId, activationTime, stage: c.stage, graceSeconds: grace },
        },
      ];
    });
  });
};

export const deliveryLate: Rule = (context) => {
  const now = context.snapshot.takenAt;
  return context.snapshot.proposals.flatMap((proposal) =>
    proposal.chains.flatMap((c): AlertCondition[] => {
      const network = context.networks.find((n) => n.name === c.chain);
      const dispatched = c.history.find((entry) => entry.stage === 'dispatched');
      if (!network || !dispatched || !IN_FLIGHT.includes(c.stage) || !c.messageId) return [];
      const margin = context.thresholds.deliveryMarginSeconds ?? proposal.deliveryMargin ?? network.deliveryMargin;
      const [late] = detectUnacknowledged({
        dispatchedAt: dispatched.at,
        now,
        timeoutSeconds: margin,
        messages: [{ chain: c.chain, messageId: c.messageId, hubState: 'Dispatched' }],
      });
      if (!late) return [];
      return [
        {
          key: alertKey('delivery-late', proposal.id, c.chain),
          kind: 'delivery-late',
          severity: SEVERITY['delivery-late'],
          chain: c.chain,
          proposalId: proposal.id,
          message: `${late.message}; stage: ${c.stage}`,
          detail: {
            chainId: c.chainId,
            messageId: c.messageId,
            dispatchedAt: dispatched.at,
            marginSeconds: margin,
            deadline: late.since,
          },
        },
      ];
    }),
  );
};
