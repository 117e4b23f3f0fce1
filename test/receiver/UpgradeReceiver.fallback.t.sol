// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";

/// @notice Fallback adapters: an upgrade confirmed by fallback adapters only waits `fallbackDelay`
/// after it is queued (never less than the home timelock's delay in a deployment); one that a
/// primary adapter confirmed waits the usual minimum delay; emergencies stay immediate.
contract UpgradeReceiverFallbackTest is ReceiverFixture {
    uint32 internal constant FALLBACK_DELAY = 2 days;

    /// @dev adapterB is the fallback; `required` confirmations.
    function _withFallback(uint8 required) internal returns (UpgradeReceiver fresh) {
        IUpgradeReceiver.Config memory config = _config(required);
        config.fallbackAdapters = new address[](1);
        config.fallbackAdapters[0] = adapterB;
        config.fallbackDelay = FALLBACK_DELAY;
        fresh = new UpgradeReceiver(config);
        receiver = fresh;
        registry = fresh.registry();
        vault = _deployVault(fresh);
    }

    function test_FallbackConfigIsReadable() external {
        _withFallback(1);
        (address[] memory list, uint32 delay) = receiver.fallbackConfig();
        assertEq(list.length, 1);
        assertEq(list[0], adapterB);
        assertEq(delay, FALLBACK_DELAY);
    }

    function test_WithoutFallbackAdaptersTheDelayIsTheMinimum() external view {
        (address[] memory list, uint32 delay) = receiver.fallbackConfig();
        assertEq(list.length, 0);
        assertEq(delay, MIN_DELAY);
    }

    function test_RevertWhen_FallbackAdapterIsNotAnAdapter() external {
        IUpgradeReceiver.Config memory config = _config(1);
        config.fallbackAdapters = new address[](1);
        config.fallbackAdapters[0] = makeAddr("stranger");
        config.fallbackDelay = FALLBACK_DELAY;
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverInvalidFallbackAdapter.selector, config.fallbackAdapters[0]
            )
        );
        new UpgradeReceiver(config);

        config.fallbackAdapters = new address[](2);
        (config.fallbackAdapters[0], config.fallbackAdapters[1]) = (adapterB, adapterB);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidFallbackAdapter.selector, adapterB)
        );
        new UpgradeReceiver(config);
    }

    function test_RevertWhen_FallbackDelayBelowTheMinimumDelay() external {
        IUpgradeReceiver.Config memory config = _config(1);
        config.fallbackAdapters = new address[](1);
        config.fallbackAdapters[0] = adapterB;
        config.fallbackDelay = MIN_DELAY - 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverInvalidFallbackDelay.selector, MIN_DELAY - 1, MIN_DELAY
            )
        );
        new UpgradeReceiver(config);
    }

    function test_FallbackOnlyUpgradeWaitsTheFallbackDelay() external {
        _withFallback(1);
        uint40 activation = uint40(block.timestamp + MIN_DELAY);
        (bytes memory upgrade, bytes32 id) = _upgradeToV2(activation);
        uint40 executableAt = uint40(block.timestamp + FALLBACK_DELAY);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.ActivationDelayed(id, activation, executableAt);
        _confirm(adapterB, upgrade);
        (,, uint40 queuedExecutableAt,) = receiver.messageState(id);
        assertEq(queuedExecutableAt, executableAt);

        vm.warp(activation);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotYetActive.selector, id, executableAt, activation
            )
        );
        receiver.execute(upgrade);
        vm.warp(executableAt);
        receiver.execute(upgrade);
        assertEq(_running(), address(v2Impl));
    }

    function test_PrimaryAdapterUpgradeWaitsOnlyTheMinimumDelay() external {
        _withFallback(1);
        uint40 activation = uint40(block.timestamp + MIN_DELAY);
        (bytes memory upgrade, bytes32 id) = _upgradeToV2(activation);
        _confirm(adapterA, upgrade);
        (,, uint40 executableAt,) = receiver.messageState(id);
        assertEq(executableAt, activation);
    }

    function test_BothAdaptersAgreeingWaitOnlyTheMinimumDelay() external {
        _withFallback(2);
        uint40 activation = uint40(block.timestamp + MIN_DELAY);
        (bytes memory upgrade, bytes32 id) = _upgradeToV2(activation);
        _confirm(adapterB, upgrade);
        _confirm(adapterA, upgrade);
        (,, uint40 executableAt,) = receiver.messageState(id);
        assertEq(executableAt, activation, "a primary adapter vouched for it");
    }

    function test_FallbackOnlyPauseAppliesAtOnce() external {
        _withFallback(1);
        (bytes memory pause,) = _emergencyWithNonce(true, 1);
        _confirm(adapterB, pause);
        assertTrue(vault.paused());
    }

    function testFuzz_FallbackOnlyNeverExecutesBeforeTheFallbackDelay(uint32 lead, uint32 wait) external {
        _withFallback(1);
        uint40 activation = uint40(block.timestamp + bound(lead, 0, 3 days));
        (bytes memory upgrade, bytes32 id) = _upgradeToV2(activation);
        uint256 queuedAt = block.timestamp;
        _confirm(adapterB, upgrade);
        vm.warp(queuedAt + bound(wait, 0, 4 days));
        (bool ok,) = address(receiver).call(abi.encodeCall(receiver.execute, (upgrade)));
        if (ok) {
            assertGe(block.timestamp, queuedAt + FALLBACK_DELAY);
            assertGe(block.timestamp, activation);
        }
        assertEq(ok, _status(id) == IUpgradeReceiver.MessageStatus.Executed);
    }
}
