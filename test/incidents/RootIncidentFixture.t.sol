// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {RootTree} from "../utils/RootTree.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";

/// @notice Base of the council-root incidents: the deployed fallback adapter as the roots' adapter,
/// a root's expiry, and the trees an attacker or the council would build (a pause of this chain's
/// vault beside a pause of the satellite's, or any message beside it), signed by the first members.
abstract contract RootIncidentFixture is IncidentFixture {
    /// @dev The home council's emergency threshold: what a pause-only root needs.
    uint8 internal constant EMERGENCY_QUORUM = 4;
    CouncilFallbackAdapter internal roots;
    uint40 internal validUntil;

    function setUp() public virtual override {
        super.setUp();
        roots = CouncilFallbackAdapter(a.fallbackAdapter);
        validUntil = uint40(block.timestamp + 90 days);
    }

    /// @dev An emergency payload pausing (or unpausing) this chain's vault.
    function _emergency(bool pause) internal view returns (bytes memory) {
        return _emergency(pause, "exploit");
    }

    /// @dev The same with its own action id (`reason`): another message for the same vault.
    function _emergency(bool pause, bytes32 reason) internal view returns (bytes memory) {
        address[] memory targets = new address[](1);
        targets[0] = a.vault;
        return UpgradePayload.encodeEmergency(
            pause, UpgradePayload.Emergency(reason, uint40(block.timestamp), targets)
        );
    }

    /// @dev A pause of this chain's vault, in a tree with the satellite's pause.
    function _pauseTree() internal view returns (bytes memory pause, bytes32 root, bytes32[] memory proof) {
        (pause,) = _forge(HUB_CHAIN, _emergency(true));
        (root, proof) = _treeOf(pause, HUB_CHAIN);
    }

    /// @dev A tree of `message` for `chainId` and a pause for the satellite; the proof of the first.
    function _treeOf(bytes memory message, uint64 chainId)
        internal
        view
        returns (bytes32 root, bytes32[] memory proof)
    {
        (bytes memory satellitePause,) = _forge(SATELLITE_CHAIN, _emergency(true));
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = roots.rootLeaf(chainId, this.idOf(message));
        leaves[1] = roots.rootLeaf(SATELLITE_CHAIN, this.idOf(satellitePause));
        return (RootTree.root(leaves), RootTree.proof(leaves, 0));
    }

    /// @dev What the members sign for `root` until `validUntil`, under the current member set.
    function _rootDigest(bytes32 root) internal view returns (bytes32) {
        return roots.rootDigest(root, validUntil, roots.rotationNonce());
    }

    /// @dev The first `count` members sign `root`; it is set in its own transaction.
    function _setRoot(bytes32 root, uint256 count) internal {
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), count);
        roots.setRoot(root, validUntil, signers, sigs);
    }
}
