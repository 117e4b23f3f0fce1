/** What a rehearsal reports: the path it ran, each chain's decoded storage changes, the checks. */
import type { Address, Hex } from 'viem';

/** One transaction the rehearsal sent on a fork. */
export type RehearsalTransaction = { chainId: number; step: string; hash: Hex };

/** How the proposal reached its quorum on the forked hub. */
export type RehearsalApprovals = {
  quorum: number;
  /** Approvals the proposal already had at the fork block. */
  beforeRehearsal: number;
  /** Signers whose signature in the file was submitted (`approveBySig`). */
  fromSignatures: Address[];
  /** Members impersonated for the approvals the file lacked (`--impersonate-missing`). */
  impersonated: Address[];
  /** False as soon as one approval was impersonated: the rehearsal did not use the real signatures alone. */
  realSignatures: boolean;
};

/** Something the fork stood in for, because its key is not ours. */
export type RehearsalSubstitution = {
  chainId: number;
  /** The adapter whose signers were stood in for. */
  adapter: Address;
  /** What was replaced, and what still checks the stand-ins. */
  what: string;
  /** Why the real signers could not take part. */
  why: string;
};

/** What a storage change is, when it could be decoded. */
export type SlotKind =
  | 'eip1967-implementation'
  | 'eip1967-admin'
  | 'eip1967-beacon'
  | 'owner'
  | 'pending-owner'
  | 'role'
  | 'initializer'
  | 'registry-entry'
  | 'receiver-message'
  | 'hub-record'
  | 'declared'
  | 'unknown';

/** One changed storage word (or balance, or code) of one account on one chain. */
export type StorageChange = {
  chainId: number;
  address: Address;
  /** A storage slot; `balance` or `code` for an account's ETH or code. */
  slot: Hex | 'balance' | 'code';
  from: Hex;
  to: Hex;
  /** The rehearsal's transactions that made it (in order). */
  transactions: Hex[];
  kind: SlotKind;
  /** What it is, in words (`implementation of 0x… (EIP-1967): 0x… → 0x…`). */
  label: string;
  expected: boolean;
  /** Why it is expected, or why not. */
  reason: string;
  /**
   * Expected only because the file's `rehearsal.expectedChanges` declares it. That list is not part
   * of what members sign (the content hash), so a reviewer reads each such change.
   */
  declared?: true;
};

export type PostCheck = { chainId: number; proxy: Address; check: string; ok: boolean; detail: string };

export type ChainRehearsal = {
  network: string;
  chainId: number;
  forkBlock: bigint;
  transactions: RehearsalTransaction[];
  changes: StorageChange[];
  postChecks: PostCheck[];
  /** When the chain executed the upgrade (unix seconds of its block); absent on a hub with no action. */
  executedAt?: bigint;
};

export type RehearsalReport = {
  ok: boolean;
  proposalId: Hex;
  /** `existing`: submitted before the fork block; `created-on-fork`: the file was a draft. */
  origin: 'existing' | 'created-on-fork';
  approvals: RehearsalApprovals;
  /** The shared activation time the hub's messages carry. */
  activationTime: number;
  substitutions: RehearsalSubstitution[];
  chains: ChainRehearsal[];
  /** Every change that was not expected, over every chain. */
  unexpected: StorageChange[];
  failedChecks: PostCheck[];
  /** Wall-clock milliseconds of the whole rehearsal, forks included. */
  durationMs: number;
};
