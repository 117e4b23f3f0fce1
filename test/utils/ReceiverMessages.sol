// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";

/// @notice Builds hub messages for UpgradeReceiver tests, exactly as the hub would encode them.
library ReceiverMessages {
    /// @notice Origin and destination of a message.
    struct Route {
        uint64 nonce;
        uint64 srcChainId;
        uint64 dstChainId;
        address sender;
        address receiver;
    }

    /// @notice A message on `route` carrying `payload`.
    function message(Route memory route, bytes memory payload)
        internal
        pure
        returns (MessageCodec.Message memory)
    {
        return MessageCodec.Message({
            version: MessageCodec.VERSION,
            nonce: route.nonce,
            srcChainId: route.srcChainId,
            dstChainId: route.dstChainId,
            sender: route.sender,
            receiver: route.receiver,
            payload: payload
        });
    }

    /// @notice The wire bytes and id of `route` + `payload`.
    function encode(Route memory route, bytes memory payload)
        internal
        pure
        returns (bytes memory encoded, bytes32 messageId)
    {
        MessageCodec.Message memory built = message(route, payload);
        return (MessageCodec.encode(built), MessageCodec.id(built));
    }

    /// @notice A KIND_UPGRADE payload.
    function upgrade(bytes32 proposalId, uint40 activationTime, UpgradePayload.UpgradeAction[] memory actions)
        internal
        pure
        returns (bytes memory)
    {
        return UpgradePayload.encodeUpgrade(
            UpgradePayload.Upgrade({proposalId: proposalId, activationTime: activationTime, actions: actions})
        );
    }

    /// @notice One action upgrading `proxy` from `previous` to `implementation`, approving `codehash`.
    function action(
        address proxy,
        address previous,
        address implementation,
        bytes32 codehash,
        bytes memory data
    ) internal pure returns (UpgradePayload.UpgradeAction[] memory actions) {
        actions = new UpgradePayload.UpgradeAction[](1);
        actions[0] = UpgradePayload.UpgradeAction(proxy, previous, implementation, codehash, data);
    }

    /// @notice A KIND_PAUSE (`pause`) or KIND_UNPAUSE payload for one target, issued now.
    function emergency(bool pause, bytes32 actionId, address target) internal view returns (bytes memory) {
        return emergencyAt(pause, actionId, target, uint40(block.timestamp));
    }

    /// @notice A KIND_PAUSE (`pause`) or KIND_UNPAUSE payload for one target, stamped `issuedAt`.
    function emergencyAt(bool pause, bytes32 actionId, address target, uint40 issuedAt)
        internal
        pure
        returns (bytes memory)
    {
        address[] memory targets = new address[](1);
        targets[0] = target;
        return UpgradePayload.encodeEmergency(pause, UpgradePayload.Emergency(actionId, issuedAt, targets));
    }
}
