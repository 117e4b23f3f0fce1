// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {SortedKeys} from "./SortedKeys.sol";
import {CommonBase} from "forge-std/Base.sol";

/// @notice Test helper: deterministic guardian keys (sorted ascending by address, as the adapter
/// requires) and real `vm.sign` signatures over a GuardianAdapter's attestation and rotation digests.
/// Inherit it next to `Test`.
abstract contract GuardianSigner is CommonBase {
    /// @notice `n` guardians derived from salt 0, ascending by address.
    function guardianKeys(uint256 n) internal pure returns (address[] memory keys, uint256[] memory pks) {
        return guardianKeys(n, 0);
    }

    /// @notice `n` guardians derived from `salt` (different salts give disjoint sets), ascending by address.
    function guardianKeys(uint256 n, uint256 salt)
        internal
        pure
        returns (address[] memory keys, uint256[] memory pks)
    {
        return SortedKeys.derive("lockstep.guardian", salt, n);
    }

    /// @notice `keccak256(abi.encodePacked(keys))`: a set's commitment.
    function guardianKeysHash(address[] memory keys) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(keys));
    }

    /// @notice The first `count` guardians (indices 0..count-1) sign `messageId`'s attestation.
    function sign(GuardianAdapter adapter, bytes32 messageId, uint256[] memory pks, uint256 count)
        internal
        view
        returns (IGuardianAdapter.GuardianSignature[] memory)
    {
        return signDigest(adapter.attestationDigest(messageId), pks, firstIndices(count));
    }

    /// @notice The guardians at `indices` (in the given order) sign `messageId`'s attestation.
    function signIndices(
        GuardianAdapter adapter,
        bytes32 messageId,
        uint256[] memory pks,
        uint8[] memory indices
    ) internal view returns (IGuardianAdapter.GuardianSignature[] memory) {
        return signDigest(adapter.attestationDigest(messageId), pks, indices);
    }

    /// @notice The first `count` guardians of the current set sign a rotation to `newKeys`/`newQuorum`.
    function signRotation(
        GuardianAdapter adapter,
        address[] memory newKeys,
        uint8 newQuorum,
        uint256[] memory pks,
        uint256 count
    ) internal view returns (IGuardianAdapter.GuardianSignature[] memory) {
        bytes32 digest = adapter.rotationDigest(
            adapter.currentGuardianSetIndex() + 1, guardianKeysHash(newKeys), newQuorum
        );
        return signDigest(digest, pks, firstIndices(count));
    }

    /// @notice The guardians at `indices` sign `digest` as is.
    function signDigest(bytes32 digest, uint256[] memory pks, uint8[] memory indices)
        internal
        pure
        returns (IGuardianAdapter.GuardianSignature[] memory signatures)
    {
        signatures = new IGuardianAdapter.GuardianSignature[](indices.length);
        for (uint256 i; i < indices.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(pks[indices[i]], digest);
            signatures[i] = IGuardianAdapter.GuardianSignature({index: indices[i], v: v, r: r, s: s});
        }
    }

    /// @notice `[0, 1, ..., count - 1]`.
    function firstIndices(uint256 count) internal pure returns (uint8[] memory indices) {
        indices = new uint8[](count);
        for (uint256 i; i < count; ++i) {
            indices[i] = uint8(i);
        }
    }
}
