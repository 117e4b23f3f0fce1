// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";

/// @notice Guardian set rotation (governed by the current set) and expiry of rotated-out sets.
contract GuardianAdapterRotationTest is GuardianAdapterFixture {
    address[] internal newKeys;
    uint256[] internal newPks;

    function setUp() public override {
        super.setUp();
        (newKeys, newPks) = guardianKeys(19, 1);
    }

    /// @dev Set 0 (the fixture's) rotates to `newKeys` at 13-of-19; anyone may submit.
    function _rotate() internal returns (uint32) {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, pks, QUORUM);
        vm.prank(relayer);
        return adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
    }

    function test_RotateGuardianSet() external {
        uint40 previousExpiresAt = uint40(block.timestamp + EXPIRY_WINDOW);
        vm.expectEmit(address(adapter));
        emit IGuardianAdapter.GuardianSetAdded(1, guardianKeysHash(newKeys), 13, newKeys);
        vm.expectEmit(address(adapter));
        emit IGuardianAdapter.GuardianSetRotated(1, guardianKeysHash(newKeys), 19, 13, previousExpiresAt);
        assertEq(_rotate(), 1);

        assertEq(adapter.currentGuardianSetIndex(), 1);
        (bytes32 keysHash, uint8 size, uint8 quorum, uint40 expiresAt) = adapter.guardianSet(1);
        assertEq(keysHash, guardianKeysHash(newKeys));
        assertEq(size, 19);
        assertEq(quorum, 13);
        assertEq(expiresAt, 0);
        (,,, expiresAt) = adapter.guardianSet(0);
        assertEq(expiresAt, previousExpiresAt);
    }

    function test_Deliver_NewSetAfterRotation() external {
        _rotate();
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), newPks, 13);
        adapter.deliver(MessageCodec.encode(message), 1, newKeys, signatures);
        _assertConfirmed(MessageCodec.id(message), 1);
    }

    function test_Deliver_PreviousSetInsideWindow() external {
        _rotate();
        vm.warp(block.timestamp + EXPIRY_WINDOW - 1);
        MessageCodec.Message memory message = _message(1);
        _deliver(message, QUORUM);
        _assertConfirmed(MessageCodec.id(message), 1);
    }

    function test_RevertWhen_PreviousSetAfterWindow() external {
        _rotate();
        uint40 expiresAt = uint40(block.timestamp + EXPIRY_WINDOW);
        vm.warp(expiresAt);
        _deliverReverts(
            _message(1),
            QUORUM,
            abi.encodeWithSelector(IGuardianAdapter.GuardianSetExpired.selector, 0, expiresAt)
        );
    }

    function test_RotateTwice_RetiresTheOlderSetAtOnce() external {
        _rotate();
        vm.warp(block.timestamp + 1 hours);
        (address[] memory thirdKeys,) = guardianKeys(5, 2);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, thirdKeys, 3, newPks, 13);

        vm.expectEmit(address(adapter));
        emit IGuardianAdapter.GuardianSetRetired(0, uint40(block.timestamp));
        adapter.rotateGuardianSet(thirdKeys, 3, 1, newKeys, signatures);

        (,,, uint40 expiresAt) = adapter.guardianSet(0);
        assertEq(expiresAt, block.timestamp);
        (,,, expiresAt) = adapter.guardianSet(1);
        assertEq(expiresAt, block.timestamp + EXPIRY_WINDOW);
        _deliverReverts(
            _message(1),
            QUORUM,
            abi.encodeWithSelector(IGuardianAdapter.GuardianSetExpired.selector, 0, uint40(block.timestamp))
        );
    }

    function test_RevertWhen_RotationBelowQuorum() external {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, pks, QUORUM - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, QUORUM - 1, QUORUM)
        );
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
    }

    function test_RevertWhen_RotationSignedByOutsiders() external {
        (, uint256[] memory outsiderPks) = guardianKeys(SIZE, 9);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, outsiderPks, QUORUM);
        bytes32 digest = adapter.rotationDigest(1, guardianKeysHash(newKeys), 13);
        address signer = ecrecover(digest, signatures[0].v, signatures[0].r, signatures[0].s);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, signer, keys[0])
        );
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
    }

    function test_RevertWhen_RotationQuorumDiffersFromSigned() external {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, pks, QUORUM);
        bytes32 digest = adapter.rotationDigest(1, guardianKeysHash(newKeys), 10);
        address signer = ecrecover(digest, signatures[0].v, signatures[0].r, signatures[0].s);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, signer, keys[0])
        );
        adapter.rotateGuardianSet(newKeys, 10, 0, keys, signatures);
    }

    function test_RevertWhen_RotationReplayed() external {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, pks, QUORUM);
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianRotationNotCurrentSet.selector, 0, 1));
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
    }

    /// @dev A set that re-elects itself: its approval names index 1, so it cannot also install set 2.
    function test_RevertWhen_RotationReplayedAgainstSameKeys() external {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, keys, QUORUM, pks, QUORUM);
        adapter.rotateGuardianSet(keys, QUORUM, 0, keys, signatures);
        bytes32 digest = adapter.rotationDigest(2, guardianKeysHash(keys), QUORUM);
        address signer = ecrecover(digest, signatures[0].v, signatures[0].r, signatures[0].s);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, signer, keys[0])
        );
        adapter.rotateGuardianSet(keys, QUORUM, 1, keys, signatures);
    }

    function test_RevertWhen_MessageSignatureUsedForRotation() external {
        bytes32 messageId = MessageCodec.id(_message(1));
        IGuardianAdapter.GuardianSignature[] memory signatures = sign(adapter, messageId, pks, QUORUM);
        bytes32 digest = adapter.rotationDigest(1, guardianKeysHash(newKeys), 13);
        address signer = ecrecover(digest, signatures[0].v, signatures[0].r, signatures[0].s);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, signer, keys[0])
        );
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
    }

    function test_RevertWhen_PreviousSetRotates() external {
        _rotate();
        (address[] memory thirdKeys,) = guardianKeys(5, 2);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, thirdKeys, 3, pks, QUORUM);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianRotationNotCurrentSet.selector, 0, 1));
        adapter.rotateGuardianSet(thirdKeys, 3, 0, keys, signatures);
    }

    function test_RevertWhen_RotationToLowQuorum() external {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 9, pks, QUORUM);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, 9, 19));
        adapter.rotateGuardianSet(newKeys, 9, 0, keys, signatures);
    }

    function test_RevertWhen_RotationToUnsortedKeys() external {
        (newKeys[3], newKeys[4]) = (newKeys[4], newKeys[3]);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, pks, QUORUM);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianKeysNotAscending.selector, 4, newKeys[4], newKeys[3]
            )
        );
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
    }

    /// forge-config: default.fuzz.runs = 32
    function testFuzz_RotationNeedsQuorum(uint256 count) external {
        count = bound(count, 0, SIZE);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signRotation(adapter, newKeys, 13, pks, count);
        if (count < QUORUM) {
            vm.expectRevert(
                abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, count, QUORUM)
            );
        }
        adapter.rotateGuardianSet(newKeys, 13, 0, keys, signatures);
        assertEq(adapter.currentGuardianSetIndex(), count < QUORUM ? 0 : 1);
    }
}
