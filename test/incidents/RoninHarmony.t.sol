// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {VaultV3Malicious} from "../../contracts/example/VaultV3Malicious.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title Ronin bridge (March 2022) and Harmony Horizon bridge (June 2022)
/// @notice What happened: Ronin accepted withdrawals signed by 5 of 9 validators; one company ran
/// four of them and still held a signing permission granted to it months earlier and never revoked,
/// so one spear-phishing compromise reached five keys and $624M left. Harmony's bridge needed only
/// 2 of 5 multisig keys; two were stolen and $100M left.
/// @notice Lockstep's defence: thresholds are high and keys are retired. A guardian quorum must be
/// a strict majority (constructor and rotation), the council needs at least ceil(2N/3) (6 of 9, so
/// Ronin's five keys cannot schedule anything), a rotated-out guardian set expires and an older one
/// is retired at once, and a council member's signature stops counting when their term ends.
contract RoninHarmonyTest is IncidentFixture {
    function test_RevertWhen_GuardianQuorumIsNotAStrictMajority() external {
        // Harmony's 2-of-5, and a 7-of-15 "almost half", at deployment.
        (address[] memory five,) = guardianKeys(5, 1);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, 2, 5));
        new GuardianAdapter(IMessageReceiver(a.receiver), HUB_CHAIN, a.hub, five, 2, 1 days);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, 7, 15));
        new GuardianAdapter(IMessageReceiver(a.receiver), HUB_CHAIN, a.hub, guardians, 7, 1 days);

        // And by rotation, even when the whole current quorum signs it.
        ChainState memory before = _state();
        bytes32 setBefore = _guardianSetRecord(0);
        IGuardianAdapter.GuardianSignature[] memory sigs = signRotation(adapter, five, 2, guardianPks, 8);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, 2, 5));
        adapter.rotateGuardianSet(five, 2, 0, guardians, sigs);
        assertEq(_guardianSetRecord(0), setBefore, "set 0 still current, no expiry");
        assertEq(_guardianSetRecord(1), keccak256(abi.encode(bytes32(0), 0, 0, 0)), "no set 1");
        _assertUnchanged(before);
    }

    function test_RevertWhen_CouncilThresholdIsRoninLike() external {
        uint40[] memory terms = new uint40[](9);
        for (uint256 i; i < terms.length; ++i) {
            terms[i] = uint40(block.timestamp + 365 days);
        }
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilThresholdOutOfRange.selector, 5, 6, 9));
        new SecurityCouncil(members, terms, 5, 4, TimelockController(payable(a.timelock)), hub);

        // Nor can a member propose lowering the live council to it.
        vm.prank(members[0]);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilThresholdOutOfRange.selector, 5, 6, 9));
        council.proposeRotation(members, terms, 5, 4);
        assertEq(council.threshold(), 6);
        assertEq(council.membersVersion(), 1);
    }

    function test_RevertWhen_FiveStolenCouncilKeysPushAnUpgrade() external {
        ChainState memory before = _state();
        IGovernanceHub.ChainAction[] memory drain = _homeAction(
            a.vault, vaultV3, vaultV3.codehash, abi.encodeCall(VaultV3Malicious.initializeV3, (attacker))
        );
        vm.prank(members[0]);
        bytes32 proposalId = council.proposeUpgrade(drain, keccak256("fake audit"), "ipfs://fake");
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, proposalId, 5);
        council.approveBySig(proposalId, signers, sigs);
        assertEq(council.approvals(proposalId), 5);

        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, proposalId, 5, 6)
        );
        council.schedule(proposalId);

        // Around the council: the timelock answers only to the council, the hub only to the timelock.
        (address target, bytes memory data) = council.proposalCall(proposalId);
        TimelockController timelock = TimelockController(payable(a.timelock));
        bytes32 proposer = timelock.PROPOSER_ROLE();
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, members[0], proposer
            )
        );
        timelock.schedule(target, 0, data, bytes32(0), proposalId, TIMELOCK_DELAY);
        vm.prank(members[0]);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotTimelock.selector, members[0]));
        hub.dispatchUpgrade(proposalId, uint40(block.timestamp + 1 days), drain);

        assertEq(hub.messagesOf(proposalId).length, 0, "nothing dispatched");
        assertFalse(timelock.isOperation(council.operationId(proposalId)), "nothing scheduled");
        _assertUnchanged(before);
    }

    function test_RevertWhen_MembersWithEndedTermsApprove() external {
        uint40 termEnd = council.termEnd(1, members[0]);
        vm.warp(termEnd - 1 days);
        IGovernanceHub.ChainAction[] memory upgrade = _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, "");
        vm.prank(members[8]);
        bytes32 proposalId = council.proposeUpgrade(upgrade, keccak256("a"), "");
        // Signed while the terms ran, like a permission granted once and never revoked...
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, proposalId, 6);

        // ...and worthless once they end, as is proposing.
        vm.warp(termEnd);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermEnded.selector, members[0], termEnd)
        );
        council.approveBySig(proposalId, signers, sigs);
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermEnded.selector, members[0], termEnd)
        );
        council.approve(proposalId);
        IGovernanceHub.ChainAction[] memory another = _homeAction(a.vault, vaultV3, vaultV3.codehash, "");
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermEnded.selector, members[0], termEnd)
        );
        council.proposeUpgrade(another, keccak256("a"), "");

        assertEq(council.approvals(proposalId), 0);
        assertFalse(council.isMember(members[0]));
    }

    function test_RevertWhen_RetiredGuardianSetSigns() external {
        (address[] memory keys1, uint256[] memory pks1) = guardianKeys(15, 1);
        (address[] memory keys2,) = guardianKeys(15, 2);
        _rotate(guardians, guardianPks, keys1);
        vm.warp(block.timestamp + 1 hours);
        uint40 retiredAt = uint40(block.timestamp);
        vm.expectEmit(a.guardianAdapter);
        emit IGuardianAdapter.GuardianSetRetired(0, retiredAt);
        _rotate(keys1, pks1, keys2);

        ChainState memory before = _state();
        (bytes memory forged, bytes32 id) = _forgedDrain();
        // Set 0 had most of a day left in its window; the second rotation ended it at once.
        IGuardianAdapter.GuardianSignature[] memory sigs0 = _signBy(guardianPks, id, 8);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetExpired.selector, 0, retiredAt));
        adapter.deliver(forged, 0, guardians, sigs0);

        // Set 1 keeps its own window, then expires too.
        (,,, uint40 expires1) = adapter.guardianSet(1);
        vm.warp(expires1);
        IGuardianAdapter.GuardianSignature[] memory sigs1 = _signBy(pks1, id, 8);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetExpired.selector, 1, expires1));
        adapter.deliver(forged, 1, keys1, sigs1);

        // A retired set cannot rotate the adapter back to itself either.
        IGuardianAdapter.GuardianSignature[] memory back = signRotation(adapter, guardians, 8, pks1, 8);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianRotationNotCurrentSet.selector, 1, 2));
        adapter.rotateGuardianSet(guardians, 8, 1, keys1, back);

        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    /// @dev A guardian set's full record, hashed.
    function _guardianSetRecord(uint32 index) private view returns (bytes32) {
        (bytes32 keysHash, uint8 size, uint8 quorum, uint40 expiresAt) = adapter.guardianSet(index);
        return keccak256(abi.encode(keysHash, size, quorum, expiresAt));
    }
}
