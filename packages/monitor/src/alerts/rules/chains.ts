/**
 * Chain rules. `chain-halted` is core's halt rule (`detectHalt`, the one the drill's block-production
 * detector applies): the head's timestamp is older than the threshold at the snapshot's time.
 * `chain-unreachable`: the RPC did not answer. While a halted chain cannot be read, its halt is
 * not known to be over, so an active halt stays.
 */
import type { NetworkConfig } from '@lockstep/core/config';
import { detectHalt } from '@lockstep/core/detect';
import type { AlertCondition } from '../../model.js';
import { alertKey, SEVERITY } from '../kinds.js';
import { chainsInScope } from './scope.js';
import type { Rule, RuleContext } from './types.js';

/** The halt threshold when the monitor sets none (a remote chain's block time is not in the config). */
export const DEFAULT_REMOTE_HALT_SECONDS = 60;

/** Seconds without a block before `network` counts as halted: the monitor's threshold, else 3 block times + 1 s. */
export function haltSecondsOf(context: RuleContext, network: NetworkConfig): number {
  if (context.thresholds.haltSeconds !== undefined) return context.thresholds.haltSeconds;
  return typeof network.rpc === 'string' ? DEFAULT_REMOTE_HALT_SECONDS : network.rpc.blockTime * 3 + 1;
}

export const chainHalted: Rule = (context) =>
  chainsInScope(context).flatMap(({ status, network }): AlertCondition[] => {
    const key = alertKey('chain-halted', status.chain);
    if (!status.reachable || !status.head) {
      const active = context.active.find((a) => a.key === key);
      return active ? [conditionOf(active)] : [];
    }
    const thresholdSeconds = haltSecondsOf(context, network);
    const halt = detectHalt({
      chain: status.chain,
      at: context.snapshot.takenAt,
      lastBlock: BigInt(status.head.number),
      lastBlockAt: status.head.timestamp,
      thresholdSeconds,
      expectation: `alert after ${thresholdSeconds} s without one`,
    });
    if (!halt) return [];
    return [
      {
        key,
        kind: 'chain-halted',
        severity: SEVERITY['chain-halted'],
        chain: status.chain,
        message: halt.message,
        detail: {
          chainId: status.chainId,
          lastBlock: status.head.number,
          lastBlockAt: halt.since,
          thresholdSeconds,
        },
      },
    ];
  });

export const chainUnreachable: Rule = (context) =>
  chainsInScope(context).flatMap(({ status }): AlertCondition[] =>
    status.reachable
      ? []
      : [
          {
            key: alertKey('chain-unreachable', status.chain),
            kind: 'chain-unreachable',
            severity: SEVERITY['chain-unreachable'],
            chain: status.chain,
            message: `${status.chain} does not answer its RPC${status.error ? `: ${status.error}` : ''}`,
            detail: { chainId: status.chainId, error: status.error ?? null },
          },
        ],
  );

/** An active alert as the condition it was raised for (its lifetime dropped). */
function conditionOf(alert: AlertCondition): AlertCondition {
  const { key, kind, severity, message, detail } = alert;
  return {
    key,
    kind,
    severity,
    message,
    detail,
    ...(alert.chain !== undefined ? { chain: alert.chain } : {}),
    ...(alert.proposalId !== undefined ? { proposalId: alert.proposalId } : {}),
  };
}
