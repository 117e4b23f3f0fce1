// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {Test} from "forge-std/Test.sol";

/// @dev Exposes the libraries' calldata functions to tests.
contract CodecHarness {
    function decode(bytes calldata encoded) external pure returns (MessageCodec.Message memory) {
        return MessageCodec.decode(encoded);
    }

    function kindOf(bytes calldata payload) external pure returns (uint8 kind, bytes memory body) {
        return UpgradePayload.kindOf(payload);
    }
}

contract MessageCodecTest is Test {
    CodecHarness internal harness = new CodecHarness();

    function _message(bytes memory payload) internal pure returns (MessageCodec.Message memory) {
        return MessageCodec.Message({
            version: MessageCodec.VERSION,
            nonce: 7,
            srcChainId: 1,
            dstChainId: 10,
            sender: address(0x1111),
            receiver: address(0x2222),
            payload: payload
        });
    }

    function testFuzz_DecodeInvertsEncode(uint64 nonce, uint64 src, uint64 dst, bytes calldata payload)
        public
        view
    {
        MessageCodec.Message memory message = _message(payload);
        (message.nonce, message.srcChainId, message.dstChainId) = (nonce, src, dst);
        MessageCodec.Message memory decoded = harness.decode(MessageCodec.encode(message));
        assertEq(MessageCodec.id(decoded), MessageCodec.id(message));
        assertEq(decoded.payload, payload);
        assertEq(decoded.dstChainId, dst);
    }

    function test_IdIsTheEip712StructHash() public pure {
        MessageCodec.Message memory message = _message("hello");
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "Message(uint8 version,uint64 nonce,uint64 srcChainId,uint64 dstChainId,address sender,address receiver,bytes32 payloadHash)"
                ),
                uint8(1),
                uint64(7),
                uint64(1),
                uint64(10),
                address(0x1111),
                address(0x2222),
                keccak256("hello")
            )
        );
        assertEq(MessageCodec.id(message), expected);
    }

    /// @dev Every field is committed to: changing any one changes the id (replay across chains,
    /// receivers or payloads is impossible by construction).
    function testFuzz_IdCommitsToEveryField(uint8 field, uint64 delta) public pure {
        vm.assume(delta != 0);
        MessageCodec.Message memory a = _message("payload");
        MessageCodec.Message memory b = _message("payload");
        field = uint8(bound(field, 0, 5));
        if (field == 0) b.nonce ^= delta;
        else if (field == 1) b.srcChainId ^= delta;
        else if (field == 2) b.dstChainId ^= delta;
        else if (field == 3) b.sender = address(uint160(b.sender) ^ delta);
        else if (field == 4) b.receiver = address(uint160(b.receiver) ^ delta);
        else b.payload = abi.encodePacked(b.payload, delta);
        assertNotEq(MessageCodec.id(a), MessageCodec.id(b));
    }

    function test_RevertWhen_VersionUnknown() public {
        MessageCodec.Message memory message = _message("x");
        message.version = 2;
        vm.expectRevert(abi.encodeWithSelector(MessageCodec.MessageCodecUnsupportedVersion.selector, 2));
        harness.decode(MessageCodec.encode(message));
    }

    function test_RevertWhen_PayloadKindUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(UpgradePayload.UpgradePayloadUnknownKind.selector, 9));
        harness.kindOf(abi.encode(uint8(9), bytes("")));
    }

    function test_EmergencyPayloadRoundTrips() public view {
        address[] memory targets = new address[](2);
        targets[0] = address(0xAA);
        targets[1] = address(0xBB);
        bytes memory payload = UpgradePayload.encodeEmergency(
            true, UpgradePayload.Emergency({actionId: "e", issuedAt: 7, targets: targets})
        );
        (uint8 kind, bytes memory body) = harness.kindOf(payload);
        assertEq(kind, UpgradePayload.KIND_PAUSE);
        assertEq(UpgradePayload.decodeEmergency(body).targets[1], address(0xBB));
    }
}
