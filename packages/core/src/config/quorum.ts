/**
 * The quorum rules the contracts enforce, once for every document that describes a council or a
 * guardian set (the Lockstep config, a drill scenario). Each rule gives the accepted range and, for
 * a value outside it, the issue to report ("expected 6 to 8 (…), got 5" — "set threshold between
 * 6 and 8"); the caller adds it at its own path.
 */

export type Range = { min: number; max: number };

/** A value outside its range: the problem in words and the fix. */
export type QuorumIssue = { problem: string; fix: string };

/**
 * SecurityCouncil's threshold: at least two thirds of the members, and below the size, since terms
 * end in cohorts and the council must still reach it while one cohort's seats end.
 */
export function councilThresholdRange(size: number): Range {
  return { min: Math.ceil((2 * size) / 3), max: size - 1 };
}

/** SecurityCouncil's emergency threshold: more than a third of the members, at most the threshold. */
export function councilEmergencyRange(size: number, threshold: number): Range {
  return { min: Math.floor(size / 3) + 1, max: threshold };
}

/** A strict majority, as GuardianAdapter requires of a quorum and CouncilFallbackAdapter of a threshold. */
export function majorityRange(size: number): Range {
  return { min: Math.floor(size / 2) + 1, max: size };
}

/** A strict majority of `size`. */
export function minMajority(size: number): number {
  return majorityRange(size).min;
}

/**
 * The council threshold's issue, or `undefined` when it is in range. `why` ends the explanation in
 * parentheses after "fewer than all" (each document words the cohort reason its own way).
 */
export function councilThresholdIssue(size: number, threshold: number, why: string): QuorumIssue | undefined {
  const { min, max } = councilThresholdRange(size);
  if (threshold >= min && threshold <= max) return undefined;
  return {
    problem: `expected ${min} to ${max} (at least two thirds of ${size} members, and fewer than all${why}), got ${threshold}`,
    fix:
      min <= max
        ? `set threshold between ${min} and ${max}`
        : `add members (with ${size} members no threshold works), or lower threshold`,
  };
}

/** The emergency threshold's issue, or `undefined` when it is in range. */
export function councilEmergencyIssue(
  size: number,
  threshold: number,
  emergencyThreshold: number,
): QuorumIssue | undefined {
  const { min, max } = councilEmergencyRange(size, threshold);
  if (emergencyThreshold >= min && emergencyThreshold <= max) return undefined;
  return {
    problem: `expected ${min} to ${max} (more than a third of ${size} members, at most threshold), got ${emergencyThreshold}`,
    fix: `set emergencyThreshold between ${min} and ${max}`,
  };
}

/**
 * A majority rule's issue (`field` of `size` `members`), or `undefined` when `value` is a strict
 * majority of at most all of them.
 */
export function majorityIssue(field: string, value: number, size: number, members: string): QuorumIssue | undefined {
  const { min, max } = majorityRange(size);
  if (value >= min && value <= max) return undefined;
  return {
    problem: `expected ${min} to ${max} (more than half of ${size} ${members}), got ${value}`,
    fix: `set ${field} between ${min} and ${max}`,
  };
}
