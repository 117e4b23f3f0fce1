// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCalldata} from "../../contracts/bridge/MessageCalldata.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";

/// @notice Exposes MessageCalldata's in-place readers so tests can feed them raw calldata; a
/// malformed layout raises the receiver's error, as in the receiver.
contract MessageCalldataHarness {
    function messageId(bytes calldata encoded) external pure returns (bytes32 id, bytes memory payload) {
        return MessageCalldata.messageId(encoded, IUpgradeReceiver.ReceiverMalformedMessage.selector);
    }

    function route(bytes calldata encoded)
        external
        pure
        returns (uint64 nonce, uint64 srcChainId, uint64 dstChainId, address sender, address receiver)
    {
        MessageCalldata.messageId(encoded, IUpgradeReceiver.ReceiverMalformedMessage.selector);
        return MessageCalldata.route(encoded);
    }

    function kindOf(bytes calldata payload) external pure returns (uint8 kind, bytes memory body) {
        return MessageCalldata.kindOf(payload, IUpgradeReceiver.ReceiverMalformedMessage.selector);
    }

    function upgradeHeader(bytes calldata body)
        external
        pure
        returns (bytes32 proposalId, uint40 activationTime, uint256 count)
    {
        return MessageCalldata.upgradeHeader(body, IUpgradeReceiver.ReceiverMalformedMessage.selector);
    }

    function action(bytes calldata body, uint256 index)
        external
        pure
        returns (
            address proxy,
            address previousImplementation,
            address implementation,
            bytes32 codehash,
            bytes memory data
        )
    {
        return MessageCalldata.action(body, index, IUpgradeReceiver.ReceiverMalformedMessage.selector);
    }
}
