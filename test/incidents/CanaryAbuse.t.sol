// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {VaultV3Malicious} from "../../contracts/example/VaultV3Malicious.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";
import {Vm} from "forge-std/Test.sol";

/// @title Canary abuse: a liveness probe turned into a weapon
/// @notice The threat: a canary is a message anyone watching the path wants sent often, through
/// the same guardians, adapters and receivers as an upgrade. Bridges have been drained through
/// "harmless" message kinds that shared a handler with privileged ones (Poly Network's
/// `verifyHeaderAndExecuteTx` reached the keeper through a generic call). An attacker would like a
/// canary to upgrade or pause something, to consume or block a later real message, to be replayed,
/// to be accepted from another origin or chain, or simply to be sent at will so the guardians sign
/// and the relayer pays for it without end.
/// @notice Lockstep's defence: only a hub reporter may ask for a canary, at most once per
/// `CANARY_INTERVAL`; the receiver runs the same adapter, route and replay checks as for an
/// upgrade, and at quorum only marks the canary `Executed` and emits `CanaryReceived`. The
/// canary's kind names no target and no implementation, and its id is its own (hub nonce based).
contract CanaryAbuseTest is IncidentFixture {
    // ─── Who may send one ───────────────────────────────────────────────────────────────────

    function test_RevertWhen_OutsiderAsksForACanary() external {
        uint64 nonceBefore = hub.nonce();
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotReporter.selector, attacker));
        hub.dispatchCanary();
        // Neither the council nor the timelock is a reporter: the canary is not a governance act.
        vm.prank(a.council);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotReporter.selector, a.council));
        hub.dispatchCanary();
        assertEq(hub.nonce(), nonceBefore, "a refused canary used hub nonces");
        assertEq(hub.lastCanaryAt(), 0);
    }

    function test_RevertWhen_ReporterSpamsCanaries() external {
        vm.prank(relayer);
        hub.dispatchCanary();
        uint40 sentAt = uint40(block.timestamp);
        uint256 next = block.timestamp + hub.CANARY_INTERVAL();
        vm.warp(next - 1);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceHub.HubCanaryTooSoon.selector, sentAt, next, next - 1)
        );
        hub.dispatchCanary();
        vm.warp(next);
        vm.prank(relayer);
        hub.dispatchCanary(); // one per interval, no more
    }

    // ─── What it does on a receiver ─────────────────────────────────────────────────────────

    function test_CanaryChangesNothingButItsOwnRecord() external {
        (bytes32 canaryId, bytes[] memory messages) = _dispatchCanary();
        assertEq(messages.length, 2, "one canary per configured chain");
        bytes memory home = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(home);
        ChainState memory before = _state();
        uint40 sentAt = uint40(block.timestamp);
        vm.warp(block.timestamp + 42);

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.CanaryReceived(id, canaryId, sentAt);
        _deliver(a, home);

        _assertUnchanged(before);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Executed);
        (uint40 pausedAt, uint64 pauseNonce) = receiver.lastPause(a.vault);
        assertEq(pausedAt, 0, "a canary touched the pause ordering");
        assertEq(pauseNonce, 0, "a canary touched the pause ordering");
    }

    function test_RevertWhen_CanaryIsExecutedCancelledOrReplayed() external {
        (, bytes[] memory messages) = _dispatchCanary();
        bytes memory home = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(home);
        _deliver(a, home);

        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        receiver.execute(home);

        vm.prank(chainGuardian);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotCancellable.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        receiver.cancel(id);

        vm.prank(a.guardianAdapter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        receiver.confirmMessage(home);
    }

    function test_RevertWhen_CanaryComesFromAnotherOriginOrGoesToAnotherChain() external {
        (, bytes[] memory messages) = _dispatchCanary();
        // The satellite's canary relayed here: the envelope names chain 10.
        bytes memory forSatellite = _messageFor(messages, SATELLITE_CHAIN);
        vm.prank(a.guardianAdapter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverWrongDestination.selector, SATELLITE_CHAIN, HUB_CHAIN
            )
        );
        receiver.confirmMessage(forSatellite);

        // A canary from the attacker's own "hub", even with an adapter vouching for it.
        bytes memory payload = _canaryPayload(keccak256("fake"));
        (bytes memory forged,) = _forge(HUB_CHAIN, payload);
        forged = _withSender(forged, attacker);
        vm.prank(a.guardianAdapter);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongSender.selector, attacker, a.hub)
        );
        receiver.confirmMessage(forged);
    }

    function test_CanaryKindCarryingAnUpgradeBodyActsOnNothing() external {
        // Worst case: a message with the canary kind but an upgrade's body, vouched for.
        ChainState memory before = _state();
        bytes memory drain = _upgradePayload(
            a.vault, vaultV3, vaultV3.codehash, abi.encodeCall(VaultV3Malicious.initializeV3, (attacker))
        );
        (, bytes memory upgradeBody) = abi.decode(drain, (uint8, bytes));
        (bytes memory asCanary, bytes32 id) =
            _forge(HUB_CHAIN, abi.encode(UpgradePayload.KIND_CANARY, upgradeBody));
        vm.prank(a.guardianAdapter);
        try receiver.confirmMessage(asCanary) {
            _assertStatus(id, IUpgradeReceiver.MessageStatus.Executed);
        } catch {
            _assertNeverSeen(id);
        }
        vm.expectRevert();
        receiver.execute(asCanary);
        _assertUnchanged(before);
    }

    // ─── It never blocks a real message ─────────────────────────────────────────────────────

    function test_CanaryNeverBlocksALaterUpgradeInAnyOrder() external {
        (, bytes[] memory canaries) = _dispatchCanary();
        (bytes memory upgrade, bytes32 upgradeId) =
            _queueApproved(_homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        // The older canary arrives after the newer upgrade: still accepted, and the upgrade runs.
        _deliver(a, _messageFor(canaries, HUB_CHAIN));
        _assertStatus(upgradeId, IUpgradeReceiver.MessageStatus.Queued);
        receiver.execute(upgrade);
        assertEq(_implementation(a.vault), a.vaultV2);

        // And a canary delivered first leaves the next pause untouched in its ordering.
        vm.warp(block.timestamp + hub.CANARY_INTERVAL());
        (, bytes[] memory next) = _dispatchCanary();
        _deliver(a, _messageFor(next, HUB_CHAIN));
        _assertStatus(upgradeId, IUpgradeReceiver.MessageStatus.Executed);
    }

    // ─── Helpers ────────────────────────────────────────────────────────────────────────────

    /// @dev The relayer (a hub reporter) asks for a canary; returns its id and messages.
    function _dispatchCanary() internal returns (bytes32 canaryId, bytes[] memory messages) {
        vm.recordLogs();
        vm.prank(relayer);
        canaryId = hub.dispatchCanary();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        messages = _dispatchedMessages(logs);
    }

    function _canaryPayload(bytes32 canaryId) internal view returns (bytes memory) {
        return UpgradePayload.encodeCanary(
            UpgradePayload.Canary({canaryId: canaryId, sentAt: uint40(block.timestamp)})
        );
    }

    /// @dev `encoded` with its sender replaced (the message's fifth word).
    function _withSender(bytes memory encoded, address sender) internal pure returns (bytes memory) {
        // abi.encode(Message): word 0 is the tuple offset, then version, nonce, src, dst, sender.
        assembly ("memory-safe") {
            mstore(add(encoded, add(0x20, mul(5, 0x20))), sender)
        }
        return encoded;
    }
}
