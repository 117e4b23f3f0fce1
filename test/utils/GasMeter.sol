// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

/// @notice Gas benchmark helper. The gas suites (test/gas) run only under the `gas` profile, where
/// `isolate = true` makes every top-level call its own transaction: accounts and storage start
/// cold, as on chain, and `snapshotGasLastCall` measures the whole transaction. For each call two
/// numbers are recorded in `snapshots/<group>.json`:
/// - `<name>`: execution gas, the transaction minus its intrinsic cost (21000 + calldata);
/// - `<name>_tx`: the whole transaction.
abstract contract GasMeter is Test {
    /// @dev Records the last call's transaction gas and derived execution gas.
    function _meter(string memory group, string memory name, bytes memory callData)
        internal
        returns (uint256 execution)
    {
        uint256 txGas = vm.snapshotGasLastCall(group, string.concat(name, "_tx"));
        uint256 intrinsic = 21_000 + _calldataCost(callData);
        // Outside the gas profile (no isolation) there is no intrinsic cost in the number: refuse
        // to record a meaningless execution figure rather than a wrong one.
        require(txGas > intrinsic, "GasMeter: run with FOUNDRY_PROFILE=gas (isolate)");
        execution = txGas - intrinsic;
        vm.snapshotValue(group, name, execution);
    }

    /// @dev EIP-2028 calldata cost: 16 gas per non-zero byte, 4 per zero byte.
    function _calldataCost(bytes memory data) internal pure returns (uint256 cost) {
        for (uint256 i = 0; i < data.length; ++i) {
            cost += data[i] == 0 ? 4 : 16;
        }
    }
}
