// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilHandler} from "../invariant/handlers/CouncilHandler.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";

/// @notice No upgrade reaches the hub without the threshold of its snapshot.
contract SecurityCouncilInvariantTest is CouncilFixture {
    CouncilHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new CouncilHandler(council, timelock, members);
        targetContract(address(handler));
    }

    /// @dev Every upgrade the hub received came through the timelock with >= threshold approvals.
    function invariant_NoUpgradeWithoutThreshold() external view {
        uint256 executed = handler.executedCount();
        assertEq(hub.upgradeCount(), executed);
        for (uint256 i; i < executed; ++i) {
            bytes32 id = handler.executedUpgrades(i);
            assertGe(council.approvals(id), council.quorum(id));
            assertGe(council.approvals(id), 6);
        }
    }
}
