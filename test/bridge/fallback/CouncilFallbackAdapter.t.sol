// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {IBridgeAdapter} from "../../../contracts/interfaces/IBridgeAdapter.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {CouncilFallbackAdapterFixture} from "./CouncilFallbackAdapterFixture.sol";

/// @notice `ratify`: who may submit, what counts as a quorum, and every signature-side revert.
contract CouncilFallbackAdapterTest is CouncilFallbackAdapterFixture {
    /// @dev secp256k1 group order.
    uint256 private constant _CURVE_ORDER =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function test_SetUpState() public view {
        assertEq(adapter.members(), members, "members");
        assertEq(adapter.threshold(), THRESHOLD, "threshold");
        assertEq(adapter.rotationNonce(), 0, "nonce");
        for (uint256 i; i < SIZE; ++i) {
            assertTrue(adapter.isMember(members[i]), "member");
        }
        assertFalse(adapter.isMember(address(0)), "zero is no member");
        assertFalse(adapter.isMember(relayer), "relayer is no member");
        assertEq(adapter.transport(), "council-fallback", "transport");
        assertEq(adapter.receiver(), address(receiver), "receiver");
        (uint64 chainId, address sender) = adapter.trustedOrigin();
        assertEq(chainId, HUB_CHAIN_ID, "hub chain");
        assertEq(sender, hub, "hub");
    }

    function test_DigestsFollowEip712() public view {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Lockstep Fallback Verifier"),
                keccak256("1"),
                block.chainid,
                address(adapter)
            )
        );
        assertEq(adapter.domainSeparator(), domain, "domain");
        bytes32 messageId = keccak256("message");
        bytes32 structHash = keccak256(abi.encode(keccak256("Ratification(bytes32 messageId)"), messageId));
        assertEq(
            adapter.ratificationDigest(messageId),
            keccak256(abi.encodePacked("\x19\x01", domain, structHash)),
            "ratification digest"
        );
        bytes32 rotationHash = keccak256(
            abi.encode(
                keccak256("MembersRotation(address[] newMembers,uint8 newThreshold,uint32 nonce)"),
                keccak256(abi.encodePacked(members)),
                uint8(6),
                uint32(3)
            )
        );
        assertEq(
            adapter.rotationDigest(members, 6, 3),
            keccak256(abi.encodePacked("\x19\x01", domain, rotationHash)),
            "rotation digest"
        );
    }

    function test_Ratify_ForwardsAtThreshold() public {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        vm.expectEmit(address(adapter));
        emit IFallbackAdapter.MessageRatified(messageId, THRESHOLD);
        vm.expectEmit(address(adapter));
        emit IBridgeAdapter.MessageForwarded(messageId, HUB_CHAIN_ID, address(receiver));
        assertEq(_ratify(message, THRESHOLD), messageId, "returned id");
        (address confirmedBy, uint96 count) = _confirmations(messageId);
        assertEq(confirmedBy, address(adapter), "confirmed by adapter");
        assertEq(count, 1, "one confirmation");
    }

    function test_Ratify_AllMembers() public {
        MessageCodec.Message memory message = _message(1);
        vm.expectEmit(address(adapter));
        emit IFallbackAdapter.MessageRatified(MessageCodec.id(message), SIZE);
        _ratify(message, SIZE);
    }

    /// @dev Who may call: anyone; the signatures are the authority, not the caller.
    function testFuzz_Ratify_AnyoneMaySubmit(address caller) public {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, messageId, members, pks, THRESHOLD);
        vm.prank(caller);
        adapter.ratify(MessageCodec.encode(message), signers, signatures);
        (, uint96 count) = _confirmations(messageId);
        assertEq(count, 1, "forwarded");
    }

    /// @dev Any subset of the nine members: forwarded iff it has at least five.
    function testFuzz_Ratify_Subset(uint16 mask) public {
        mask = uint16(bound(mask, 0, (1 << SIZE) - 1));
        uint256[] memory indices = _indices(mask);
        MessageCodec.Message memory message = _message(7);
        bytes32 messageId = MessageCodec.id(message);
        (address[] memory signers, bytes[] memory signatures) =
            signAs(adapter.ratificationDigest(messageId), members, pks, indices);
        bytes memory encoded = MessageCodec.encode(message);
        if (indices.length < THRESHOLD) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IFallbackAdapter.FallbackThresholdNotMet.selector, indices.length, THRESHOLD
                )
            );
            adapter.ratify(encoded, signers, signatures);
        } else {
            vm.expectEmit(address(adapter));
            emit IFallbackAdapter.MessageRatified(messageId, indices.length);
            adapter.ratify(encoded, signers, signatures);
        }
        (, uint96 count) = _confirmations(messageId);
        assertEq(count, indices.length < THRESHOLD ? 0 : 1, "forwarded iff quorum");
    }

    /// @dev A quorum-sized subset with one signature taken from another member is refused at that position.
    function testFuzz_RevertWhen_OneSignatureForged(uint16 mask, uint256 position) public {
        mask = uint16(bound(mask, 0, (1 << SIZE) - 1));
        uint256[] memory indices = _indices(mask);
        vm.assume(indices.length >= THRESHOLD);
        position = bound(position, 0, indices.length - 1);
        MessageCodec.Message memory message = _message(7);
        (address[] memory signers, bytes[] memory signatures) =
            signAs(adapter.ratificationDigest(MessageCodec.id(message)), members, pks, indices);
        signatures[position] = signatures[(position + 1) % indices.length];
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackSignatureInvalid.selector, position, signers[position]
            )
        );
    }

    function test_RevertWhen_ThresholdNotMet() public {
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD - 1);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackThresholdNotMet.selector, THRESHOLD - 1, THRESHOLD
            )
        );
    }

    function test_RevertWhen_SignatureCountMismatch() public {
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory all) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD);
        bytes[] memory signatures = new bytes[](THRESHOLD - 1);
        for (uint256 i; i < signatures.length; ++i) {
            signatures[i] = all[i];
        }
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackSignatureCountMismatch.selector, THRESHOLD, THRESHOLD - 1
            )
        );
    }

    function test_RevertWhen_TooManySigners() public {
        MessageCodec.Message memory message = _message(1);
        address[] memory signers = new address[](SIZE + 1);
        bytes[] memory signatures = new bytes[](SIZE + 1);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackTooManySigners.selector, SIZE + 1, SIZE)
        );
    }

    function test_RevertWhen_SignersNotAscending() public {
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD);
        (signers[1], signers[2]) = (signers[2], signers[1]);
        (signatures[1], signatures[2]) = (signatures[2], signatures[1]);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackSignersNotAscending.selector, 2, members[1], members[2]
            )
        );
    }

    /// @dev One member signing twice cannot make up for a missing member.
    function test_RevertWhen_SignerRepeated() public {
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD);
        signers[1] = signers[0];
        signatures[1] = signatures[0];
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackSignersNotAscending.selector, 1, members[0], members[0]
            )
        );
    }

    function test_RevertWhen_SignerZero() public {
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD);
        signers[0] = address(0);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackSignersNotAscending.selector, 0, address(0), address(0)
            )
        );
    }

    /// @dev Who cannot ratify: an outsider's valid signature, placed in order, is refused.
    function test_RevertWhen_SignerNotMember() public {
        (address outsider, uint256 outsiderPk) = makeAddrAndKey("outsider");
        MessageCodec.Message memory message = _message(1);
        bytes32 digest = adapter.ratificationDigest(MessageCodec.id(message));
        // Four members plus the outsider, sorted by address.
        address[] memory keys = new address[](THRESHOLD);
        uint256[] memory keyPks = new uint256[](THRESHOLD);
        for (uint256 i; i < THRESHOLD - 1; ++i) {
            (keys[i], keyPks[i]) = (members[i], pks[i]);
        }
        (keys[THRESHOLD - 1], keyPks[THRESHOLD - 1]) = (outsider, outsiderPk);
        for (uint256 i = THRESHOLD - 1; i > 0 && keys[i - 1] > keys[i]; --i) {
            (keys[i - 1], keys[i]) = (keys[i], keys[i - 1]);
            (keyPks[i - 1], keyPks[i]) = (keyPks[i], keyPks[i - 1]);
        }
        uint256 position = _positionOf(keys, outsider);
        (address[] memory signers, bytes[] memory signatures) =
            signAs(digest, keys, keyPks, firstMembers(THRESHOLD));
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackNotMember.selector, position, outsider)
        );
    }

    function test_RevertWhen_SignatureOverOtherMessage() public {
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(_message(2)), members, pks, THRESHOLD);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
    }

    /// @dev The high-s twin of a valid signature recovers to the member, yet is refused.
    function test_RevertWhen_SignatureMalleable() public {
        MessageCodec.Message memory message = _message(1);
        bytes32 digest = adapter.ratificationDigest(MessageCodec.id(message));
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pks[3], digest);
        bytes32 highS = bytes32(_CURVE_ORDER - uint256(s));
        uint8 flippedV = v == 27 ? 28 : 27;
        assertEq(ecrecover(digest, flippedV, r, highS), members[3], "twin recovers to the member");
        signatures[3] = abi.encodePacked(r, highS, flippedV);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 3, members[3])
        );
    }

    /// @dev Only 65-byte `r ‖ s ‖ v` signatures are read for an EOA member.
    function test_RevertWhen_SignatureCompact() public {
        MessageCodec.Message memory message = _message(1);
        bytes32 digest = adapter.ratificationDigest(MessageCodec.id(message));
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, THRESHOLD);
        (bytes32 r, bytes32 vs) = vm.signCompact(pks[0], digest);
        signatures[0] = abi.encodePacked(r, vs);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
    }

    /// @dev A bare `messageId` under this domain (the guardian attestation's shape) is not a ratification.
    function test_RevertWhen_SignatureOverUntypedId() public {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        bytes32 untyped = keccak256(abi.encodePacked("\x19\x01", adapter.domainSeparator(), messageId));
        (address[] memory signers, bytes[] memory signatures) =
            signAs(untyped, members, pks, firstMembers(THRESHOLD));
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
    }

    /// @dev Signatures for another fallback adapter (same council, same chain) do not count here.
    function test_RevertWhen_SignedForOtherAdapter() public {
        CouncilFallbackAdapter other = _deploy(members, THRESHOLD);
        MessageCodec.Message memory message = _message(1);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(other, MessageCodec.id(message), members, pks, THRESHOLD);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
    }

    /// @dev Member indices whose bit is set in `mask`, ascending.
    function _indices(uint16 mask) private pure returns (uint256[] memory indices) {
        uint256 count;
        for (uint256 i; i < SIZE; ++i) {
            if (mask & (1 << i) != 0) ++count;
        }
        indices = new uint256[](count);
        uint256 j;
        for (uint256 i; i < SIZE; ++i) {
            if (mask & (1 << i) != 0) indices[j++] = i;
        }
    }

    function _positionOf(address[] memory list, address account) private pure returns (uint256) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == account) return i;
        }
        revert("not found");
    }
}
