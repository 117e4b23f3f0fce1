// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "./VaultV1.sol";

/// @title VaultV2
/// @notice The fix for VaultV1's open `sweep`: only the owner may sweep, and only the surplus
/// above users' deposits (ETH sent to the vault by mistake). Same storage layout as V1; no new
/// state, so no reinitializer is needed (and `initialize` stays consumed on upgraded proxies).
/// @dev Trust model: as VaultV1; even the owner can no longer touch user deposits.
contract VaultV2 is VaultV1 {
    /// @notice Sends the surplus above total deposits to `to`. Only the owner. Emits {Swept}.
    function sweep(address to) external override onlyOwner {
        uint256 amount = address(this).balance - _totalDeposits;
        emit Swept(to, amount);
        _send(to, amount);
    }

    /// @inheritdoc VaultV1
    function version() external pure virtual override returns (uint256) {
        return 2;
    }
}
