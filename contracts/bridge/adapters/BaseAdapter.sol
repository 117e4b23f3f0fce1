// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "../../interfaces/IBridgeAdapter.sol";
import {IMessageReceiver} from "../../interfaces/IMessageReceiver.sol";
import {ReceiverCalldata} from "../../receiver/ReceiverCalldata.sol";
import {MessageCodec} from "../MessageCodec.sol";

/// @title BaseAdapter
/// @notice The common receiving path of every Lockstep transport.
/// @dev Trust model: a concrete adapter proves, by its own means (guardian signatures, a council
/// vote, another bridge), that the hub sent a message. This base then checks the message's
/// envelope against immutables fixed at deployment (the hub's chain id and address, this chain,
/// the one receiver it serves) and forwards it through `IMessageReceiver.confirmMessage`. It keeps
/// no state and does not replay-protect: the receiver re-checks everything and rejects replays.
/// The adapter must run as itself, never through delegatecall, so the receiver's
/// `msg.sender` check means what it says.
abstract contract BaseAdapter is IBridgeAdapter {
    /// @dev The receiver, the trusted chain id or the trusted sender given at deployment is zero.
    error AdapterInvalidConfiguration(address receiver, uint64 trustedChainId, address trustedSender);
    /// @dev `_forward` ran in another contract's context (delegatecall).
    error AdapterDelegateCallForbidden(address context);

    /// @dev The receiver every verified message is forwarded to.
    IMessageReceiver private immutable _receiver;
    /// @dev The hub's chain id.
    uint64 private immutable _trustedChainId;
    /// @dev The hub's address on `_trustedChainId`.
    address private immutable _trustedSender;
    /// @dev This contract's own address, to detect delegatecalls.
    address private immutable _self;

    /// @param receiver_ the receiver on this chain
    /// @param trustedChainId_ the hub's chain id
    /// @param trustedSender_ the hub's address
    constructor(IMessageReceiver receiver_, uint64 trustedChainId_, address trustedSender_) {
        if (address(receiver_) == address(0) || trustedChainId_ == 0 || trustedSender_ == address(0)) {
            revert AdapterInvalidConfiguration(address(receiver_), trustedChainId_, trustedSender_);
        }
        _receiver = receiver_;
        _trustedChainId = trustedChainId_;
        _trustedSender = trustedSender_;
        _self = address(this);
    }

    /// @inheritdoc IBridgeAdapter
    function receiver() external view returns (address) {
        return address(_receiver);
    }

    /// @inheritdoc IBridgeAdapter
    function trustedOrigin() external view returns (uint64 chainId, address sender) {
        return (_trustedChainId, _trustedSender);
    }

    /// @notice Checks a verified message's envelope and forwards it to the receiver.
    /// @dev For adapters that have not decoded the message themselves. Emits `MessageForwarded`.
    /// @param encodedMessage `MessageCodec.encode(message)`, already proven to come from the hub
    /// @return messageId `MessageCodec.id` of the message
    function _forward(bytes calldata encodedMessage) internal returns (bytes32 messageId) {
        MessageCodec.Message memory message = MessageCodec.decode(encodedMessage);
        messageId = MessageCodec.id(message);
        _forward(encodedMessage, message, messageId);
    }

    /// @notice The id of a message, read in place from calldata without decoding it to memory.
    /// @dev GAS: `ReceiverCalldata.messageId` hashes the message where it lies (about 1,300 gas less
    /// than `abi.decode` plus `MessageCodec.id`). Safe: it accepts only the canonical `abi.encode`
    /// layout the hub produces (anything else reverts with `ReceiverMalformedMessage`, which the
    /// receiver would raise anyway, or with `MessageCodecUnsupportedVersion`) and returns exactly
    /// `MessageCodec.id`, the struct hash the guardians sign.
    /// @param encodedMessage `MessageCodec.encode(message)`
    /// @return messageId `MessageCodec.id` of the message
    function _messageIdInPlace(bytes calldata encodedMessage) internal pure returns (bytes32 messageId) {
        (messageId,) = ReceiverCalldata.messageId(encodedMessage);
    }

    /// @notice Same as `_forward(bytes)`, for an adapter that verified `_messageIdInPlace(encodedMessage)`.
    /// @dev SECURITY: `messageId` must be `_messageIdInPlace(encodedMessage)`: that call validated the
    /// layout the route words are read from here, so the envelope checked is the one forwarded.
    /// Emits `MessageForwarded`.
    function _forwardInPlace(bytes calldata encodedMessage, bytes32 messageId) internal {
        (, uint64 srcChainId, uint64 dstChainId, address sender, address target) =
            ReceiverCalldata.route(encodedMessage);
        _checkAndForward(encodedMessage, messageId, srcChainId, dstChainId, sender, target);
    }

    /// @notice Same as `_forward(bytes)`, for an adapter that already decoded the message to verify it.
    /// @dev SECURITY: `message` must be `MessageCodec.decode(encodedMessage)` and `messageId` must be
    /// `MessageCodec.id(message)`; the envelope checked here is the one forwarded. Emits `MessageForwarded`.
    function _forward(bytes calldata encodedMessage, MessageCodec.Message memory message, bytes32 messageId)
        internal
    {
        _checkAndForward(
            encodedMessage,
            messageId,
            message.srcChainId,
            message.dstChainId,
            message.sender,
            message.receiver
        );
    }

    /// @dev The envelope checks every transport shares, then the call to the receiver.
    /// Emits `MessageForwarded`.
    function _checkAndForward(
        bytes calldata encodedMessage,
        bytes32 messageId,
        uint64 srcChainId,
        uint64 dstChainId,
        address sender,
        address target
    ) private {
        // SECURITY: never run in another contract's context; the receiver trusts this address.
        if (address(this) != _self) revert AdapterDelegateCallForbidden(address(this));
        // SECURITY: only the hub, on its chain, addressing this chain and this adapter's receiver.
        if (srcChainId != _trustedChainId || sender != _trustedSender) {
            revert AdapterUntrustedOrigin(srcChainId, sender);
        }
        if (dstChainId != block.chainid) revert AdapterWrongDestination(dstChainId, block.chainid);
        if (target != address(_receiver)) revert AdapterWrongReceiver(target, address(_receiver));

        _receiver.confirmMessage(encodedMessage);
        emit MessageForwarded(messageId, srcChainId, target);
    }
}
