import type { Hex } from 'viem';
import type { Alert, AlertLedger } from '../model.js';

/** A JSON value (bigints are stored as decimal strings). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * One decoded contract event as the monitor keeps it. `(chainId, blockNumber, logIndex)` is unique:
 * committing the same event twice keeps one row, so a restart that re-reads a block repeats nothing.
 */
export type StoredEvent = {
  chainId: number;
  blockNumber: number;
  blockHash: Hex;
  logIndex: number;
  txHash: Hex;
  /** The block's timestamp. */
  timestamp: number;
  /** The emitting contract. */
  address: Hex;
  /** The event's name in the generated ABI (e.g. `ProposalCreated`). */
  name: string;
  args: { [key: string]: Json };
};

/** The last processed block of one chain: where a (re)started watcher resumes. */
export type Checkpoint = { number: number; hash: Hex };

/** What one watcher poll commits for one chain, in one transaction. */
export type CommitBatch = {
  events: StoredEvent[];
  /** Hashes of the blocks read (unfinalised ones are compared on the next poll to see a reorg). */
  blocks: { number: number; hash: Hex }[];
  checkpoint: Checkpoint;
};

/**
 * The monitor's persistent state: per-chain checkpoints and block hashes, the decoded events
 * (everything about proposals is derived from them), and the alerts. Implemented over PGlite
 * (embedded, the default) and PostgreSQL (`DATABASE_URL`) with one schema and one set of migrations.
 */
export interface MonitorStore extends AlertLedger {
  /** Applies the migrations not yet applied (idempotent; safe with several monitors on one database). */
  migrate(): Promise<void>;
  checkpoint(chainId: number): Promise<Checkpoint | undefined>;
  /** The recorded hash of a block, for reorg detection; `undefined` when not recorded. */
  blockHash(chainId: number, blockNumber: number): Promise<Hex | undefined>;
  /** Records a poll's events and block hashes and moves the checkpoint, atomically. */
  commit(chainId: number, batch: CommitBatch): Promise<void>;
  /** Forgets every event and block hash of `chainId` from `fromBlock` on and moves the checkpoint before it (a reorg). */
  rewind(chainId: number, fromBlock: number): Promise<void>;
  /** Events in (chainId, blockNumber, logIndex) order, optionally of one chain. */
  events(filter?: { chainId?: number }): Promise<StoredEvent[]>;
  /** Alerts fired and cleared, newest first. */
  alertHistory(limit: number): Promise<Alert[]>;
  close(): Promise<void>;
}
