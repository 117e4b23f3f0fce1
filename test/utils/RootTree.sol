// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @notice Test helper: a Merkle tree over council-root leaves, built level by level with
/// OpenZeppelin's sorted-pair hashing (what `MerkleProof` verifies). An odd node at the end of a
/// level moves up unchanged. Independent of the off-chain builder on purpose: the contract accepts
/// any tree shape whose pairs are hashed sorted.
library RootTree {
    /// @notice The root of `leaves` (at least one).
    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            level = _up(level);
        }
        return level[0];
    }

    /// @notice The proof of `leaves[index]`.
    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory out) {
        bytes32[] memory scratch = new bytes32[](64);
        uint256 length;
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) scratch[length++] = level[sibling];
            level = _up(level);
            index /= 2;
        }
        out = new bytes32[](length);
        for (uint256 i; i < length; ++i) {
            out[i] = scratch[i];
        }
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i; i < next.length; ++i) {
            uint256 left = 2 * i;
            next[i] = left + 1 < level.length
                ? Hashes.commutativeKeccak256(level[left], level[left + 1])
                : level[left];
        }
    }
}
