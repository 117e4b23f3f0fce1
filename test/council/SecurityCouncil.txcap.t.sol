// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";
import {TxGas} from "../utils/TxGas.sol";

/// @notice The council's upgrade path against Ethereum's per-transaction gas cap (EIP-7825, 2^24),
/// as whole transactions (execution with cold storage, plus 21000 and calldata or the EIP-7623
/// floor). `proposeUpgrade` keeps the exact timelock call as code (`CodeStore`: 200 gas per byte
/// and 32,000 per 24 kB chunk, ~3.4x cheaper than storage words), so an upgrade of every chain at
/// the 128-action maximum with a realistic initializer fits one transaction, and so does its
/// `schedule`. Numbers are logged and copied into docs/gas.md.
contract SecurityCouncilTxCapTest is CouncilFixture {
    uint256 internal constant TX_GAS_CAP = TxGas.CAP;

    /// @dev Whole-transaction gas of `proposeUpgrade` and then of `schedule` for `n` actions.
    function _measure(uint256 n) internal returns (uint256 propose, uint256 scheduleGas) {
        IGovernanceHub.ChainAction[] memory actions = TxGas.realisticActions(10, n);
        vm.cool(address(council));
        vm.prank(members[0]);
        uint256 before = gasleft();
        bytes32 id = council.proposeUpgrade(actions, keccak256("audit"), "ipfs://audit");
        propose = TxGas.txGas(
            abi.encodeCall(SecurityCouncil.proposeUpgrade, (actions, keccak256("audit"), "ipfs://audit")),
            before - gasleft()
        );
        _approveFirst(id, 6);
        vm.cool(address(council));
        vm.cool(address(timelock));
        before = gasleft();
        council.schedule(id);
        scheduleGas = TxGas.txGas(abi.encodeCall(SecurityCouncil.schedule, (id)), before - gasleft());
        emit log_named_uint(string.concat("proposeUpgrade whole tx, ", vm.toString(n), " actions"), propose);
        emit log_named_uint(string.concat("schedule whole tx, ", vm.toString(n), " actions"), scheduleGas);
    }

    function test_ProposeUpgrade_With128Actions_FitsTheTransactionGasCap() external {
        (uint256 propose, uint256 scheduleGas) = _measure(council.MAX_ACTIONS());
        assertLt(propose, TX_GAS_CAP, "an upgrade of 128 chains must fit one Ethereum transaction");
        assertLt(
            scheduleGas, TX_GAS_CAP, "scheduling reads the call back and writes only the timelock's hash"
        );
    }

    function test_ProposeUpgrade_GrowsLinearlyWithTheActionCount() external {
        (uint256 p32,) = _measure(32);
        (uint256 p64,) = _measure(64);
        (uint256 p128,) = _measure(128);
        assertLe(p64 * 100, p32 * 210, "x2.1 at most per doubling");
        assertLe(p128 * 100, p64 * 210, "x2.1 at most per doubling");
    }
}
