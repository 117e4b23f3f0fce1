// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";

/// @notice Member rotation through the council and the timelock, and per-proposal snapshots.
contract SecurityCouncilRotationTest is CouncilFixture {
    address[] internal newMembers;
    uint256[] internal newKeys;

    function setUp() public override {
        super.setUp();
        (newMembers, newKeys) = _sortedKeys("newMember", 7);
    }

    /// @dev Proposes, approves (6 of 9), schedules and executes a rotation to `newMembers` 5-of-7.
    function _rotate() internal returns (bytes32 id) {
        vm.prank(members[0]);
        id = council.proposeRotation(newMembers, _terms(7, TERM), 5, 3);
        _approveFirst(id, 6);
        council.schedule(id);
        vm.warp(block.timestamp + MIN_DELAY);
        (address target, bytes memory data) = council.proposalCall(id);
        timelock.execute(target, 0, data, bytes32(0), id);
    }

    /// @dev Terms in three cohorts of three, as the deployment script staggers them.
    function _cohortTerms() internal view returns (uint40[] memory terms) {
        terms = new uint40[](9);
        for (uint256 i; i < 9; ++i) {
            terms[i] = uint40(block.timestamp + (uint256(TERM) * (i % 3 + 1)) / 3);
        }
    }

    /// @dev Finding 7 (liveness cliff): after the first cohort's seats end, the six others still
    /// reach the threshold and renew the council through the timelock before the next cohort ends.
    function test_RotationGoesThroughAfterTheFirstCohortEnds() external {
        uint40[] memory terms = _cohortTerms();
        _deploy(members, terms, 6, 4);
        vm.warp(terms[0]); // members 0, 3 and 6 are out
        assertFalse(council.isMember(members[0]));
        assertTrue(council.isMember(members[1]));

        uint40[] memory renewed = new uint40[](9);
        for (uint256 i; i < 9; ++i) {
            renewed[i] = uint40(block.timestamp + (uint256(TERM) * (i % 3 + 1)) / 3);
        }
        vm.prank(members[1]);
        bytes32 id = council.proposeRotation(members, renewed, 6, 4);
        _approveMask(id, 0x1B6); // members 1, 2, 4, 5, 7, 8: still seated
        council.schedule(id);
        vm.warp(block.timestamp + MIN_DELAY);
        assertLt(block.timestamp, terms[1], "before the second cohort ends");
        (address target, bytes memory data) = council.proposalCall(id);
        timelock.execute(target, 0, data, bytes32(0), id);

        assertEq(council.membersVersion(), 2);
        assertTrue(council.isMember(members[0]), "the expired seats are back");
        assertEq(council.termEnd(2, members[0]), renewed[0]);
    }

    /// @dev Finding 5 for rotations: a rotation forgotten in the timelock cannot bring back an old
    /// member set after its proposal's lifetime.
    function test_RevertWhen_ForgottenRotationRunsAfterTheLifetime() external {
        vm.prank(members[0]);
        bytes32 id = council.proposeRotation(newMembers, _terms(7, TERM), 5, 3);
        _approveFirst(id, 6);
        council.schedule(id);
        uint40 deadline = council.proposal(id).expiresAt;
        vm.warp(deadline);
        (address target, bytes memory data) = council.proposalCall(id);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilProposalExpired.selector, bytes32(0), deadline)
        );
        timelock.execute(target, 0, data, bytes32(0), id);
        assertEq(council.membersVersion(), 1);
    }

    function test_Rotation_ThroughTimelock() external {
        vm.prank(members[0]);
        bytes32 id = council.proposeRotation(newMembers, _terms(7, TERM), 5, 3);
        (address target, bytes memory data) = council.proposalCall(id);
        assertEq(target, address(council));
        assertEq(
            data,
            abi.encodeCall(
                ISecurityCouncil.setMembers,
                (council.proposal(id).expiresAt, newMembers, _terms(7, TERM), 5, 3)
            )
        );
        _approveFirst(id, 6);
        council.schedule(id);
        vm.warp(block.timestamp + MIN_DELAY);

        vm.expectEmit(address(council));
        emit ISecurityCouncil.MembersRotated(2, newMembers, _terms(7, TERM - uint40(MIN_DELAY)), 5, 3);
        timelock.execute(target, 0, data, bytes32(0), id);

        assertEq(council.membersVersion(), 2);
        assertEq(council.members(), newMembers);
        assertEq(council.threshold(), 5);
        assertEq(council.emergencyThreshold(), 3);
        assertTrue(council.isMember(newMembers[0]));
        assertFalse(council.isMember(members[0]));
    }

    function test_RevertWhen_SetMembersNotFromTimelock() external {
        address[] memory callers = new address[](3);
        (callers[0], callers[1], callers[2]) = (members[0], outsider, address(hub));
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilOnlyTimelock.selector, callers[i]));
            council.setMembers(uint40(block.timestamp + 1 days), newMembers, _terms(7, TERM), 5, 3);
        }
    }

    function test_RevertWhen_RotationProposalInvalid() external {
        vm.prank(members[0]);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilThresholdOutOfRange.selector, 4, 5, 7));
        council.proposeRotation(newMembers, _terms(7, TERM), 4, 3);
    }

    function test_RevertWhen_RotationProposedByOutsider() external {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.proposeRotation(newMembers, _terms(7, TERM), 5, 3);
    }

    /// @dev A term that ends during the timelock delay makes the rotation fail at execution.
    function test_RevertWhen_RotationTermEndsDuringDelay() external {
        uint40[] memory terms = _terms(7, TERM);
        terms[6] = uint40(block.timestamp) + 1 days;
        vm.prank(members[0]);
        bytes32 id = council.proposeRotation(newMembers, terms, 5, 3);
        _approveFirst(id, 6);
        council.schedule(id);
        vm.warp(block.timestamp + MIN_DELAY);
        (address target, bytes memory data) = council.proposalCall(id);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermInPast.selector, newMembers[6], terms[6])
        );
        timelock.execute(target, 0, data, bytes32(0), id);
    }

    /// @dev Snapshot rule 1: a member added after creation cannot approve the old proposal.
    function test_RevertWhen_NewMemberApprovesOldProposal() external {
        bytes32 old = _proposeUpgrade(_actions(1));
        _rotate();
        vm.prank(newMembers[0]);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, newMembers[0], 1));
        council.approve(old);
    }

    /// @dev Snapshot rule 2: a removed member still counts for proposals created before removal
    /// (with the old thresholds), and cannot propose or approve anything newer.
    function test_RemovedMemberStillDecidesOldProposal() external {
        bytes32 old = _proposeUpgrade(_actions(1));
        _rotate();
        _approveMask(old, 0x1F8); // six removed members
        assertEq(council.quorum(old), 6);
        council.schedule(old);

        vm.prank(newMembers[0]);
        bytes32 fresh = council.proposeUpgrade(_actions(1), keccak256("audit"), "");
        assertEq(council.proposal(fresh).membersVersion, 2);
        assertEq(council.quorum(fresh), 5);
        vm.prank(members[3]);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, members[3], 2));
        council.approve(fresh);
    }

    /// @dev The current emergency quorum can veto a proposal of an older snapshot.
    function test_CurrentQuorumVetoesOldProposal() external {
        bytes32 old = _proposeUpgrade(_actions(1));
        _rotate();
        vm.prank(newMembers[0]);
        bytes32 cancelId = council.proposeCancel(old);
        (address[] memory signers, bytes[] memory sigs) = _signNew(cancelId, 3);
        council.approveBySig(cancelId, signers, sigs);
        council.executeCancel(cancelId);
        assertEq(uint8(council.proposal(old).status), uint8(ISecurityCouncil.ProposalStatus.Cancelled));
    }

    function _signNew(bytes32 id, uint256 count)
        internal
        view
        returns (address[] memory s, bytes[] memory g)
    {
        s = new address[](count);
        g = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            s[i] = newMembers[i];
            g[i] = _sign(newKeys[i], council.approvalDigest(id));
        }
    }
}
