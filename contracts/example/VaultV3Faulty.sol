// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV2} from "./VaultV2.sol";

/// @title VaultV3Faulty
/// @notice FOR DRILLS ONLY, never deploy with value. A plausible "V3" release of VaultV2 (same storage
/// layout, no new state, an optional owner-only reinitializer as VaultV2's, version 3) whose refactored `withdraw` carries an honest
/// mistake: the balance check in `_debit` is inverted, so every withdrawal of a real balance reverts
/// with {VaultInsufficientBalance} (and every larger one underflows), while deposits keep working.
/// It exists so drills can prove that the post-upgrade health check catches a bad release that
/// passed review and that a rollback (an upgrade back to VaultV2) restores withdrawals with every
/// balance intact.
/// @dev Trust model: as VaultV2 (the owner, the chain's UpgradeReceiver, upgrades and pauses; the
/// owner only sweeps the surplus). It adds no function and no privileged path; the bug locks funds
/// in until the rollback, it never moves them.
contract VaultV3Faulty is VaultV2 {
    /// @notice V3's (optional) migration step, through `upgradeToAndCall` or later: V3 adds no state,
    /// so it keeps the current owner and marks the proxy initialized at version 3 (so the release
    /// passes OpenZeppelin's upgrade-safety validation, as VaultV2's `initializeV2`). Only the owner,
    /// once; refused on the implementation itself.
    /// @custom:oz-upgrades-validate-as-initializer
    function initializeV3() external reinitializer(3) onlyOwner {
        __Ownable_init(owner());
    }

    /// @notice Withdraws `amount` of the caller's balance. Emits {Withdrawn}.
    /// @dev BROKEN ON PURPOSE (see `_debit`): always reverts, with {VaultInsufficientBalance} when the
    /// caller holds `amount` or more, with an arithmetic underflow otherwise.
    function withdraw(uint256 amount) external override whenNotPaused {
        _debit(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @inheritdoc VaultV2
    function version() external pure override returns (uint256) {
        return 3;
    }

    /// @dev Takes `amount` off `account`'s balance and the total.
    function _debit(address account, uint256 amount) private {
        uint256 balance = _balances[account];
        // DRILL BUG, keep as is: the comparison is inverted (VaultV1 reverts when `amount > balance`).
        if (amount <= balance) revert VaultInsufficientBalance(account, balance, amount);
        _balances[account] = balance - amount;
        _totalDeposits -= amount;
    }
}
