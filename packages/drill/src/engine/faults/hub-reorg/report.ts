/**
 * The report's record of a `hub-reorg` fault (re-exported by the drill's `types.ts`).
 */

/** What a `hub-reorg` fault did to the hub chain, block by block. */
export type HubReorgEvidence = {
  depth: number;
  /** The hub's finality depth: guardians sign a dispatch only this many blocks after it. */
  finalityDepth: number;
  reinclude: boolean;
  /** The blocks the reorg took off the canonical chain, oldest first. */
  orphaned: { number: number; hash: string }[];
  /** The blocks now at those heights (same timestamps, another producer), oldest first. */
  replacement: { number: number; hash: string }[];
  /** Messages the hub had dispatched in the orphaned blocks. */
  orphanedMessages: string[];
  /** Guardians that had signed one of those messages before the reorg (0 when it came before finality). */
  attestedBeforeReorg: number;
};
