// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PriceFeedV1} from "./PriceFeedV1.sol";

/// @title PriceFeedV2
/// @notice The fix for PriceFeedV1's open `setPrice`: only the owner publishes prices. Same
/// storage layout as V1 and no new state.
/// @dev Trust model: as PriceFeedV1, with the publisher now actually restricted to the owner.
contract PriceFeedV2 is PriceFeedV1 {
    /// @notice Publishes a new price. Only the owner. Emits {PriceSet}.
    function setPrice(uint256 newPrice) external override onlyOwner {
        _setPrice(newPrice);
    }

    /// @inheritdoc PriceFeedV1
    function version() external pure override returns (uint256) {
        return 2;
    }
}
