// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {IMessageReceiver} from "../../../contracts/interfaces/IMessageReceiver.sol";
import {CouncilFallbackAdapterFixture} from "./CouncilFallbackAdapterFixture.sol";

/// @notice `rotateMembers`: only a threshold of the current members, once per nonce; the old set
/// stops counting at once and the new one ratifies.
contract CouncilFallbackAdapterRotationTest is CouncilFallbackAdapterFixture {
    address[] internal newMembers;
    uint256[] internal newPks;

    function setUp() public override {
        super.setUp();
        (newMembers, newPks) = councilKeys(7, 2);
    }

    function _rotate(uint256 count) internal {
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(adapter, newMembers, 4, members, pks, count);
        vm.prank(relayer);
        adapter.rotateMembers(newMembers, 4, 0, signers, signatures);
    }

    function test_RotateMembers() public {
        vm.expectEmit(address(adapter));
        emit IFallbackAdapter.MembersSet(1, newMembers, 4);
        _rotate(THRESHOLD);
        assertEq(adapter.members(), newMembers, "members");
        assertEq(adapter.threshold(), 4, "threshold");
        assertEq(adapter.rotationNonce(), 1, "nonce");
        assertTrue(adapter.isMember(newMembers[0]), "new member");
        assertFalse(adapter.isMember(members[0]), "old member retired");
    }

    /// @dev After a rotation the new set ratifies with its own threshold and the old set cannot.
    function test_RotateMembers_OldSetStopsCounting() public {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        (address[] memory oldSigners, bytes[] memory oldSignatures) =
            ratifyBy(adapter, messageId, members, pks, THRESHOLD);
        _rotate(THRESHOLD);

        _ratifyReverts(
            message,
            oldSigners,
            oldSignatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackNotMember.selector, 0, members[0])
        );

        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, messageId, newMembers, newPks, 4);
        vm.expectEmit(address(adapter));
        emit IFallbackAdapter.MessageRatified(messageId, 4);
        adapter.ratify(MessageCodec.encode(message), signers, signatures);
    }

    /// @dev A member kept across a rotation keeps signing; the rotated-out ones do not.
    function test_RotateMembers_KeptMemberStillCounts() public {
        // New set: the first six old members plus one newcomer, threshold 4.
        address[] memory kept = new address[](7);
        uint256[] memory keptPks = new uint256[](7);
        for (uint256 i; i < 6; ++i) {
            (kept[i], keptPks[i]) = (members[i], pks[i]);
        }
        (kept[6], keptPks[6]) = (newMembers[0], newPks[0]);
        for (uint256 i = 6; i > 0 && kept[i - 1] > kept[i]; --i) {
            (kept[i - 1], kept[i]) = (kept[i], kept[i - 1]);
            (keptPks[i - 1], keptPks[i]) = (keptPks[i], keptPks[i - 1]);
        }
        (address[] memory signers, bytes[] memory signatures) = rotateBy(adapter, kept, 4, members, pks, 9);
        adapter.rotateMembers(kept, 4, 0, signers, signatures);

        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        (signers, signatures) = ratifyBy(adapter, messageId, kept, keptPks, 4);
        adapter.ratify(MessageCodec.encode(message), signers, signatures);
        (, uint96 count) = _confirmations(messageId);
        assertEq(count, 1, "forwarded");

        // members[8] was rotated out: it is refused even though its signature is valid.
        uint256[] memory withRetired = new uint256[](1);
        withRetired[0] = 8;
        bytes32 digest = adapter.ratificationDigest(messageId);
        (address[] memory retired, bytes[] memory retiredSignature) =
            signAs(digest, members, pks, withRetired);
        (signers, signatures) = ratifyBy(adapter, messageId, kept, keptPks, 4);
        address[] memory five = new address[](5);
        bytes[] memory fiveSignatures = new bytes[](5);
        for (uint256 i; i < 4; ++i) {
            (five[i], fiveSignatures[i]) = (signers[i], signatures[i]);
        }
        (five[4], fiveSignatures[4]) = (retired[0], retiredSignature[0]);
        for (uint256 i = 4; i > 0 && five[i - 1] > five[i]; --i) {
            (five[i - 1], five[i]) = (five[i], five[i - 1]);
            (fiveSignatures[i - 1], fiveSignatures[i]) = (fiveSignatures[i], fiveSignatures[i - 1]);
        }
        uint256 at;
        while (five[at] != members[8]) ++at;
        _ratifyReverts(
            message,
            five,
            fiveSignatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackNotMember.selector, at, members[8])
        );
    }

    /// @dev Who cannot rotate: fewer than the threshold of current members.
    function test_RevertWhen_RotationBelowThreshold() public {
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(adapter, newMembers, 4, members, pks, THRESHOLD - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackThresholdNotMet.selector, THRESHOLD - 1, THRESHOLD
            )
        );
        adapter.rotateMembers(newMembers, 4, 0, signers, signatures);
    }

    /// @dev Who cannot rotate: the incoming set, on its own authority.
    function test_RevertWhen_RotationSignedByNewSet() public {
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(adapter, newMembers, 4, newMembers, newPks, 5);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackNotMember.selector, 0, newMembers[0]));
        adapter.rotateMembers(newMembers, 4, 0, signers, signatures);
    }

    /// @dev A ratification signature is not a rotation signature.
    function test_RevertWhen_RotationSignedAsRatification() public {
        bytes32 pseudoId = keccak256(abi.encodePacked(newMembers));
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, pseudoId, members, pks, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
        adapter.rotateMembers(newMembers, 4, 0, signers, signatures);
    }

    /// @dev Signatures for one threshold do not authorize another.
    function test_RevertWhen_RotationThresholdAltered() public {
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(adapter, newMembers, 4, members, pks, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
        adapter.rotateMembers(newMembers, 5, 0, signers, signatures);
    }

    /// @dev A rotation cannot be replayed: its nonce is spent.
    function test_RevertWhen_RotationReplayed() public {
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(adapter, newMembers, 4, members, pks, THRESHOLD);
        adapter.rotateMembers(newMembers, 4, 0, signers, signatures);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackRotationNonceMismatch.selector, 0, 1));
        adapter.rotateMembers(newMembers, 4, 0, signers, signatures);
    }

    /// @dev A rotation signed for a future nonce is refused before any signature is read.
    function test_RevertWhen_RotationNonceAhead() public {
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackRotationNonceMismatch.selector, 5, 0));
        adapter.rotateMembers(newMembers, 4, 5, new address[](0), new bytes[](0));
    }

    /// @dev The new set must satisfy the constructor's rules.
    function test_RevertWhen_RotationToInvalidSet() public {
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdInvalid.selector, 3, 7));
        adapter.rotateMembers(newMembers, 3, 0, new address[](0), new bytes[](0));

        (address[] memory small,) = councilKeys(4, 3);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackInvalidMemberCount.selector, 4, 5, 9));
        adapter.rotateMembers(small, 3, 0, new address[](0), new bytes[](0));
    }

    /// @dev A rotation never puts the full threshold below the emergency quorum's.
    function test_RevertWhen_RotationThresholdBelowTheEmergencyThreshold() public {
        CouncilFallbackAdapter strict = new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, members, THRESHOLD, 0, 4
        );
        (address[] memory five,) = councilKeys(5, 3);
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(strict, five, 3, members, pks, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackEmergencyThresholdInvalid.selector, 4, 3)
        );
        strict.rotateMembers(five, 3, 0, signers, signatures);
    }
}
