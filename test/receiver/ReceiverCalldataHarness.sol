// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReceiverCalldata} from "../../contracts/receiver/ReceiverCalldata.sol";

/// @notice Exposes ReceiverCalldata's in-place readers so tests can feed them raw calldata.
contract ReceiverCalldataHarness {
    function messageId(bytes calldata encoded) external pure returns (bytes32 id, bytes memory payload) {
        return ReceiverCalldata.messageId(encoded);
    }

    function route(bytes calldata encoded)
        external
        pure
        returns (uint64 nonce, uint64 srcChainId, uint64 dstChainId, address sender, address receiver)
    {
        ReceiverCalldata.messageId(encoded);
        return ReceiverCalldata.route(encoded);
    }

    function kindOf(bytes calldata payload) external pure returns (uint8 kind, bytes memory body) {
        return ReceiverCalldata.kindOf(payload);
    }

    function upgradeHeader(bytes calldata body)
        external
        pure
        returns (bytes32 proposalId, uint40 activationTime, uint256 count)
    {
        return ReceiverCalldata.upgradeHeader(body);
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
        return ReceiverCalldata.action(body, index);
    }
}
