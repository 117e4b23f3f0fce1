import type { Hex } from 'viem';
import type { CommitBatch, StoredEvent } from './types.js';

/**
 * Deterministic batches for the store's tests and its kill -9 child: block `n` of a chain has hash
 * `0x…n` (a `fork` digit marks a reorged branch) and `perBlock` events with log indexes 0, 1, ….
 */
export function blockHash(n: number, fork = 0): Hex {
  return `0x${fork.toString(16)}${n.toString(16).padStart(63, '0')}`;
}

export function eventsOf(chainId: number, n: number, perBlock: number, fork = 0): StoredEvent[] {
  return Array.from({ length: perBlock }, (_, logIndex) => ({
    chainId,
    blockNumber: n,
    blockHash: blockHash(n, fork),
    logIndex,
    txHash: `0x${(n * 1000 + logIndex).toString(16).padStart(64, '0')}`,
    timestamp: 1_700_000_000 + n * 12,
    address: '0x00000000000000000000000000000000000000aa',
    name: logIndex % 2 === 0 ? 'ProposalCreated' : 'ProposalApproved',
    args: {
      proposalId: `0x${n.toString(16).padStart(64, '0')}`,
      approvals: logIndex,
      big: '123456789012345678901234567890',
      fork,
    },
  }));
}

/** The batch a watcher would commit after reading blocks `from..to`. */
export function batchOf(chainId: number, from: number, to: number, perBlock = 2, fork = 0): CommitBatch {
  const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return {
    events: numbers.flatMap((n) => eventsOf(chainId, n, perBlock, fork)),
    blocks: numbers.map((n) => ({ number: n, hash: blockHash(n, fork) })),
    checkpoint: { number: to, hash: blockHash(to, fork) },
  };
}
