/**
 * A root's Merkle tree: one leaf per (chain, message), `RootLeaf(chainId, adapter, messageId)`'s
 * struct hash, under OpenZeppelin's sorted-pair hashing (`@openzeppelin/merkle-tree`'s
 * `SimpleMerkleTree`, what `MerkleProof.verifyCalldata` checks on chain).
 */
import { SimpleMerkleTree } from '@openzeppelin/merkle-tree';
import { type Address, getAddress, type Hex, hashStruct } from 'viem';
import { RootError } from '../errors/roots.js';
import { decodeMessage, messageId as idOf } from '../message/codec.js';

const rootLeafTypes = {
  RootLeaf: [
    { name: 'chainId', type: 'uint256' },
    { name: 'adapter', type: 'address' },
    { name: 'messageId', type: 'bytes32' },
  ],
} as const;

/** `CouncilRoots.rootLeaf(chainId, messageId)` of the adapter at `adapter`. */
export function rootLeaf(leaf: { chainId: number; adapter: Address; messageId: Hex }): Hex {
  return hashStruct({
    types: rootLeafTypes,
    primaryType: 'RootLeaf',
    data: { chainId: BigInt(leaf.chainId), adapter: leaf.adapter, messageId: leaf.messageId },
  });
}

/** One message for one chain, before the tree is built. */
export type RootLeafInput = { chainId: number; message: Hex };

/** One leaf of a built tree. */
export type RootTreeLeaf = RootLeafInput & { messageId: Hex; leaf: Hex; proof: Hex[] };

/**
 * Builds the tree of `leaves` for the adapter at `adapter` (the same address on every chain).
 * Refuses no leaves, a message that is not canonical, or the same message twice for one chain.
 */
export function buildRootTree(
  adapter: Address,
  leaves: readonly RootLeafInput[],
): { root: Hex; leaves: RootTreeLeaf[] } {
  if (leaves.length === 0) throw new RootError('a root needs at least one leaf', { reason: 'invalid-input' });
  const built = leaves.map(({ chainId, message }) => {
    const messageId = idOf(decodeMessage(message));
    return { chainId, message, messageId, leaf: rootLeaf({ chainId, adapter: getAddress(adapter), messageId }) };
  });
  const seen = new Set<string>();
  for (const { leaf, chainId, messageId } of built) {
    if (seen.has(leaf)) {
      throw new RootError(`message ${messageId} appears twice for chain ${chainId}`, { reason: 'invalid-input' });
    }
    seen.add(leaf);
  }
  const tree = SimpleMerkleTree.of(built.map((b) => b.leaf));
  return {
    root: tree.root as Hex,
    leaves: built.map((b) => ({ ...b, proof: tree.getProof(b.leaf) as Hex[] })),
  };
}

/** Whether `proof` places `leaf` under `root` (sorted-pair keccak, as `MerkleProof`). */
export function verifyRootProof(root: Hex, leaf: Hex, proof: readonly Hex[]): boolean {
  return SimpleMerkleTree.verify(root, leaf, [...proof]);
}
