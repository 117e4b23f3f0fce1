// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {ICouncilRoots} from "../../contracts/interfaces/ICouncilRoots.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {RootIncidentFixture} from "./RootIncidentFixture.t.sol";

/// @title Council roots as a shortcut (pre-signed pause, one ceremony for many chains)
/// @notice The attack: one signing ceremony now reaches every chain without the hub, its timelock,
/// the guardians or a relayer. If a root carried anything an emergency quorum can sign, four keys
/// (fewer than the council's six) and no delay would upgrade a vault to a drainer everywhere at
/// once. A root signed for one chain replayed on another, or a leaf executed twice, would do the
/// same with no new signature at all.
/// @notice Lockstep's defence: a root has the authority of its signer count. The emergency quorum's
/// roots carry pauses only (as the hub's emergency path); anything else needs the council's
/// threshold and, being confirmed by a fallback adapter, waits the home timelock's delay on the
/// chain while the chain guardian can cancel. Leaves pin chain and adapter; the receiver consumes
/// each message once.
contract RootShortcutTest is RootIncidentFixture {
    function test_PreSignedPauseStopsTheVaultWithNoHubNoGuardiansNoRelayer() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        // Signed months before the exploit by the emergency quorum, held offline.
        _setRoot(root, EMERGENCY_QUORUM);
        vm.warp(block.timestamp + 60 days);
        uint256 nonceBefore = hub.nonce();
        roots.executeLeaf(root, pause, proof);
        assertTrue(VaultV1(a.vault).paused(), "paused in the same transaction");
        assertEq(hub.nonce(), nonceBefore, "the hub dispatched nothing");
    }

    function test_RevertWhen_EmergencyQuorumRootCarriesTheDrain() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        ChainState memory before = _state();
        _setRoot(root, EMERGENCY_QUORUM);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICouncilRoots.RootAuthorityTooLow.selector, root, id, UpgradePayload.KIND_UPGRADE
            )
        );
        roots.executeLeaf(root, drain, proof);
        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_CouncilThresholdRootStillWaitsTheTimelockDelay() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        ChainState memory before = _state();
        _setRoot(root, council.threshold());
        uint256 queuedAt = block.timestamp;
        roots.executeLeaf(root, drain, proof);
        (,, uint40 executableAt,) = receiver.messageState(id);
        assertEq(executableAt, queuedAt + TIMELOCK_DELAY, "the home timelock's delay, on this chain");
        vm.prank(chainGuardian);
        receiver.cancel(id);
        vm.warp(executableAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, id, IUpgradeReceiver.MessageStatus.Cancelled
            )
        );
        receiver.execute(drain);
        _assertUnchanged(before);
    }

    function testFuzz_NoRootIsFasterOrNeedsFewerKeysThanItsMainPath(uint8 signerCount, uint32 wait) external {
        signerCount = uint8(bound(signerCount, 1, 9));
        (bytes memory drain,) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), signerCount);
        uint256 start = block.timestamp;
        (bool set,) = address(roots).call(abi.encodeCall(roots.setRoot, (root, validUntil, signers, sigs)));
        (bool queued,) = address(roots).call(abi.encodeCall(roots.executeLeaf, (root, drain, proof)));
        assertEq(set, signerCount >= EMERGENCY_QUORUM, "set by an emergency quorum at least");
        assertEq(queued, signerCount >= council.threshold(), "an upgrade needs the council's threshold");
        vm.warp(start + bound(wait, 0, 3 days));
        (bool executed,) = address(receiver).call(abi.encodeCall(receiver.execute, (drain)));
        if (executed) {
            assertGe(signerCount, council.threshold());
            assertGe(block.timestamp, start + TIMELOCK_DELAY, "never a shorter delay than the timelock");
        }
    }

    function test_RevertWhen_EmergencyQuorumRootUnpauses() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        _setRoot(root, EMERGENCY_QUORUM);
        roots.executeLeaf(root, pause, proof);
        (bytes memory unpause, bytes32 id) = _forge(HUB_CHAIN, _emergency(false));
        (bytes32 unpauseRoot, bytes32[] memory unpauseProof) = _treeOf(unpause, HUB_CHAIN);
        _setRoot(unpauseRoot, EMERGENCY_QUORUM);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICouncilRoots.RootAuthorityTooLow.selector, unpauseRoot, id, UpgradePayload.KIND_UNPAUSE
            )
        );
        roots.executeLeaf(unpauseRoot, unpause, unpauseProof);
        assertTrue(VaultV1(a.vault).paused(), "stays paused");
    }

    function test_RevertWhen_PauseLeafIsExecutedTwice() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        _setRoot(root, EMERGENCY_QUORUM);
        bytes32 id = roots.executeLeaf(root, pause, proof);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        roots.executeLeaf(root, pause, proof);
    }

    function test_RevertWhen_RootReplayedOnAnotherChain() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        // The same contracts at the same addresses on the satellite chain: the root's signatures
        // hold there (one ceremony), the hub-chain leaf does not.
        vm.chainId(SATELLITE_CHAIN);
        _setRoot(root, EMERGENCY_QUORUM);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootLeafNotProven.selector, root, this.idOf(pause))
        );
        roots.executeLeaf(root, pause, proof);
        assertFalse(VaultV1(a.vault).paused());
    }

    /// @dev The griefing attack: anyone who sees the council's 6-signature `setRoot` in the
    /// mempool submits it first with only four of those signatures. The root would then be set
    /// pause-only, and its upgrade leaves could never run under it (the same leaves always give the
    /// same root). The council's transaction must still raise it to full authority.
    function test_FrontRunWithFewerSignaturesDoesNotDowngradeTheRoot() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), council.threshold());
        address[] memory fewer = new address[](EMERGENCY_QUORUM);
        bytes[] memory fewerSigs = new bytes[](EMERGENCY_QUORUM);
        for (uint256 i; i < EMERGENCY_QUORUM; ++i) {
            (fewer[i], fewerSigs[i]) = (signers[i], sigs[i]);
        }
        vm.prank(attacker);
        roots.setRoot(root, validUntil, fewer, fewerSigs);
        assertEq(uint8(roots.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.PauseOnly));

        roots.setRoot(root, validUntil, signers, sigs);
        assertEq(uint8(roots.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.Full));
        roots.executeLeaf(root, drain, proof);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
        // And never back down: the four signatures cannot lower it again.
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootAlreadySet.selector, root));
        vm.prank(attacker);
        roots.setRoot(root, validUntil, fewer, fewerSigs);
    }
}
