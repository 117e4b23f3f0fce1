// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "./VaultV1.sol";

/// @title VaultV2
/// @notice The fix for VaultV1's open `sweep`: only the owner may sweep, and only the surplus
/// above users' deposits (ETH sent to the vault by mistake). Same storage layout as V1 and no new
/// state: `initializeV2` is its (optional) migration step, a reinitializer that only re-affirms the
/// owner, so the release passes OpenZeppelin's upgrade-safety validation (an upgradeable contract
/// whose parents need initializing must have an initializer of its own).
/// @dev Trust model: as VaultV1; even the owner can no longer touch user deposits.
contract VaultV2 is VaultV1 {
    /// @notice V2's migration step, through `upgradeToAndCall` or later: V2 adds no state, so it
    /// keeps the current owner and marks the proxy initialized at version 2. Only the owner, once.
    /// @custom:oz-upgrades-validate-as-initializer
    function initializeV2() external reinitializer(2) onlyOwner {
        __Ownable_init(owner());
    }

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
