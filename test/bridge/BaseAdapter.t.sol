// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {BaseAdapter} from "../../contracts/bridge/adapters/BaseAdapter.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {GuardianRecordingReceiver} from "../utils/GuardianRecordingReceiver.sol";
import {BaseAdapterHarness} from "./BaseAdapterHarness.sol";
import {Test} from "forge-std/Test.sol";

/// @notice `BaseAdapter._messageId` then `_forward`: the envelope checks every transport shares, and
/// the delegatecall guard.
contract BaseAdapterTest is Test {
    uint64 internal constant HUB_CHAIN_ID = 1;
    address internal hub = makeAddr("hub");
    GuardianRecordingReceiver internal receiver;
    BaseAdapterHarness internal adapter;

    function setUp() external {
        receiver = new GuardianRecordingReceiver();
        adapter = new BaseAdapterHarness(IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub);
    }

    function _message() internal view returns (MessageCodec.Message memory) {
        return MessageCodec.Message({
            version: MessageCodec.VERSION,
            nonce: 7,
            srcChainId: HUB_CHAIN_ID,
            dstChainId: uint64(block.chainid),
            sender: hub,
            receiver: address(receiver),
            payload: hex"c0ffee"
        });
    }

    function test_Forward() external {
        MessageCodec.Message memory message = _message();
        bytes32 messageId = MessageCodec.id(message);
        vm.expectEmit(address(adapter));
        emit IBridgeAdapter.MessageForwarded(messageId, HUB_CHAIN_ID, address(receiver));
        assertEq(adapter.forward(MessageCodec.encode(message)), messageId);
        (address confirmedBy, uint96 count) = receiver.confirmation(messageId);
        assertEq(confirmedBy, address(adapter));
        assertEq(count, 1);
    }

    function test_RevertWhen_Delegatecalled() external {
        bytes memory encoded = MessageCodec.encode(_message());
        (bool ok, bytes memory reason) =
            address(adapter).delegatecall(abi.encodeCall(adapter.forward, (encoded)));
        assertFalse(ok);
        assertEq(
            reason,
            abi.encodeWithSelector(IBridgeAdapter.AdapterDelegateCallForbidden.selector, address(this))
        );
    }

    function test_RevertWhen_UntrustedOrigin() external {
        MessageCodec.Message memory message = _message();
        message.srcChainId = HUB_CHAIN_ID + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, HUB_CHAIN_ID + 1, hub)
        );
        adapter.forward(MessageCodec.encode(message));
    }

    function test_RevertWhen_WrongDestination() external {
        MessageCodec.Message memory message = _message();
        message.dstChainId = HUB_CHAIN_ID;
        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterWrongDestination.selector, HUB_CHAIN_ID, block.chainid
            )
        );
        adapter.forward(MessageCodec.encode(message));
    }

    function test_RevertWhen_WrongReceiver() external {
        MessageCodec.Message memory message = _message();
        message.receiver = hub;
        vm.expectRevert(
            abi.encodeWithSelector(IBridgeAdapter.AdapterWrongReceiver.selector, hub, address(receiver))
        );
        adapter.forward(MessageCodec.encode(message));
    }

    function testFuzz_ForwardsOnlyTheTrustedEnvelope(uint64 srcChainId, address sender, uint64 dstChainId)
        external
    {
        MessageCodec.Message memory message = _message();
        (message.srcChainId, message.sender, message.dstChainId) = (srcChainId, sender, dstChainId);
        if (srcChainId != HUB_CHAIN_ID || sender != hub) {
            vm.expectRevert(
                abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, srcChainId, sender)
            );
        } else if (dstChainId != block.chainid) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IBridgeAdapter.AdapterWrongDestination.selector, dstChainId, block.chainid
                )
            );
        }
        adapter.forward(MessageCodec.encode(message));
    }
}
