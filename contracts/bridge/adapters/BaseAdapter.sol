// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "../../interfaces/IBridgeAdapter.sol";
import {IMessageReceiver} from "../../interfaces/IMessageReceiver.sol";
import {MessageCalldata} from "../MessageCalldata.sol";

/// @title BaseAdapter
/// @notice The common receiving path of every Lockstep transport.
/// @dev Trust model: a concrete adapter proves, by its own means (guardian signatures, a council
/// vote, another bridge), that the hub sent a message. This base then checks the message's
/// envelope against immutables fixed at deployment (the hub's chain id and address, this chain,
/// the one receiver it serves) and forwards it through `IMessageReceiver.confirmMessage`. It keeps
/// no state and does not replay-protect: the receiver re-checks everything and rejects replays.
/// The adapter must run as itself, never through delegatecall, so the receiver's
/// `msg.sender` check means what it says.
///
/// A transport receives a message in the same three steps (the Wormhole Governance.sol order):
/// `messageId = _messageId(encodedMessage)` (parse), its own proof of `messageId` (verify), then
/// `_forward(encodedMessage, messageId)`, the one entry into the receiver (envelope, forward).
abstract contract BaseAdapter is IBridgeAdapter {
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

    /// @notice The id of a received message, read in place from calldata without decoding it to
    /// memory: what a transport proves before it calls {_forward}.
    /// @dev GAS: `MessageCalldata.messageId` hashes the message where it lies (about 1,300 gas less
    /// than `abi.decode` plus `MessageCodec.id`). Safe: it accepts only the canonical `abi.encode`
    /// layout the hub produces (anything else reverts with `AdapterMalformedMessage`, or with
    /// `MessageCodecUnsupportedVersion`) and returns exactly `MessageCodec.id`, the struct hash the
    /// guardians and the fallback council sign.
    /// @param encodedMessage `MessageCodec.encode(message)`
    /// @return messageId `MessageCodec.id` of the message
    function _messageId(bytes calldata encodedMessage) internal pure returns (bytes32 messageId) {
        (messageId,) = MessageCalldata.messageId(encodedMessage, AdapterMalformedMessage.selector);
    }

    /// @notice The one entry of a received message into the receiver: checks the envelope every
    /// transport shares (origin, destination, receiver), then forwards the message.
    /// @dev SECURITY: `messageId` must be `_messageId(encodedMessage)`, and the transport must have
    /// proven it: that call validated the layout the route words are read from here, so the
    /// envelope checked is the one proven and forwarded. Emits `MessageForwarded`.
    /// @param encodedMessage `MessageCodec.encode(message)`, proven to come from the hub
    /// @param messageId `_messageId(encodedMessage)`
    function _forward(bytes calldata encodedMessage, bytes32 messageId) internal {
        (, uint64 srcChainId, uint64 dstChainId, address sender, address target) =
            MessageCalldata.route(encodedMessage);
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
