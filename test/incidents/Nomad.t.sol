// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";

/// @title Nomad bridge, August 2022
/// @notice What happened: a routine upgrade of Nomad's Replica initialised the trusted root to
/// 0x00, which is also the value an unproven message maps to. Every message therefore counted as
/// proven, and hundreds of copycats drained about $190M by replaying one exploit transaction with
/// their own address swapped in.
/// @notice Lockstep's defence: nothing is valid by default. A message reaches the receiver only
/// through a configured adapter, and the guardian adapter forwards only when a quorum of the
/// committed set signed that exact message id; empty, zeroed or unrecoverable signatures, a
/// signature over the "zero" id and an all-zero envelope are all refused before any state is
/// written.
contract NomadTest is IncidentFixture {
    function test_RevertWhen_ForgedMessageCarriesNoProof() external {
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        IGuardianAdapter.GuardianSignature[] memory none;

        vm.startPrank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, 0, 8));
        adapter.deliver(forged, 0, guardians, none);
        // No keys at all: the "empty proof" is not the committed set either.
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianKeysLengthMismatch.selector, 0, 15));
        adapter.deliver(forged, 0, new address[](0), none);
        vm.stopPrank();

        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_RevertWhen_SignaturesAreZeroed() external {
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        IGuardianAdapter.GuardianSignature[] memory zeroed = new IGuardianAdapter.GuardianSignature[](8);
        for (uint256 i; i < zeroed.length; ++i) {
            zeroed[i].index = uint8(i);
        }

        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureInvalidV.selector, 0, 0));
        adapter.deliver(forged, 0, guardians, zeroed);

        // A well-formed v with r = s = 0: ecrecover yields address(0), which must match nothing.
        for (uint256 i; i < zeroed.length; ++i) {
            zeroed[i].v = 27;
        }
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureUnrecoverable.selector, 0));
        adapter.deliver(forged, 0, guardians, zeroed);

        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_RevertWhen_ZeroRootIsAttested() external {
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();

        // A full quorum attests the "zero root": their signatures prove nothing about any message.
        IGuardianAdapter.GuardianSignature[] memory overZero = _signBy(guardianPks, bytes32(0), 8);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector,
                0,
                _recovered(id, overZero[0]),
                guardians[0]
            )
        );
        adapter.deliver(forged, 0, guardians, overZero);

        // The all-zero message itself: refused by version, then (even fully signed) by origin.
        MessageCodec.Message memory zero;
        vm.expectRevert(abi.encodeWithSelector(MessageCodec.MessageCodecUnsupportedVersion.selector, 0));
        adapter.deliver(MessageCodec.encode(zero), 0, guardians, overZero);
        zero.version = MessageCodec.VERSION;
        IGuardianAdapter.GuardianSignature[] memory overZeroMessage =
            _signBy(guardianPks, MessageCodec.id(zero), 8);
        vm.expectRevert(abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, 0, address(0)));
        adapter.deliver(MessageCodec.encode(zero), 0, guardians, overZeroMessage);
        // And had an adapter forwarded it, the receiver re-checks the origin itself.
        vm.prank(a.guardianAdapter);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongSourceChain.selector, 0, HUB_CHAIN)
        );
        receiver.confirmMessage(MessageCodec.encode(zero));

        _assertNeverSeen(id);
        _assertNeverSeen(MessageCodec.id(zero));
        _assertUnchanged(before);
    }

    function test_RevertWhen_MessageWasNeverDispatchedByTheHub() external {
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        (, IGovernanceHub.DeliveryState hubState) = hub.messageState(id);
        assertEq(uint8(hubState), uint8(IGovernanceHub.DeliveryState.None), "hub never sent it");

        // Honest guardians watch the hub's outbox and never sign it; a corrupt minority cannot pass.
        IGuardianAdapter.GuardianSignature[] memory minority = _signBy(guardianPks, id, 7);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, 7, 8));
        adapter.deliver(forged, 0, guardians, minority);

        // Topping the minority up with a key of the attacker's own fails on that signature.
        (, uint256[] memory attackerPks) = guardianKeys(1, ATTACKER_KEY_SALT);
        IGuardianAdapter.GuardianSignature[] memory sigs = _signBy(guardianPks, id, 8);
        (sigs[7].v, sigs[7].r, sigs[7].s) = vm.sign(attackerPks[0], adapter.attestationDigest(id));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector,
                7,
                vm.addr(attackerPks[0]),
                guardians[7]
            )
        );
        adapter.deliver(forged, 0, guardians, sigs);

        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_RevertWhen_ConfirmMessageIsCalledByAnyoneButTheAdapter() external {
        ChainState memory before = _state();
        // A genuine, council-approved message: only the caller is wrong.
        (, bytes[] memory messages) =
            _approveAndDispatch(a, _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        bytes memory genuine = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(genuine);

        address[8] memory callers =
            [attacker, relayer, a.hub, a.council, a.timelock, chainGuardian, deployer, a.registry];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotAdapter.selector, callers[i]));
            receiver.confirmMessage(genuine);
        }
        _assertNeverSeen(id);
        _assertUnchanged(before);

        // The adapter, with a guardian quorum behind it, is the one way in.
        _deliver(a, genuine);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
    }

    function testFuzz_RevertWhen_ConfirmMessageIsCalledByAnyoneButTheAdapter(address caller) external {
        // Every adapter the receiver lists may confirm (the fallback verifier too): the attack is
        // anyone else. The fuzzer's dictionary holds the deployment's addresses, so it finds them.
        (address[] memory adapters,) = receiver.adapters();
        for (uint256 i; i < adapters.length; ++i) {
            vm.assume(caller != adapters[i]);
        }
        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotAdapter.selector, caller));
        receiver.confirmMessage(forged);
        _assertNeverSeen(id);
        _assertUnchanged(before);
    }
}
