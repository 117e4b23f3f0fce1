// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {MessageCalldataHarness} from "./MessageCalldataHarness.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The in-place reader returns exactly what `abi.decode` and `MessageCodec.id` return for
/// every canonical encoding, and refuses anything else without reading out of bounds.
contract MessageCalldataTest is Test {
    MessageCalldataHarness internal harness;

    function setUp() external {
        harness = new MessageCalldataHarness();
    }

    function testFuzz_IdAndRouteMatchMessageCodec(
        uint64 nonce,
        uint64 src,
        uint64 dst,
        address sender,
        address receiver,
        bytes calldata payload
    ) external view {
        MessageCodec.Message memory message = MessageCodec.Message(
            MessageCodec.VERSION, nonce, src, dst, sender, receiver, payload
        );
        bytes memory encoded = MessageCodec.encode(message);
        (bytes32 id, bytes memory readPayload) = harness.messageId(encoded);
        assertEq(id, MessageCodec.id(message));
        assertEq(readPayload, payload);
        _assertRoute(encoded, message);
    }

    function testFuzz_UpgradeMatchesAbiDecode(
        bytes32 proposalId,
        uint40 activationTime,
        address proxy,
        bytes32 codehash,
        bytes calldata data,
        uint8 count
    ) external view {
        UpgradePayload.UpgradeAction[] memory actions = _actions(proxy, codehash, data, bound(count, 1, 4));
        bytes memory payload =
            UpgradePayload.encodeUpgrade(UpgradePayload.Upgrade(proposalId, activationTime, actions));

        (uint8 kind, bytes memory body) = harness.kindOf(payload);
        assertEq(kind, UpgradePayload.KIND_UPGRADE);
        (bytes32 gotProposal, uint40 gotActivation, uint256 gotCount) = harness.upgradeHeader(body);
        assertEq(gotProposal, proposalId);
        assertEq(gotActivation, activationTime);
        assertEq(gotCount, actions.length);
        for (uint256 i; i < actions.length; ++i) {
            _assertAction(body, i, actions[i]);
        }
    }

    function test_RevertWhen_UnsupportedVersion() external {
        bytes memory encoded = _message();
        _setWord(encoded, 0x20, 2);
        vm.expectRevert(abi.encodeWithSelector(MessageCodec.MessageCodecUnsupportedVersion.selector, 2));
        harness.messageId(encoded);
    }

    /// @dev Every fixed word of the envelope: a dirty or non-canonical value is refused at its offset.
    function test_RevertWhen_EnvelopeWordIsNotCanonical() external {
        uint256[9] memory positions = [uint256(0), 0x20, 0x40, 0x60, 0x80, 0xa0, 0xc0, 0xe0, 0x100];
        uint256[9] memory bad =
            [uint256(0x40), 0x100, 1 << 64, 1 << 64, 1 << 64, 1 << 160, 1 << 160, 0x100, type(uint256).max];
        for (uint256 i; i < positions.length; ++i) {
            bytes memory encoded = _message();
            _setWord(encoded, positions[i], bad[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, positions[i])
            );
            harness.messageId(encoded);
        }
    }

    function test_RevertWhen_EnvelopeIsTruncated() external {
        bytes memory encoded = _message();
        // One byte of payload missing: the length word points past the end.
        assembly {
            mstore(encoded, sub(mload(encoded), 0x21))
        }
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0x100));
        harness.messageId(encoded);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0x11f));
        harness.messageId(new bytes(0x11f));
    }

    function test_RevertWhen_PayloadIsNotCanonical() external {
        bytes memory payload = _upgradePayload();
        _setWord(payload, 0, 0x100);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0));
        harness.kindOf(payload);

        payload = _upgradePayload();
        _setWord(payload, 0, 5); // one past KIND_CANARY
        vm.expectRevert(abi.encodeWithSelector(UpgradePayload.UpgradePayloadUnknownKind.selector, 5));
        harness.kindOf(payload);

        payload = _upgradePayload();
        _setWord(payload, 0x20, 0x60);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0x20));
        harness.kindOf(payload);

        payload = _upgradePayload();
        _setWord(payload, 0x40, payload.length);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0x40));
        harness.kindOf(payload);
    }

    function test_RevertWhen_UpgradeHeaderIsNotCanonical() external {
        uint256[3] memory positions = [uint256(0), 0x40, 0x60];
        uint256[3] memory bad = [uint256(0x40), 1 << 40, 0x80];
        for (uint256 i; i < positions.length; ++i) {
            bytes memory body = _upgradeBody();
            _setWord(body, positions[i], bad[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, positions[i])
            );
            harness.upgradeHeader(body);
        }
    }

    /// @dev Body layout of one action: heads at 0xa0, the action at 0xc0, its data at 0x160.
    function test_RevertWhen_ActionIsOutOfBoundsOrDirty() external {
        bytes memory body = _upgradeBody();
        // Index past the heads.
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0x1c0));
        harness.action(body, 0x120 / 0x20);
        // Offset pointing outside the body, then too close to its end for six head words.
        _setWord(body, 0xa0, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0xa0));
        harness.action(body, 0);
        _setWord(body, 0xa0, body.length - 0xa0 - 0x20);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0xa0));
        harness.action(body, 0);

        // proxy, previous implementation, implementation (dirty), data offset, data length.
        uint256[5] memory positions = [uint256(0xc0), 0xe0, 0x100, 0x140, 0x160];
        uint256[5] memory bad = [uint256(1 << 160), 1 << 160, 1 << 160, 0x80, 0x1000];
        for (uint256 i; i < positions.length; ++i) {
            body = _upgradeBody();
            _setWord(body, positions[i], bad[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, positions[i])
            );
            harness.action(body, 0);
        }
    }

    function _assertRoute(bytes memory encoded, MessageCodec.Message memory expected) private view {
        (uint64 nonce, uint64 src, uint64 dst, address sender, address receiver) = harness.route(encoded);
        assertEq(nonce, expected.nonce);
        assertEq(src, expected.srcChainId);
        assertEq(dst, expected.dstChainId);
        assertEq(sender, expected.sender);
        assertEq(receiver, expected.receiver);
    }

    /// @dev `count` distinct actions whose data lengths differ.
    function _actions(address proxy, bytes32 codehash, bytes calldata data, uint256 count)
        private
        pure
        returns (UpgradePayload.UpgradeAction[] memory actions)
    {
        actions = new UpgradePayload.UpgradeAction[](count);
        for (uint256 i; i < count; ++i) {
            actions[i] = UpgradePayload.UpgradeAction(
                address(uint160(proxy) ^ uint160(i)),
                address(uint160(proxy) ^ uint160(i + 200)),
                address(uint160(proxy) ^ uint160(i + 100)),
                bytes32(uint256(codehash) ^ i),
                i % 2 == 0 ? data : bytes.concat(data, bytes1(uint8(i)))
            );
        }
    }

    function _assertAction(bytes memory body, uint256 index, UpgradePayload.UpgradeAction memory expected)
        private
        view
    {
        (address proxy, address previous, address implementation, bytes32 codehash, bytes memory data) =
            harness.action(body, index);
        assertEq(proxy, expected.proxy);
        assertEq(previous, expected.previousImplementation);
        assertEq(implementation, expected.implementation);
        assertEq(codehash, expected.codehash);
        assertEq(data, expected.data);
    }

    function _upgradeBody() private pure returns (bytes memory) {
        UpgradePayload.UpgradeAction[] memory actions = new UpgradePayload.UpgradeAction[](1);
        actions[0] = UpgradePayload.UpgradeAction(
            address(0xA), address(0xD), address(0xB), bytes32(uint256(0xC)), hex"1234"
        );
        return abi.encode(UpgradePayload.Upgrade(bytes32("p"), 1000, actions));
    }

    function _upgradePayload() private pure returns (bytes memory) {
        return abi.encode(UpgradePayload.KIND_UPGRADE, _upgradeBody());
    }

    function _message() private pure returns (bytes memory) {
        return MessageCodec.encode(
            MessageCodec.Message(MessageCodec.VERSION, 1, 2, 3, address(0xA), address(0xB), _upgradePayload())
        );
    }

    function _setWord(bytes memory data, uint256 position, uint256 value) private pure {
        assembly {
            mstore(add(add(data, 0x20), position), value)
        }
    }
}
