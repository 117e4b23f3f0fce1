/**
 * What an emergency message did to each of its targets on one chain, read from the receiver's
 * `EmergencyTargetHandled` logs (one per target of an applied pause or unpause).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { type Address, type Hex, isAddressEqual, type Log, parseEventLogs } from 'viem';

/**
 * `IUpgradeReceiver.EmergencyOutcome`, by index: `applied` (paused or unpaused now), `unchanged`
 * (already in the wanted state), `not-registered` (not a registered proxy, never called), `failed`
 * (its call reverted), `stale` (an unpause older than the newest pause applied to the target).
 */
export const EMERGENCY_OUTCOMES = ['applied', 'unchanged', 'not-registered', 'failed', 'stale'] as const;
export type EmergencyOutcome = (typeof EMERGENCY_OUTCOMES)[number];

/** Outcomes that leave a target not in the state the council asked for. */
export const EMERGENCY_PROBLEMS: ReadonlySet<EmergencyOutcome> = new Set(['not-registered', 'failed', 'stale']);

export type EmergencyTargetResult = {
  target: Address;
  /** The state the message asked for: `true` pause, `false` unpause. */
  pause: boolean;
  outcome: EmergencyOutcome;
};

/** One applied emergency message on one chain: every target's outcome, in message order. */
export type EmergencyDelivery = {
  pause: boolean;
  targets: EmergencyTargetResult[];
  /** The targets left not as asked (`not-registered`, `failed`, `stale`); empty when all went well. */
  problems: EmergencyTargetResult[];
};

/**
 * The emergency outcomes `receiver` logged for `messageId` in a transaction's logs; `undefined`
 * when it logged none (an upgrade, a confirmation below quorum, or another receiver's message).
 *
 * @example
 * const emergency = emergencyOutcomesFromLogs({ logs: receipt.logs, receiver, messageId })
 * if (emergency?.problems.length) warn(emergency.problems)
 */
export function emergencyOutcomesFromLogs({
  logs,
  receiver,
  messageId,
}: {
  logs: readonly Log[];
  receiver: Address;
  messageId: Hex;
}): EmergencyDelivery | undefined {
  const handled = parseEventLogs({
    abi: upgradeReceiverAbi,
    eventName: 'EmergencyTargetHandled',
    logs: [...logs],
    args: { messageId },
  }).filter((log) => isAddressEqual(log.address, receiver));
  const [first] = handled;
  if (!first) return undefined;
  const targets = handled.map((log) => ({
    target: log.args.target,
    pause: log.args.paused,
    outcome: outcomeName(log.args.outcome),
  }));
  return { pause: first.args.paused, targets, problems: targets.filter((t) => EMERGENCY_PROBLEMS.has(t.outcome)) };
}

function outcomeName(index: number): EmergencyOutcome {
  const name = EMERGENCY_OUTCOMES[index];
  if (name === undefined)
    throw new RangeError(`unknown EmergencyOutcome ${index} (known: ${EMERGENCY_OUTCOMES.join(', ')})`);
  return name;
}
