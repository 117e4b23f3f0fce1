// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

/// @title PriceFeedV1
/// @notice Second example protocol (the worked example of drilling a team's own contracts, see
/// docs/own-contracts.md): a price feed behind a UUPS proxy that lending markets read.
/// @dev Trust model: the owner (the chain's UpgradeReceiver once Lockstep governs it) authorizes
/// upgrades and is meant to be the only price publisher; readers trust the published price.
/// DELIBERATELY VULNERABLE, do not deploy: `setPrice` lacks `onlyOwner`, so anyone can publish
/// any price (and liquidate every borrower that reads it). PriceFeedV2 is the fix.
contract PriceFeedV1 is Initializable, OwnableUpgradeable, UUPSUpgradeable {
    /// @dev Layout shared by every version: never reorder, only append.
    uint256 internal _price;
    uint256 internal _updatedAt;

    /// @notice Emitted when `publisher` set the price to `price`.
    event PriceSet(address indexed publisher, uint256 price);

    /// @notice Locks the implementation itself: only proxies are initialized.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes a proxy with its owner and first price. Once. Emits {PriceSet}.
    function initialize(address initialOwner, uint256 initialPrice) external initializer {
        __Ownable_init(initialOwner);
        _setPrice(initialPrice);
    }

    /// @notice Publishes a new price. BUG: anyone may call it (no `onlyOwner`). Emits {PriceSet}.
    function setPrice(uint256 newPrice) external virtual {
        _setPrice(newPrice);
    }

    /// @notice The last published price.
    function price() external view returns (uint256) {
        return _price;
    }

    /// @notice When the last price was published (block timestamp).
    function updatedAt() external view returns (uint256) {
        return _updatedAt;
    }

    /// @notice The implementation's version.
    function version() external pure virtual returns (uint256) {
        return 1;
    }

    function _setPrice(uint256 newPrice) internal {
        _price = newPrice;
        _updatedAt = block.timestamp;
        emit PriceSet(msg.sender, newPrice);
    }

    /// @dev Only the owner upgrades.
    function _authorizeUpgrade(address) internal override onlyOwner {}
}
