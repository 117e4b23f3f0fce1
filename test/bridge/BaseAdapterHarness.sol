// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseAdapter} from "../../contracts/bridge/adapters/BaseAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";

/// @notice Exposes `BaseAdapter._forward(bytes)` with no verification of its own, to test the base.
contract BaseAdapterHarness is BaseAdapter {
    constructor(IMessageReceiver receiver_, uint64 trustedChainId_, address trustedSender_)
        BaseAdapter(receiver_, trustedChainId_, trustedSender_)
    {}

    function forward(bytes calldata encodedMessage) external returns (bytes32) {
        return _forward(encodedMessage);
    }

    function transport() external pure returns (string memory) {
        return "harness";
    }
}
