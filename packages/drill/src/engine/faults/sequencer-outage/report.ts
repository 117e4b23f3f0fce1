/**
 * The report's `sequencerOutage[]` section (one entry per `sequencer-outage` fault): what the chain
 * shows of the outage (its last block before it, the forced blocks during it, the first block after
 * it with the timestamp jump), who forced what through L1 and when, what waited in the sequencer's
 * queue, and the keeper's detection. Every block number, timestamp and transaction is re-read from
 * the chain by `checker/check-sequencer-outage.ts`.
 */

/** Who sent a transaction to the down chain, and what it was. */
export type OutageSender = 'keeper' | 'attacker';
export type OutageAction = 'execute' | 'exploit';

/** A transaction included in a block of the down chain (forced through L1, or from the sequencer's queue). */
export type OutageInclusion = {
  by: OutageSender;
  what: OutageAction;
  /** Virtual seconds: when it was sent (to L1 for a forced one, to the sequencer for a queued one). */
  sentAt: number;
  /** Virtual seconds: the block it landed in (a forced one: `sentAt` + the delay, or the first block after the outage). */
  includedAt: number;
  block: number;
  timestamp: number;
  txHash: string;
  /** Whether it succeeded (an exploit behind the fix, or an execute already done, reverts). */
  succeeded: boolean;
};

/** The keeper's detection: the down chain's head against the hub's, at one of its polls. */
export type OutageDetection = {
  /** Virtual seconds: the poll. */
  at: number;
  hubBlock: number;
  hubTimestamp: number;
  chainBlock: number;
  chainTimestamp: number;
  /** `hubTimestamp - chainTimestamp`. */
  staleSeconds: number;
  /** Most a head may lag the hub's without an outage: the hub's block time plus the chain's (rounded up). */
  toleranceSeconds: number;
};

export type SequencerOutageReport = {
  chain: string;
  hub: string;
  /** Virtual seconds: the sequencer stopped, and came back (null: not within the drill). */
  startedAt: number;
  endedAt: number | null;
  forceInclusionDelaySeconds: number;
  /** The chain's head when the sequencer stopped. */
  lastBlockBefore: { block: number; timestamp: number };
  /** The keeper's `sequencer-down` alert (null: it never saw the outage). */
  detection: OutageDetection | null;
  /** Virtual seconds: the keeper's poll that found the outage past its threshold and forced its execute through L1 (null: it did not). */
  keeperForcedAt: number | null;
  /** The blocks forced through L1 while the sequencer was down (one may be empty: what was forced sent nothing). */
  forcedBlocks: { block: number; timestamp: number }[];
  /** Transactions forced through L1, in L1 order. */
  forced: OutageInclusion[];
  /** Transactions that waited in the sequencer's queue, in arrival order (in the first block after the outage). */
  queued: OutageInclusion[];
  /** The first block after the outage: its timestamp jumps over the outage from its parent's. */
  resumed: { block: number; timestamp: number; parentTimestamp: number; jumpSeconds: number } | null;
};
