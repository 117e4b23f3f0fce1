// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {CouncilFallbackAdapterFixture} from "./CouncilFallbackAdapterFixture.sol";

/// @notice Execution gas of `ratify` (the call frame only), including the recording receiver's
/// decode and one fresh storage slot, measured the same way as GuardianAdapter's `deliver`.
/// Recorded under the "fallback" snapshot group.
contract CouncilFallbackAdapterGasTest is CouncilFallbackAdapterFixture {
    uint256 private constant _BUDGET_5_OF_9 = 75_000;
    uint256 private constant _BUDGET_9_OF_9 = 105_000;

    function test_Gas_Ratify_5of9() external {
        assertLe(_measure("ratify_5of9", THRESHOLD), _BUDGET_5_OF_9);
    }

    function test_Gas_Ratify_9of9() external {
        assertLe(_measure("ratify_9of9", SIZE), _BUDGET_9_OF_9);
    }

    function _measure(string memory name, uint256 count) private returns (uint256 used) {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, messageId, members, pks, count);
        adapter.ratify(MessageCodec.encode(message), signers, signatures);
        used = vm.snapshotGasLastCall("fallback", name);
        (address confirmedBy,) = _confirmations(messageId);
        assertEq(confirmedBy, address(adapter), "forwarded");
    }
}
