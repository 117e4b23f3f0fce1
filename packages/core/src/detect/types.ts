/**
 * What a detector reports: a condition it saw on the chains, when it saw it (`detectedAt`) and when
 * the condition began as far as the observations show (`since`). Times are seconds on the caller's
 * clock (unix time for a monitor, virtual time for a drill), the same clock the observations use.
 */
export type Detection<Kind extends string = string> = {
  kind: Kind;
  /** The chain the condition is on (its config name). */
  chain: string;
  /** When the detector saw the condition (the observation that crossed its threshold). */
  detectedAt: number;
  /** When the condition began, from the observations (e.g. the last block before a halt). */
  since: number;
  /** One line a release manager can act on. */
  message: string;
};
