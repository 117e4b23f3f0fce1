// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";

/// @notice Execution gas of `deliver` (the call frame only, no intrinsic or calldata cost), including
/// the recording receiver's decode and one fresh storage slot, standing in for the real receiver's
/// one-slot queue write. Recorded under the "guardian" snapshot group.
contract GuardianAdapterGasTest is GuardianAdapterFixture {
    uint256 private constant _BUDGET_8_OF_15 = 70_000;
    uint256 private constant _BUDGET_13_OF_19 = 100_000;

    function test_Gas_Deliver_8of15() external {
        uint256 used = _measure("deliver_8of15", QUORUM);
        assertLe(used, _BUDGET_8_OF_15);
    }

    function test_Gas_Deliver_13of19() external {
        (keys, pks) = guardianKeys(19, 1);
        adapter = _deploy(keys, 13);
        uint256 used = _measure("deliver_13of19", 13);
        assertLe(used, _BUDGET_13_OF_19);
    }

    function _measure(string memory name, uint256 count) private returns (uint256 used) {
        MessageCodec.Message memory message = _message(1);
        bytes memory encoded = MessageCodec.encode(message);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, count);
        adapter.deliver(encoded, 0, keys, signatures);
        used = vm.snapshotGasLastCall("guardian", name);
        _assertConfirmed(MessageCodec.id(message), 1);
    }
}
