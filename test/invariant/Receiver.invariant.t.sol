// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";
import {ReceiverHandler} from "./handlers/ReceiverHandler.sol";

/// @notice Whatever is delivered, warped, executed or cancelled: the vault only ever runs approved
/// code, a message executes at most once, and never outside [executableAt, expiresAt).
contract ReceiverInvariantTest is ReceiverFixture {
    ReceiverHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new ReceiverHandler(
            receiver, adapterA, guardian, hub, address(vault), address(v1Impl), address(v2Impl)
        );
        targetContract(address(handler));
    }

    /// @dev The handler's happy path really executes (the invariants are not vacuous).
    function test_HandlerExecutesAnApprovedUpgrade() external {
        handler.deliver(1, 1, 0);
        handler.warp(2 days);
        handler.execute(0);
        assertEq(handler.successfulExecutions(), 1);
        assertEq(_implementationOf(address(vault)), address(v2Impl));
    }

    function invariant_ImplementationHasApprovedCodehash() external view {
        assertTrue(handler.isApproved(_implementationOf(address(vault)).codehash));
    }

    function invariant_MessageExecutesAtMostOnce() external view {
        uint256 count = handler.messageCount();
        for (uint256 i; i < count; ++i) {
            bytes32 messageId = handler.messageIds(i);
            uint256 executions = handler.executions(messageId);
            assertLe(executions, 1);
            assertEq(executions == 1, _status(messageId) == IUpgradeReceiver.MessageStatus.Executed);
        }
    }

    function invariant_NothingExecutesOutsideItsWindow() external view {
        assertEq(handler.windowViolations(), 0);
    }
}
