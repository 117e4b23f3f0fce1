/**
 * The report's record of the keeper's clock check under a `clock-skew` fault (re-exported by the drill's `types.ts`).
 */

/** One chain's head timestamp against the hub's, read by the keeper before activation (`clock-skew`). */
export type ClockSkewReport = {
  chain: string;
  /** The skew the drill gave the chain (seconds; positive: its clock leads the hub's; 0: none). */
  offsetSeconds: number;
  /** Virtual seconds: when the keeper compared the heads. */
  checkedAt: number;
  /** The hub chain's name (its head is the reference). */
  hub: string;
  hubBlock: number;
  hubTimestamp: number;
  chainBlock: number;
  chainTimestamp: number;
  /** `chainTimestamp - hubTimestamp`. */
  measuredSeconds: number;
  /** Most two heads may differ without a skew: the hub's block time plus the chain's (rounded up). */
  toleranceSeconds: number;
  /** Whether the keeper raised `clock-skew` for the chain. */
  alerted: boolean;
  /** On the hub's clock: seconds the chain switched after (positive) or before (negative) the activation time; null: it did not. */
  switchOffsetSeconds: number | null;
};
