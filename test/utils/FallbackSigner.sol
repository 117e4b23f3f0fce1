// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {SortedKeys} from "./SortedKeys.sol";
import {CommonBase} from "forge-std/Base.sol";

/// @notice Test helper: deterministic council keys (ascending by address, as the fallback adapter
/// requires) and real `vm.sign` signatures over a CouncilFallbackAdapter's ratification and
/// rotation, root and revocation digests. Inherit it next to `Test`.
abstract contract FallbackSigner is CommonBase {
    /// @notice `n` council members derived from `salt` (different salts give disjoint sets), ascending.
    function councilKeys(uint256 n, uint256 salt)
        internal
        pure
        returns (address[] memory members, uint256[] memory pks)
    {
        return SortedKeys.derive("lockstep.council", salt, n);
    }

    /// @notice The first `count` members ratify `messageId`.
    function ratifyBy(
        CouncilFallbackAdapter adapter,
        bytes32 messageId,
        address[] memory members,
        uint256[] memory pks,
        uint256 count
    ) internal view returns (address[] memory signers, bytes[] memory signatures) {
        return signAs(adapter.ratificationDigest(messageId), members, pks, firstMembers(count));
    }

    /// @notice The first `count` members sign a rotation to `newMembers` / `newThreshold` at the current nonce.
    function rotateBy(
        CouncilFallbackAdapter adapter,
        address[] memory newMembers,
        uint8 newThreshold,
        address[] memory members,
        uint256[] memory pks,
        uint256 count
    ) internal view returns (address[] memory signers, bytes[] memory signatures) {
        bytes32 digest = adapter.rotationDigest(newMembers, newThreshold, adapter.rotationNonce());
        return signAs(digest, members, pks, firstMembers(count));
    }

    /// @notice The first `count` members sign `CouncilRoot(root, validUntil, current rotation nonce)`.
    function rootBy(
        CouncilFallbackAdapter adapter,
        bytes32 root,
        uint40 validUntil,
        address[] memory members,
        uint256[] memory pks,
        uint256 count
    ) internal view returns (address[] memory signers, bytes[] memory signatures) {
        bytes32 digest = adapter.rootDigest(root, validUntil, adapter.rotationNonce());
        return signAs(digest, members, pks, firstMembers(count));
    }

    /// @notice The first `count` members sign `RootRevocation(root)`.
    function revokeBy(
        CouncilFallbackAdapter adapter,
        bytes32 root,
        address[] memory members,
        uint256[] memory pks,
        uint256 count
    ) internal view returns (address[] memory signers, bytes[] memory signatures) {
        return signAs(adapter.revocationDigest(root), members, pks, firstMembers(count));
    }

    /// @notice The members at `indices` (in the given order) sign `digest` as is (`r ‖ s ‖ v`).
    function signAs(bytes32 digest, address[] memory members, uint256[] memory pks, uint256[] memory indices)
        internal
        pure
        returns (address[] memory signers, bytes[] memory signatures)
    {
        signers = new address[](indices.length);
        signatures = new bytes[](indices.length);
        for (uint256 i; i < indices.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(pks[indices[i]], digest);
            signers[i] = members[indices[i]];
            signatures[i] = abi.encodePacked(r, s, v);
        }
    }

    /// @notice `[0, 1, ..., count - 1]`.
    function firstMembers(uint256 count) internal pure returns (uint256[] memory indices) {
        indices = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            indices[i] = i;
        }
    }
}
