/**
 * When the council's seats end: members sit in term cohorts, as `DeployLockstep.s.sol` assigns
 * them, and SecurityCouncil refuses a council whose seats end too close together to rotate itself.
 */

/** SecurityCouncil: `TERM_STAGGER` (30 days). Seats ending less than this apart end together. */
export const TERM_STAGGER_SECONDS = 30 * 24 * 60 * 60;

/** The cohorts the deploy script uses: `cohorts`, else ceil(n / (n - threshold)). */
export function effectiveCohorts(council: {
  members: readonly unknown[];
  threshold: number;
  cohorts?: number | undefined;
}): number {
  const n = council.members.length;
  return council.cohorts ?? Math.ceil(n / (n - council.threshold));
}

/**
 * Seconds after deployment at which each member's term ends, as `DeployLockstep.s.sol` computes
 * them (`_cohortTermEnds`): member i sits in cohort i % cohorts.
 */
export function cohortTermOffsets(n: number, termDays: number, cohorts: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor((termDays * 86_400 * ((i % cohorts) + 1)) / cohorts));
}

/** Seats ending within `TERM_STAGGER` of the earliest term end (the council's `_checkStaggered`). */
export function seatsEndingTogether(termEnds: readonly number[]): number {
  const earliest = Math.min(...termEnds);
  return termEnds.filter((end) => end < earliest + TERM_STAGGER_SECONDS).length;
}
