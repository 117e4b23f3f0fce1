// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReceiverFixture} from "../utils/ReceiverFixture.sol";

/// @notice Execution gas of the two hot paths, recorded in `snapshots/UpgradeReceiver.json` and
/// held under their budgets: queueing one upgrade (1-of-2) and executing one UUPS upgrade,
/// codehash check and registry update included. Every account the measured call touches is
/// cooled first (`vm.cool`), so the numbers are those of a real transaction.
contract UpgradeReceiverGasTest is ReceiverFixture {
    /// @dev Target 26k, not met: measured 31,002 cold (was 34,088). The fresh message slot
    /// (22.1k) and the two events the queue emits (3.8k) alone take 25.9k.
    uint256 internal constant QUEUE_BUDGET = 31_100;
    /// @dev Target 50k, not met yet: measured 53,399 cold (was 59,263). Of it, fixed costs: the
    /// proxy's own upgrade 13.4k, three cold accounts 7.8k, the message slot 5k, the proxy record
    /// 2.1k, the registry's three cold reads and two writes 14.2k, two events 4.4k.
    uint256 internal constant EXECUTE_BUDGET = 53_500;

    uint40 internal activation;
    bytes internal encoded;

    function setUp() public override {
        super.setUp();
        activation = _activation();
        (encoded,) = _upgradeToV2(activation);
    }

    function test_GasConfirmMessageQueuesUpgrade() external {
        _coolAll();
        vm.prank(adapterA);
        receiver.confirmMessage(encoded);
        uint256 used = vm.snapshotGasLastCall("UpgradeReceiver", "confirmMessage_queueOneUpgrade");
        assertLe(used, QUEUE_BUDGET);
    }

    function test_GasExecuteOneUupsUpgrade() external {
        _confirm(adapterA, encoded);
        vm.warp(activation);
        _coolAll();
        receiver.execute(encoded);
        uint256 used = vm.snapshotGasLastCall("UpgradeReceiver", "execute_oneUupsUpgrade");
        assertLe(used, EXECUTE_BUDGET);
    }

    function _coolAll() private {
        vm.cool(address(receiver));
        vm.cool(address(registry));
        vm.cool(address(vault));
        vm.cool(address(v1Impl));
        vm.cool(address(v2Impl));
    }
}
