/**
 * The report's record of the keeper's capped fee policy under a `gas-spike` fault (re-exported by the drill's `types.ts`).
 */

/** One attempt of the keeper's capped fee policy on one chain (fees in wei per gas, decimal strings). */
export type FeeAttempt = {
  /** Virtual seconds: the block the attempt was for. */
  at: number;
  /** The block the attempt was for (its base fee is on the chain). */
  blockNumber: number;
  baseFeeWei: string;
  offerWei: string;
  /** `sent`: in the block; `refused`: the node refused the offer (below the base fee); `capped`: the base fee is above the cap, not sent. */
  outcome: 'sent' | 'refused' | 'capped';
  /** `capped`: the last block of the run of capped blocks that began at `blockNumber` (every one above the cap). */
  throughBlock?: number;
};

/** The keeper's fee policy on one chain: its cap, each attempt, and the delay past activation it cost. */
export type ExecutionFeeReport = {
  chain: string;
  capWei: string;
  attempts: FeeAttempt[];
  /** The execution's transaction; null: never executed. */
  txHash: string | null;
  /** Virtual seconds from the activation time to the execution's block; null: never executed. */
  delaySeconds: number | null;
  /** The cap held the execution back at least one block (`capped` attempts). */
  stoppedByCap: boolean;
};
