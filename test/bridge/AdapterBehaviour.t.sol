// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {AdapterTestBase} from "../utils/AdapterTestBase.sol";

/// @notice What every bridge adapter does whatever its transport (`BaseAdapter`'s one entry): a
/// message its transport proved is forwarded to the one receiver, and refused, proof or not, when
/// its envelope is not the hub's (origin), not for this chain (destination), not for this
/// adapter's receiver, of an unknown version, or not in the hub's canonical layout.
/// @dev Each adapter's tests extend this suite and say how its transport proves a message
/// (`_submitProven`); a new adapter gets these tests by implementing the two hooks.
abstract contract AdapterBehaviour is AdapterTestBase {
    /// @dev The adapter under test, forwarding to `receiver` and trusting `hub` on `HUB_CHAIN_ID`.
    function _adapterUnderTest() internal view virtual returns (IBridgeAdapter);

    /// @dev Proves `messageId` by the transport's own means (a full quorum of valid signatures, say)
    /// and submits `encodedMessage` as the relayer. When `reason` is not empty, expects the
    /// submission to revert with exactly `reason`.
    function _submitProven(bytes memory encodedMessage, bytes32 messageId, bytes memory reason)
        internal
        virtual
        returns (bytes32);

    function test_TrustsTheHubAndServesItsReceiver() external view {
        IBridgeAdapter adapter = _adapterUnderTest();
        assertEq(adapter.receiver(), address(receiver));
        (uint64 chainId, address sender) = adapter.trustedOrigin();
        assertEq(chainId, HUB_CHAIN_ID);
        assertEq(sender, hub);
    }

    function test_ForwardsAProvenMessage() external {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        address adapter = address(_adapterUnderTest());
        vm.expectEmit(adapter);
        emit IBridgeAdapter.MessageForwarded(messageId, HUB_CHAIN_ID, address(receiver));
        assertEq(_submitProven(MessageCodec.encode(message), messageId, ""), messageId);
        (address confirmedBy, uint96 count) = receiver.confirmation(messageId);
        assertEq(confirmedBy, adapter, "confirming adapter");
        assertEq(count, 1, "confirmations");
    }

    function test_RevertWhen_UntrustedSourceChain() external {
        MessageCodec.Message memory message = _message(1);
        message.srcChainId = HUB_CHAIN_ID + 1;
        _submitReverts(
            message,
            abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, HUB_CHAIN_ID + 1, hub)
        );
    }

    function test_RevertWhen_UntrustedSender() external {
        MessageCodec.Message memory message = _message(1);
        message.sender = relayer;
        _submitReverts(
            message,
            abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, HUB_CHAIN_ID, relayer)
        );
    }

    function test_RevertWhen_WrongDestination() external {
        MessageCodec.Message memory message = _message(1);
        message.dstChainId = uint64(block.chainid) + 1;
        _submitReverts(
            message,
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterWrongDestination.selector, block.chainid + 1, block.chainid
            )
        );
    }

    function test_RevertWhen_WrongReceiver() external {
        MessageCodec.Message memory message = _message(1);
        message.receiver = address(_adapterUnderTest());
        _submitReverts(
            message,
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterWrongReceiver.selector, address(_adapterUnderTest()), address(receiver)
            )
        );
    }

    function test_RevertWhen_UnsupportedVersion() external {
        MessageCodec.Message memory message = _message(1);
        message.version = MessageCodec.VERSION + 1;
        _submitReverts(
            message,
            abi.encodeWithSelector(
                MessageCodec.MessageCodecUnsupportedVersion.selector, MessageCodec.VERSION + 1
            )
        );
    }

    /// @dev The adapter reads the message in place and accepts only the hub's canonical layout; it
    /// says so with its own error, before any proof is checked.
    function test_RevertWhen_MessageMalformed() external {
        MessageCodec.Message memory message = _message(1);
        bytes memory encoded = MessageCodec.encode(message);
        // The payload's offset word (byte 0xe0) no longer points right after the head.
        encoded[0xe0 + 31] = bytes1(uint8(0x20));
        _submitProven(
            encoded,
            MessageCodec.id(message),
            abi.encodeWithSelector(IBridgeAdapter.AdapterMalformedMessage.selector, 0xe0)
        );
    }

    function testFuzz_RevertWhen_EnvelopeNotTrusted(uint64 srcChainId, address sender, uint64 dstChainId)
        external
    {
        vm.assume(srcChainId != HUB_CHAIN_ID || sender != hub);
        MessageCodec.Message memory message = _message(1);
        (message.srcChainId, message.sender, message.dstChainId) = (srcChainId, sender, dstChainId);
        _submitReverts(
            message,
            abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, srcChainId, sender)
        );
    }

    /// @dev Proves and submits `message`, expecting `reason`; nothing reaches the receiver.
    function _submitReverts(MessageCodec.Message memory message, bytes memory reason) internal {
        bytes32 messageId = MessageCodec.id(message);
        _submitProven(MessageCodec.encode(message), messageId, reason);
        (, uint96 count) = receiver.confirmation(messageId);
        assertEq(count, 0, "nothing forwarded");
    }
}
