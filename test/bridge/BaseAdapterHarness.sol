// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseAdapter} from "../../contracts/bridge/adapters/BaseAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";

/// @notice Exposes `BaseAdapter`'s parse-and-forward path with no verification of its own, to test the base.
contract BaseAdapterHarness is BaseAdapter {
    constructor(IMessageReceiver receiver_, uint64 trustedChainId_, address trustedSender_)
        BaseAdapter(receiver_, trustedChainId_, trustedSender_)
    {}

    function forward(bytes calldata encodedMessage) external returns (bytes32 messageId) {
        messageId = _messageId(encodedMessage);
        _forward(encodedMessage, messageId);
    }

    function transport() external pure returns (string memory) {
        return "harness";
    }
}
