// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPausableTarget} from "../interfaces/IPausableTarget.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

/// @title VaultV1
/// @notice Example protocol for Lockstep demos and drills: an ETH vault behind a UUPS proxy.
/// @dev Trust model: the owner (the chain's UpgradeReceiver) authorizes upgrades and may pause;
/// users only move their own balances.
/// DELIBERATELY VULNERABLE, do not deploy with value: `sweep` was meant for the owner but lacks
/// `onlyOwner` and sends the whole balance, so anyone can drain every user's deposit. VaultV2 is
/// the fix that drills ship through Lockstep.
contract VaultV1 is Initializable, OwnableUpgradeable, PausableUpgradeable, UUPSUpgradeable, IPausableTarget {
    /// @dev Layout shared by every version: never reorder, only append.
    mapping(address account => uint256) internal _balances;
    uint256 internal _totalDeposits;

    /// @notice Emitted when `account` deposited `amount`.
    event Deposited(address indexed account, uint256 amount);
    /// @notice Emitted when `account` withdrew `amount`.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when `amount` was swept to `to`.
    event Swept(address indexed to, uint256 amount);

    /// @dev The account holds less than it tried to withdraw.
    error VaultInsufficientBalance(address account, uint256 balance, uint256 amount);
    /// @dev Sending ETH failed.
    error VaultTransferFailed(address to, uint256 amount);

    /// @notice Locks the implementation itself: only proxies are initialized (Parity, Audius lesson).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes a proxy with its owner. Once.
    function initialize(address owner_) external initializer {
        __Ownable_init(owner_);
        __Pausable_init();
    }

    /// @notice Deposits the sent ETH to the caller's balance. Emits {Deposited}.
    function deposit() external payable whenNotPaused {
        _balances[msg.sender] += msg.value;
        _totalDeposits += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Withdraws `amount` of the caller's balance. Emits {Withdrawn}.
    /// @dev Virtual only so that the drill build VaultV3Faulty can ship a broken version of it.
    function withdraw(uint256 amount) external virtual whenNotPaused {
        uint256 balance = _balances[msg.sender];
        if (amount > balance) revert VaultInsufficientBalance(msg.sender, balance, amount);
        _balances[msg.sender] = balance - amount;
        _totalDeposits -= amount;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @notice VULNERABLE (on purpose): anyone can send the vault's entire balance to `to` — unless the
    /// vault is paused, which is what the emergency path buys time with. Emits {Swept}.
    function sweep(address to) external virtual whenNotPaused {
        uint256 amount = address(this).balance;
        emit Swept(to, amount);
        _send(to, amount);
    }

    /// @inheritdoc IPausableTarget
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IPausableTarget
    function unpause() external onlyOwner {
        _unpause();
    }

    /// @inheritdoc IPausableTarget
    function paused() public view override(IPausableTarget, PausableUpgradeable) returns (bool) {
        return super.paused();
    }

    /// @notice The balance of `account`.
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @notice The sum of all balances.
    function totalDeposits() external view returns (uint256) {
        return _totalDeposits;
    }

    /// @notice The implementation's version.
    function version() external pure virtual returns (uint256) {
        return 1;
    }

    /// @dev Only the owner (the receiver) upgrades.
    function _authorizeUpgrade(address) internal override onlyOwner {}

    function _send(address to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert VaultTransferFailed(to, amount);
    }
}
