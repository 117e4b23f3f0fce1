// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";

/// @title Wormhole, February 2022
/// @notice What happened: Wormhole's Solana program checked guardian signatures through an
/// instructions account that the caller supplied, and a deprecated helper never checked that the
/// account was the real system one. The attacker passed an account of their own saying "verified",
/// and minted 120,000 wETH with no guardian signature at all.
/// @notice Lockstep's defence: the relayer may supply the guardian keys, but verification is bound
/// to the adapter's own state: the keys must hash to the stored commitment of an existing,
/// unexpired set, and every signature must recover to the key at the index it names. A key list,
/// a set index or signatures of the caller's choosing are refused, and so is a rotated-out set once
/// its window has passed.
contract Wormhole2022Test is IncidentFixture {
    function test_RevertWhen_RelayerSuppliesItsOwnGuardianKeys() external {
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        (address[] memory fakeKeys, uint256[] memory fakePks) = guardianKeys(15, ATTACKER_KEY_SALT);
        IGuardianAdapter.GuardianSignature[] memory fakeSigs = _signBy(fakePks, id, 8);

        // A whole set of the attacker's own: perfectly signed, but not the committed set.
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianKeysMismatch.selector,
                0,
                guardianKeysHash(fakeKeys),
                guardianKeysHash(guardians)
            )
        );
        adapter.deliver(forged, 0, fakeKeys, fakeSigs);

        // Seven corrupt guardians swap the eighth key for one the attacker holds.
        address[] memory swapped = guardians; // a memory copy of the committed keys
        swapped[7] = fakeKeys[0];
        IGuardianAdapter.GuardianSignature[] memory sigs = _signBy(guardianPks, id, 8);
        (sigs[7].v, sigs[7].r, sigs[7].s) = vm.sign(fakePks[0], adapter.attestationDigest(id));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianKeysMismatch.selector,
                0,
                guardianKeysHash(swapped),
                guardianKeysHash(guardians)
            )
        );
        adapter.deliver(forged, 0, swapped, sigs);

        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_RevertWhen_GuardianSetIndexDoesNotExist() external {
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        IGuardianAdapter.GuardianSignature[] memory sigs = _signBy(guardianPks, id, 8);
        uint32[3] memory indices = [uint32(1), 2, type(uint32).max];
        for (uint256 i; i < indices.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetUnknown.selector, indices[i]));
            adapter.deliver(forged, indices[i], guardians, sigs);
        }
        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_RevertWhen_SignaturesComeFromAnotherSet() external {
        (address[] memory newKeys, uint256[] memory newPks) = guardianKeys(15, 1);
        _rotate(guardians, guardianPks, newKeys);
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();

        // New set's signatures presented as the (still valid) old set.
        IGuardianAdapter.GuardianSignature[] memory newSigs = _signBy(newPks, id, 8);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, newKeys[0], guardians[0]
            )
        );
        adapter.deliver(forged, 0, guardians, newSigs);

        // Old set's signatures presented as the new set.
        IGuardianAdapter.GuardianSignature[] memory oldSigs = _signBy(guardianPks, id, 8);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, guardians[0], newKeys[0]
            )
        );
        adapter.deliver(forged, 1, newKeys, oldSigs);

        // Four of each: two minorities of two sets are not a quorum of either.
        IGuardianAdapter.GuardianSignature[] memory mixed = _signBy(guardianPks, id, 8);
        for (uint256 i = 4; i < 8; ++i) {
            mixed[i] = newSigs[i];
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 4, newKeys[4], guardians[4]
            )
        );
        adapter.deliver(forged, 0, guardians, mixed);

        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_RevertWhen_RotatedOutSetSignsAfterItsWindow() external {
        (, bytes[] memory messages) =
            _approveAndDispatch(a, _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        bytes memory genuine = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(genuine);
        (address[] memory newKeys, uint256[] memory newPks) = guardianKeys(15, 1);
        _rotate(guardians, guardianPks, newKeys);
        (,,, uint40 oldExpiresAt) = adapter.guardianSet(0);
        assertEq(oldExpiresAt, block.timestamp + adapter.setExpiryWindow());

        // Inside the window an attestation in flight still lands (so expiry is what refuses it).
        uint256 snapshot = vm.snapshotState();
        vm.warp(oldExpiresAt - 1);
        adapter.deliver(genuine, 0, guardians, _signBy(guardianPks, id, 8));
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
        vm.revertToState(snapshot);

        vm.warp(oldExpiresAt);
        ChainState memory before = _state();
        IGuardianAdapter.GuardianSignature[] memory oldSigs = _signBy(guardianPks, id, 8);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetExpired.selector, 0, oldExpiresAt));
        adapter.deliver(genuine, 0, guardians, oldSigs);
        _assertNeverSeen(id);
        _assertUnchanged(before);

        // The chain's own current set is what counts.
        adapter.deliver(genuine, 1, newKeys, _signBy(newPks, id, 8));
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
    }
}
