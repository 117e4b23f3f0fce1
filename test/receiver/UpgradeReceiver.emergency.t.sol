// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";

/// @notice Emergency messages apply in hub-nonce order: a late, older unpause can never undo a
/// newer pause (nor a late pause a newer unpause).
contract UpgradeReceiverEmergencyTest is ReceiverFixture {
    function test_SetUpState() external view {
        assertEq(receiver.lastEmergencyNonce(), 0);
        assertFalse(vault.paused());
    }

    function test_PauseRecordsItsNonce() external {
        (bytes memory pause, bytes32 pauseId) = _emergencyWithNonce(true, 5);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyExecuted(pauseId, "emergency", true, 1);
        _confirm(adapterA, pause);
        assertTrue(vault.paused());
        assertEq(receiver.lastEmergencyNonce(), 5);
    }

    function test_RevertWhen_OlderUnpauseArrivesAfterNewerPause() external {
        (bytes memory pause,) = _emergencyWithNonce(true, 5);
        _confirm(adapterA, pause);
        (bytes memory staleUnpause, bytes32 staleId) = _emergencyWithNonce(false, 3);

        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverStaleEmergency.selector, staleId, 3, 5)
        );
        _confirm(adapterA, staleUnpause);

        assertTrue(vault.paused());
        assertEq(receiver.lastEmergencyNonce(), 5);
        assertEq(uint8(_status(staleId)), uint8(IUpgradeReceiver.MessageStatus.None));
    }

    function test_NewerUnpauseAppliesAfterPause() external {
        (bytes memory pause,) = _emergencyWithNonce(true, 5);
        _confirm(adapterA, pause);
        (bytes memory unpause, bytes32 unpauseId) = _emergencyWithNonce(false, 6);

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyExecuted(unpauseId, "emergency", false, 1);
        _confirm(adapterA, unpause);

        assertFalse(vault.paused());
        assertEq(receiver.lastEmergencyNonce(), 6);
        assertEq(uint8(_status(unpauseId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
    }

    function test_RevertWhen_OlderPauseArrivesAfterNewerUnpause() external {
        (bytes memory unpause,) = _emergencyWithNonce(false, 9);
        _confirm(adapterA, unpause);
        (bytes memory stalePause, bytes32 staleId) = _emergencyWithNonce(true, 8);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverStaleEmergency.selector, staleId, 8, 9)
        );
        _confirm(adapterA, stalePause);
        assertFalse(vault.paused());
    }

    function test_StaleCheckRunsOnlyAtQuorum() external {
        receiver = _deployReceiver(2);
        vault = _deployVault(receiver);
        (bytes memory pause,) = _emergencyWithNonce(true, 5);
        _confirm(adapterA, pause);
        _confirm(adapterB, pause);
        (bytes memory staleUnpause, bytes32 staleId) = _emergencyWithNonce(false, 3);

        // The first confirmation only counts; the refusal comes when quorum would apply it.
        _confirm(adapterA, staleUnpause);
        assertEq(uint8(_status(staleId)), uint8(IUpgradeReceiver.MessageStatus.Pending));
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverStaleEmergency.selector, staleId, 3, 5)
        );
        _confirm(adapterB, staleUnpause);
        assertTrue(vault.paused());
    }

    function test_UpgradesDoNotMoveTheEmergencyNonce() external {
        uint40 activation = _activation();
        nextNonce = 50;
        (bytes memory upgrade,) = _upgradeToV2(activation);
        _confirm(adapterA, upgrade);
        vm.warp(activation);
        receiver.execute(upgrade);
        assertEq(receiver.lastEmergencyNonce(), 0);

        (bytes memory pause,) = _emergencyWithNonce(true, 7);
        _confirm(adapterA, pause);
        assertTrue(vault.paused());
        assertEq(receiver.lastEmergencyNonce(), 7);
    }

    function testFuzz_EmergencyAppliesOnlyInNonceOrder(uint64 first, uint64 second) external {
        vm.assume(first != second);
        (bytes memory pause,) = _emergencyWithNonce(true, first);
        _confirm(adapterA, pause);
        (bytes memory unpause, bytes32 unpauseId) = _emergencyWithNonce(false, second);
        if (second < first) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverStaleEmergency.selector, unpauseId, second, first
                )
            );
        }
        _confirm(adapterA, unpause);
        assertEq(vault.paused(), second < first);
        assertEq(receiver.lastEmergencyNonce(), second < first ? first : second);
    }
}
