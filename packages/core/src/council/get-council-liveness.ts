import { securityCouncilAbi } from '@lockstep/client';
import type { Address } from 'viem';
import { getBlock, readContract } from 'viem/actions';
import type { CouncilReadClient } from './types.js';

/** How long before the liveness horizon `getCouncilLiveness` starts warning: 90 days. */
export const LIVENESS_WARNING_SECONDS = 90 * 24 * 60 * 60;

/** One seat: a member and the end of its term (unix seconds; the seat acts strictly before it). */
export type CouncilSeat = { member: Address; termEnd: number; active: boolean };

/**
 * `ok`: the horizon is more than the warning window away. `warning`: within it — rotate soon.
 * `error`: passed — fewer than `threshold` seats are active, the council can no longer approve
 * anything that needs the threshold (upgrades, rotations, config changes, unpauses).
 */
export type LivenessLevel = 'ok' | 'warning' | 'error';

export type CouncilLiveness = {
  threshold: number;
  membersVersion: number;
  /** Every current member, ascending by address, with its term end. */
  seats: CouncilSeat[];
  /**
   * The moment fewer than `threshold` seats remain active: the `threshold`-th latest term end.
   * The council must rotate itself (a rotation needs the threshold) before it.
   */
  horizon: number;
  /** `horizon - now`, negative once passed. */
  secondsLeft: number;
  level: LivenessLevel;
  /** The chain's time the computation used. */
  now: number;
};

/**
 * The council's liveness horizon from its seats, a pure computation: the threshold-th latest term
 * end (after it, at most `threshold - 1` seats are active), with the level against `now`.
 *
 * @example
 * computeLiveness({ seats, threshold: 6, now, membersVersion: 1 }).horizon
 */
export function computeLiveness({
  seats,
  threshold,
  now,
  membersVersion,
  warningSeconds = LIVENESS_WARNING_SECONDS,
}: {
  seats: readonly Omit<CouncilSeat, 'active'>[];
  threshold: number;
  now: number;
  membersVersion: number;
  warningSeconds?: number;
}): CouncilLiveness {
  const ends = seats.map((s) => s.termEnd).sort((a, b) => b - a);
  // Fewer seats than the threshold: the council is already stuck (never the case on chain).
  const horizon = ends[threshold - 1] ?? now;
  const secondsLeft = horizon - now;
  const level: LivenessLevel = secondsLeft <= 0 ? 'error' : secondsLeft < warningSeconds ? 'warning' : 'ok';
  return {
    threshold,
    membersVersion,
    seats: seats.map((s) => ({ ...s, active: now < s.termEnd })),
    horizon,
    secondsLeft,
    level,
    now,
  };
}

export type GetCouncilLivenessParameters = {
  council: Address;
  /** Warn this long before the horizon. Default: 90 days. */
  warningSeconds?: number;
};

export type GetCouncilLivenessReturnType = CouncilLiveness;

export type GetCouncilLivenessErrorType = Error;

/**
 * Reads every current member's term end (`members`, `membersVersion`, `termEnd(version, member)`)
 * and the council's `threshold`, and computes when the council stops being able to act with its
 * threshold (`computeLiveness`), against the hub's latest block time.
 *
 * @example
 * const { horizon, level } = await getCouncilLiveness(client, { council })
 * if (level !== 'ok') console.warn(`rotate the council before ${new Date(horizon * 1000).toISOString()}`)
 */
export async function getCouncilLiveness(
  client: CouncilReadClient,
  { council, warningSeconds }: GetCouncilLivenessParameters,
): Promise<GetCouncilLivenessReturnType> {
  const contract = { address: council, abi: securityCouncilAbi } as const;
  const [members, membersVersion, threshold, block] = await Promise.all([
    readContract(client, { ...contract, functionName: 'members' }),
    readContract(client, { ...contract, functionName: 'membersVersion' }),
    readContract(client, { ...contract, functionName: 'threshold' }),
    getBlock(client, { blockTag: 'latest' }),
  ]);
  const termEnds = await Promise.all(
    members.map((member) =>
      readContract(client, { ...contract, functionName: 'termEnd', args: [membersVersion, member] }),
    ),
  );
  return computeLiveness({
    seats: members.map((member, i) => ({ member, termEnd: termEnds[i] ?? 0 })),
    threshold,
    now: Number(block.timestamp),
    membersVersion,
    ...(warningSeconds === undefined ? {} : { warningSeconds }),
  });
}
