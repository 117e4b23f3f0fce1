// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {ICouncilRoots} from "../../contracts/interfaces/ICouncilRoots.sol";
import {IFallbackAdapter} from "../../contracts/interfaces/IFallbackAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {RootTree} from "../utils/RootTree.sol";
import {RootIncidentFixture} from "./RootIncidentFixture.t.sol";
import {Vm} from "forge-std/Vm.sol";

/// @title A root set and a leaf executed in one transaction (the pre-signed pause in one block)
/// @notice The attack: `setRootAndExecuteLeaf` sets a root and runs a leaf in one call, and lets
/// anyone call it again with a root that is already set (two executors racing must not revert).
/// Whoever holds some of the signatures, or none, would try to use that second path to skip the
/// checks `setRoot` makes: set a root with fewer keys, run an upgrade under an emergency quorum's
/// root, reuse an expired or revoked root, prove another chain's or another adapter's leaf, run a
/// leaf twice, or choose a gas limit that lets the signatures verify but starves the pause, so that
/// the pause is spent without pausing anything (and the root is left set for a leaf that failed).
/// @notice Lockstep's defence: the call is `setRoot` then `executeLeaf`, with nothing skipped but
/// a verification whose result is already on chain. It sets the root with `setRoot`'s own checks
/// unless the root is already set with an authority its signers could not raise; then the leaf runs
/// with every `executeLeaf` check under the root as set. The receiver refuses a delivery that
/// cannot give each target its full stipend, and any refusal reverts the whole call, root included.
contract RootInOneTransactionTest is RootIncidentFixture {
    function test_PreSignedPauseSetsTheRootAndPausesInOneTransaction() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        vm.expectEmit(address(roots));
        emit ICouncilRoots.RootSet(
            root, validUntil, roots.rotationNonce(), ICouncilRoots.RootAuthority.PauseOnly, EMERGENCY_QUORUM
        );
        vm.expectEmit(address(roots));
        emit ICouncilRoots.RootLeafExecuted(root, this.idOf(pause));
        vm.prank(attacker); // anyone: the signatures carry the authority
        bytes32 id = roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        assertTrue(VaultV1(a.vault).paused(), "paused in the transaction that set the root");
        assertEq(uint8(roots.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.PauseOnly));
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Executed);
    }

    function test_RevertWhen_FewerKeysThanTheEmergencyQuorum() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdNotMet.selector, 3, EMERGENCY_QUORUM)
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        _assertRootUnset(root);
        _assertNeverSeen(this.idOf(pause));
    }

    function test_RevertWhen_EmergencyQuorumCarriesTheDrainAndTheRootIsNotLeftSet() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(
                ICouncilRoots.RootAuthorityTooLow.selector, root, id, UpgradePayload.KIND_UPGRADE
            )
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, drain, proof);
        _assertRootUnset(root);
        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    /// @dev The root is already set pause-only; five signatures (one short of the threshold) do not
    /// raise it, so the drain leaf runs under the pause-only root and is refused.
    function test_RevertWhen_FewerThanTheThresholdTryToRaiseAPauseOnlyRoot() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        _setRoot(root, EMERGENCY_QUORUM);
        (address[] memory signers, bytes[] memory sigs) =
            _signedBy(_rootDigest(root), council.threshold() - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICouncilRoots.RootAuthorityTooLow.selector, root, id, UpgradePayload.KIND_UPGRADE
            )
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, drain, proof);
        assertEq(uint8(roots.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.PauseOnly));
        _assertNeverSeen(id);
    }

    /// @dev Enough signers to raise a pause-only root are verified, every one: a forged sixth
    /// signature does not raise it.
    function test_RevertWhen_AForgedSignatureTriesToRaiseAPauseOnlyRoot() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        _setRoot(root, EMERGENCY_QUORUM);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), council.threshold());
        uint256 last = signers.length - 1;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(uint256(keccak256("attacker key")), _rootDigest(root));
        sigs[last] = abi.encodePacked(r, s, v);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, last, signers[last])
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, drain, proof);
        assertEq(uint8(roots.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.PauseOnly));
        _assertNeverSeen(id);
    }

    function test_RevertWhen_RootExpiredBeforeItWasSet() external {
        _assertExpiredRootRefused(false);
    }

    /// @dev Set in time, then expired: finding the root set does not skip its expiry.
    function test_RevertWhen_RootExpiredAfterItWasSet() external {
        _assertExpiredRootRefused(true);
    }

    function test_RevertWhen_RootWasRevoked() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        (address[] memory revokers, bytes[] memory revocation) =
            _signedBy(roots.revocationDigest(root), EMERGENCY_QUORUM);
        roots.revokeRoot(root, revokers, revocation);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootIsRevoked.selector, root));
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        assertFalse(VaultV1(a.vault).paused());
    }

    /// @dev One ceremony, the same adapter address on the satellite: the root sets there, the
    /// hub chain's leaf does not prove, and the root is not left set by the failed call.
    function test_RevertWhen_LeafIsForAnotherChain() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        vm.chainId(SATELLITE_CHAIN);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootLeafNotProven.selector, root, this.idOf(pause))
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        _assertRootUnset(root);
        assertFalse(VaultV1(a.vault).paused());
    }

    /// @dev The same members sign for a second adapter on this chain (the root's domain names no
    /// adapter): its leaf proves nothing through this one.
    function test_RevertWhen_LeafIsForAnotherAdapter() external {
        CouncilFallbackAdapter other = new CouncilFallbackAdapter(
            IMessageReceiver(a.receiver), HUB_CHAIN, a.hub, members, council.threshold(), 6, EMERGENCY_QUORUM
        );
        (bytes memory pause, bytes32 id) = _forge(HUB_CHAIN, _emergency(true));
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = other.rootLeaf(HUB_CHAIN, id);
        leaves[1] = other.rootLeaf(SATELLITE_CHAIN, keccak256("another pause"));
        bytes32 root = RootTree.root(leaves);
        bytes32[] memory proof = RootTree.proof(leaves, 0);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootLeafNotProven.selector, root, id));
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        _assertRootUnset(root);
        _assertNeverSeen(id);
    }

    /// @dev The second call finds the root set (no `RootAlreadySet`) and the receiver refuses the
    /// consumed message.
    function test_RevertWhen_LeafIsReplayed() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        bytes32 id = roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
    }

    /// @dev Two executors broadcast the same root with different leaves of this chain: the second
    /// finds the root set, skips it (no second `RootSet`) and still runs its own leaf.
    function test_RacingSubmittersBothRunTheirLeavesAndTheRootIsSetOnce() external {
        (bytes memory first, bytes32 firstId) = _forge(HUB_CHAIN, _emergency(true));
        (bytes memory second, bytes32 secondId) = _forge(HUB_CHAIN, _emergency(true, "second executor"));
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = roots.rootLeaf(HUB_CHAIN, firstId);
        leaves[1] = roots.rootLeaf(HUB_CHAIN, secondId);
        bytes32 root = RootTree.root(leaves);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);

        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, first, RootTree.proof(leaves, 0));
        vm.recordLogs();
        vm.prank(attacker);
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, second, RootTree.proof(leaves, 1));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(_count(logs, ICouncilRoots.RootSet.selector), 0, "the root is set once");
        assertEq(_count(logs, ICouncilRoots.RootLeafExecuted.selector), 1, "the second leaf ran");
        _assertStatus(firstId, IUpgradeReceiver.MessageStatus.Executed);
        _assertStatus(secondId, IUpgradeReceiver.MessageStatus.Executed);
    }

    /// @dev A front-runner sets the root pause-only with four of the council's six signatures; the
    /// council's one transaction still raises it and queues its upgrade (behind the timelock delay).
    function test_CouncilRaisesAFrontRunPauseOnlyRootInTheSameTransaction() external {
        (bytes memory drain, bytes32 id) = _forgedDrain();
        (bytes32 root, bytes32[] memory proof) = _treeOf(drain, HUB_CHAIN);
        _setRoot(root, EMERGENCY_QUORUM); // the front-runner's copy of four signatures
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), council.threshold());
        uint256 queuedAt = block.timestamp;
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, drain, proof);
        assertEq(uint8(roots.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.Full));
        (IUpgradeReceiver.MessageStatus status,, uint40 executableAt,) = receiver.messageState(id);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued));
        assertEq(executableAt, queuedAt + TIMELOCK_DELAY, "still the home timelock's delay");
    }

    /// @dev The submitter picks the gas. Whatever it picks, either nothing happened (no root, no
    /// consumed message, the vault running) or the vault is paused: never a consumed pause that
    /// paused nothing. Both outcomes occur across the range, and some limits let every signature
    /// verify yet are refused by the receiver's stipend check.
    function test_CallerChosenGasNeverConsumesALeafWhoseCallFailed() external {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        bytes32 id = this.idOf(pause);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        bytes memory call =
            abi.encodeCall(roots.setRootAndExecuteLeaf, (root, validUntil, signers, sigs, pause, proof));
        bool starvedByTheReceiver;
        for (uint256 gas = 40_000; gas <= 600_000; gas += 5000) {
            (bool ok, bytes memory reason) = address(roots).call{gas: gas}(call);
            if (!ok) {
                _assertRootUnset(root);
                _assertNeverSeen(id);
                assertFalse(VaultV1(a.vault).paused(), "a failed call paused nothing");
                if (bytes4(reason) == IUpgradeReceiver.ReceiverEmergencyGasTooLow.selector) {
                    starvedByTheReceiver = true;
                }
                continue;
            }
            assertTrue(VaultV1(a.vault).paused(), "a consumed pause paused the vault");
            _assertStatus(id, IUpgradeReceiver.MessageStatus.Executed);
            assertTrue(starvedByTheReceiver, "some lower limit got past the signatures and was refused");
            return;
        }
        revert("no gas limit up to 600,000 paused the vault");
    }

    // ─── helpers ────────────────────────────────────────────────────────────────────────────

    /// @dev One second past `validUntil` (the root set in time first when `setInTime`), the call
    /// reverts `RootExpired` and the vault keeps running.
    function _assertExpiredRootRefused(bool setInTime) internal {
        (bytes memory pause, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signedBy(_rootDigest(root), EMERGENCY_QUORUM);
        if (setInTime) roots.setRoot(root, validUntil, signers, sigs);
        vm.warp(uint256(validUntil) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootExpired.selector, root, validUntil, block.timestamp)
        );
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, pause, proof);
        assertFalse(VaultV1(a.vault).paused());
    }

    function _assertRootUnset(bytes32 root) internal view {
        assertEq(roots.rootState(root).validUntil, 0, "the root was left set");
    }

    /// @dev How many of `logs` the adapter emitted with `topic0`.
    function _count(Vm.Log[] memory logs, bytes32 topic0) internal view returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(roots) && logs[i].topics[0] == topic0) ++n;
        }
    }
}
