// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";
import {ReceiverMessages} from "../utils/ReceiverMessages.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @notice A pausable target whose `pause()` costs about 200k gas: the kind of target a relayer
/// could starve of gas while the message is consumed (finding: pause gas griefing).
contract ExpensivePausable {
    bool public paused;
    uint256[64] private _scratch;

    function pause() external {
        for (uint256 i; i < 8; ++i) {
            _scratch[i] = block.timestamp + i + 1; // 8 fresh slots: ~177k gas
        }
        paused = true;
    }

    function unpause() external {
        paused = false;
    }
}

/// @notice Emergency ordering: a pause always applies; an unpause applies to a target only if it
/// is newer than every pause applied to that target; a forged "far future" pause holds unpauses
/// back for at most MAX_EMERGENCY_CLOCK_SKEW; every target's call gets its full stipend or the
/// delivery reverts unconsumed.
contract UpgradeReceiverEmergencyTest is ReceiverFixture {
    function test_SetUpState() external view {
        (uint40 issuedAt, uint64 nonce) = receiver.lastPause(address(vault));
        assertEq(issuedAt, 0);
        assertEq(nonce, 0);
        assertFalse(vault.paused());
    }

    function test_PauseRecordsItsOrderPerTarget() external {
        (bytes memory pause, bytes32 pauseId) = _emergencyWithNonce(true, 5);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            pauseId, address(vault), true, IUpgradeReceiver.EmergencyOutcome.Applied
        );
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyExecuted(pauseId, keccak256(abi.encode(uint64(5))), true, 1);
        _confirm(adapterA, pause);
        assertTrue(vault.paused());
        (uint40 issuedAt, uint64 nonce) = receiver.lastPause(address(vault));
        assertEq(issuedAt, block.timestamp);
        assertEq(nonce, 5);
    }

    function test_OlderUnpauseArrivingAfterNewerPauseIsStaleAndConsumed() external {
        (bytes memory pause,) = _emergencyWithNonce(true, 5);
        _confirm(adapterA, pause);
        (bytes memory staleUnpause, bytes32 staleId) = _emergencyWithNonce(false, 3);

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            staleId, address(vault), false, IUpgradeReceiver.EmergencyOutcome.Stale
        );
        _confirm(adapterA, staleUnpause);

        assertTrue(vault.paused(), "a late unpause never undoes a newer pause");
        assertEq(uint8(_status(staleId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
    }

    function test_NewerUnpauseApplies() external {
        (bytes memory pause,) = _emergencyWithNonce(true, 5);
        _confirm(adapterA, pause);
        (bytes memory unpause, bytes32 unpauseId) = _emergencyWithNonce(false, 6);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            unpauseId, address(vault), false, IUpgradeReceiver.EmergencyOutcome.Applied
        );
        _confirm(adapterA, unpause);
        assertFalse(vault.paused());
    }

    function test_LatePauseStillApplies() external {
        // Fail-safe: a pause is never refused for its age (a relayer holding it back gains nothing).
        (bytes memory unpause,) = _emergencyWithNonce(false, 9);
        _confirm(adapterA, unpause);
        (bytes memory latePause, bytes32 lateId) = _emergencyWithNonce(true, 8);
        _confirm(adapterA, latePause);
        assertTrue(vault.paused());
        assertEq(uint8(_status(lateId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
    }

    /// @dev Finding 2: two pauses of different targets delivered out of order both apply.
    function test_PausesOfDifferentTargetsOutOfOrderBothApply() external {
        vm.warp(1000);
        VaultV1 other = _registerSecondVault();
        (bytes memory newer,) = _emergencyAt(true, 9, uint40(block.timestamp), address(other));
        (bytes memory older,) = _emergencyAt(true, 4, uint40(block.timestamp - 10), address(vault));
        _confirm(adapterA, newer);
        _confirm(adapterA, older);
        assertTrue(other.paused());
        assertTrue(vault.paused(), "the older pause of another target is not lost");
    }

    /// @dev Finding 2: an attested pause carrying nonce 2^64-1 and a far-future hub time (say from
    /// a retired guardian set inside its overlap window) cannot disable the emergency path.
    function test_ForgedMaxNoncePauseBlocksNothingForLong() external {
        (bytes memory forged,) = _emergencyAt(true, type(uint64).max, type(uint40).max, address(vault));
        _confirm(adapterA, forged);
        assertTrue(vault.paused());
        (uint40 recorded,) = receiver.lastPause(address(vault));
        assertEq(recorded, block.timestamp + receiver.MAX_EMERGENCY_CLOCK_SKEW(), "clamped to the skew");

        // A later legitimate pause of another target is untouched by it.
        VaultV1 other = _registerSecondVault();
        (bytes memory pauseOther,) = _emergencyWithNonce(true, 7);
        pauseOther = _retarget(pauseOther, 7, address(other));
        _confirm(adapterA, pauseOther);
        assertTrue(other.paused());

        // The council's unpause, issued once the skew has passed, applies.
        vm.warp(block.timestamp + receiver.MAX_EMERGENCY_CLOCK_SKEW() + 1);
        (bytes memory unpause,) = _emergencyWithNonce(false, 8);
        _confirm(adapterA, unpause);
        assertFalse(vault.paused(), "the emergency path still works");

        // And a later pause still applies.
        (bytes memory pauseAgain,) = _emergencyWithNonce(true, 9);
        _confirm(adapterA, pauseAgain);
        assertTrue(vault.paused());
    }

    function test_RevertWhen_UnpauseFromTheFuture() external {
        (bytes memory pause,) = _emergencyWithNonce(true, 1);
        _confirm(adapterA, pause);
        uint256 latest = block.timestamp + receiver.MAX_EMERGENCY_CLOCK_SKEW();
        (bytes memory unpause, bytes32 unpauseId) = _emergencyAt(false, 2, uint40(latest + 1), address(vault));
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverEmergencyFromFuture.selector, unpauseId, uint40(latest + 1), latest
            )
        );
        _confirm(adapterA, unpause);
        assertEq(uint8(_status(unpauseId)), uint8(IUpgradeReceiver.MessageStatus.None), "deliverable later");

        vm.warp(block.timestamp + 2);
        _confirm(adapterA, unpause);
        assertFalse(vault.paused());
    }

    function testFuzz_UnpauseAppliesOnlyIfNewerThanThePause(
        uint40 pauseAt,
        uint64 pauseNonce,
        uint40 unpauseAt,
        uint64 unpauseNonce
    ) external {
        pauseAt = uint40(bound(pauseAt, 1, block.timestamp));
        unpauseAt = uint40(bound(unpauseAt, 1, block.timestamp));
        vm.assume(pauseAt != unpauseAt || pauseNonce != unpauseNonce);
        (bytes memory pause,) = _emergencyAt(true, pauseNonce, pauseAt, address(vault));
        _confirm(adapterA, pause);
        (bytes memory unpause,) = _emergencyAt(false, unpauseNonce, unpauseAt, address(vault));
        _confirm(adapterA, unpause);
        bool newer = unpauseAt > pauseAt || (unpauseAt == pauseAt && unpauseNonce > pauseNonce);
        assertEq(vault.paused(), !newer);
    }

    /// @dev Finding 4: a relayer passing just too little gas cannot leave the message consumed and
    /// the target running.
    function test_RevertWhen_RelayerStarvesAnExpensivePause() external {
        ExpensivePausable target = _registerExpensiveTarget();
        (bytes memory pause, bytes32 pauseId) =
            _emergencyAt(true, 1, uint40(block.timestamp), address(target));
        // Enough for the whole path up to the call, not for the call's full stipend.
        vm.prank(adapterA);
        (bool ok, bytes memory reason) =
            address(receiver).call{gas: 250_000}(abi.encodeCall(receiver.confirmMessage, (pause)));
        assertFalse(ok);
        assertEq(bytes4(reason), IUpgradeReceiver.ReceiverEmergencyGasTooLow.selector);
        assertEq(uint8(_status(pauseId)), uint8(IUpgradeReceiver.MessageStatus.None), "not consumed");
        assertFalse(target.paused());

        // With the gas it needs, the same message pauses the target.
        _confirm(adapterA, pause);
        assertTrue(target.paused());
    }

    function testFuzz_NoGasChoiceConsumesAPauseWithoutPausing(uint256 gas) external {
        ExpensivePausable target = _registerExpensiveTarget();
        (bytes memory pause, bytes32 pauseId) =
            _emergencyAt(true, 1, uint40(block.timestamp), address(target));
        gas = bound(gas, 50_000, 1_500_000);
        vm.prank(adapterA);
        (bool ok,) = address(receiver).call{gas: gas}(abi.encodeCall(receiver.confirmMessage, (pause)));
        bool consumed = _status(pauseId) == IUpgradeReceiver.MessageStatus.Executed;
        assertEq(ok, consumed);
        assertEq(target.paused(), consumed, "consumed iff the target was paused");
    }

    function test_EveryTargetsOutcomeIsEmitted() external {
        ExpensivePausable expensive = _registerExpensiveTarget();
        vm.prank(address(receiver));
        vault.pause();
        address[] memory targets = new address[](3);
        (targets[0], targets[1], targets[2]) = (address(vault), address(expensive), address(0xdead));
        (bytes memory message, bytes32 id) = ReceiverMessages.encode(
            _route(),
            UpgradePayload.encodeEmergency(
                true, UpgradePayload.Emergency("m", uint40(block.timestamp), targets)
            )
        );
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            id, address(vault), true, IUpgradeReceiver.EmergencyOutcome.Unchanged
        );
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            id, address(expensive), true, IUpgradeReceiver.EmergencyOutcome.Applied
        );
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            id, address(0xdead), true, IUpgradeReceiver.EmergencyOutcome.NotRegistered
        );
        _confirm(adapterA, message);
    }

    // ─── helpers ────────────────────────────────────────────────────────────────────────────

    function _registerSecondVault() internal returns (VaultV1 other) {
        other = VaultV1(
            address(
                new ERC1967Proxy(address(v1Impl), abi.encodeCall(VaultV1.initialize, (address(receiver))))
            )
        );
        vm.prank(bootstrapper);
        receiver.registerProxy(
            address(other), IUpgradeReceiver.ProxyKind.UUPS, address(0), "other", address(v1Impl)
        );
    }

    function _registerExpensiveTarget() internal returns (ExpensivePausable target) {
        ExpensivePausable impl = new ExpensivePausable();
        target = ExpensivePausable(
            address(new ERC1967Proxy(address(impl), abi.encodeCall(ExpensivePausable.unpause, ())))
        );
        vm.prank(bootstrapper);
        receiver.registerProxy(
            address(target), IUpgradeReceiver.ProxyKind.UUPS, address(0), "expensive", address(impl)
        );
    }

    /// @dev The same emergency with nonce `nonce`, for `target` instead.
    function _retarget(bytes memory, uint64 nonce, address target)
        internal
        view
        returns (bytes memory encoded)
    {
        (encoded,) = _emergencyAt(true, nonce, uint40(block.timestamp), target);
    }
}
