// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";
import {CouncilRecordingHub} from "../utils/CouncilRecordingHub.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice Upgrade proposals: creation, on-chain approval, scheduling, timelock execution, expiry.
contract SecurityCouncilUpgradeTest is CouncilFixture {
    function test_ProposeUpgrade_StoresSnapshotAndCall() external {
        IGovernanceHub.ChainAction[] memory actions = _actions(3);
        bytes32 expectedId = keccak256(
            abi.encode(
                council.PROPOSAL_ID_TAG(),
                address(council),
                block.chainid,
                uint64(0),
                ISecurityCouncil.ProposalKind.Upgrade,
                keccak256(abi.encode(actions, keccak256("audit")))
            )
        );
        vm.expectEmit(address(council));
        emit ISecurityCouncil.ProposalCreated(
            expectedId,
            ISecurityCouncil.ProposalKind.Upgrade,
            members[0],
            1,
            uint40(block.timestamp) + council.PROPOSAL_LIFETIME()
        );
        vm.expectEmit(address(council));
        emit ISecurityCouncil.UpgradeProposed(expectedId, actions, keccak256("audit"), "ipfs://audit");
        bytes32 id = _proposeUpgrade(actions);
        assertEq(id, expectedId);

        ISecurityCouncil.Proposal memory p = council.proposal(id);
        assertEq(uint8(p.kind), uint8(ISecurityCouncil.ProposalKind.Upgrade));
        assertEq(uint8(p.status), uint8(ISecurityCouncil.ProposalStatus.Pending));
        assertEq(p.membersVersion, 1);
        assertEq(p.approvalCount, 0);
        (address target, bytes memory data) = council.proposalCall(id);
        assertEq(target, address(hub));
        assertEq(
            data,
            abi.encodeCall(IGovernanceHub.dispatchUpgrade, (id, council.proposal(id).expiresAt, actions))
        );
    }

    function test_ProposeUpgrade_SameContentGetsFreshId() external {
        IGovernanceHub.ChainAction[] memory actions = _actions(1);
        assertNotEq(_proposeUpgrade(actions), _proposeUpgrade(actions));
    }

    function test_ProposalNonce_IsTheNonceOfTheNextProposalOfAnyKind() external {
        assertEq(council.proposalNonce(), 0);
        IGovernanceHub.ChainAction[] memory actions = _actions(2);
        bytes32 contentHash = keccak256(abi.encode(actions, keccak256("audit")));
        bytes32 expectedId = keccak256(
            abi.encode(
                council.PROPOSAL_ID_TAG(),
                address(council),
                block.chainid,
                council.proposalNonce(),
                ISecurityCouncil.ProposalKind.Upgrade,
                contentHash
            )
        );
        assertEq(_proposeUpgrade(actions), expectedId);
        assertEq(council.proposalNonce(), 1);
        _proposeEmergency(true);
        assertEq(council.proposalNonce(), 2);
    }

    function test_ProposalNonce_UnchangedByAFailedProposal() external {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.proposeUpgrade(_actions(1), keccak256("audit"), "");
        assertEq(council.proposalNonce(), 0);
    }

    function test_RevertWhen_ProposeByOutsider() external {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.proposeUpgrade(_actions(1), keccak256("audit"), "");
    }

    function test_RevertWhen_ProposeAfterTermEnded() external {
        vm.warp(block.timestamp + TERM);
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermEnded.selector, members[0], uint40(1) + TERM)
        );
        council.proposeUpgrade(_actions(1), keccak256("audit"), "");
    }

    function test_RevertWhen_ActionCountOutOfRange() external {
        uint256 max = council.MAX_ACTIONS();
        vm.startPrank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilActionCountOutOfRange.selector, 0, max)
        );
        council.proposeUpgrade(new IGovernanceHub.ChainAction[](0), keccak256("audit"), "");
        vm.stopPrank();
        IGovernanceHub.ChainAction[] memory tooMany = _actions(max + 1);
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilActionCountOutOfRange.selector, max + 1, max)
        );
        council.proposeUpgrade(tooMany, keccak256("audit"), "");
    }

    /// @dev Table: each invalid field of action 1 reverts with the action's values.
    function test_RevertWhen_ActionInvalid() external {
        for (uint256 field; field < 5; ++field) {
            IGovernanceHub.ChainAction[] memory actions = _actions(2);
            IGovernanceHub.ChainAction memory a = actions[1];
            if (field == 0) a.chainId = 0;
            if (field == 1) a.proxy = address(0);
            if (field == 2) a.implementation = address(0);
            if (field == 3) a.codehash = bytes32(0);
            if (field == 4) a.codehash = keccak256("");
            vm.prank(members[0]);
            vm.expectRevert(
                abi.encodeWithSelector(
                    ISecurityCouncil.CouncilInvalidAction.selector,
                    1,
                    a.chainId,
                    a.proxy,
                    a.implementation,
                    a.codehash
                )
            );
            council.proposeUpgrade(actions, keccak256("audit"), "");
        }
    }

    function test_RevertWhen_ActionDataTooLong() external {
        IGovernanceHub.ChainAction[] memory actions = _actions(1);
        actions[0].data = new bytes(council.MAX_ACTION_DATA() + 1);
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilActionDataTooLong.selector, 0, 4097, 4096)
        );
        council.proposeUpgrade(actions, keccak256("audit"), "");
    }

    function test_RevertWhen_AuditReportInvalid() external {
        IGovernanceHub.ChainAction[] memory actions = _actions(1);
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidAuditReport.selector, bytes32(0), 0)
        );
        council.proposeUpgrade(actions, bytes32(0), "");
        string memory longUri = string(new bytes(513));
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidAuditReport.selector, keccak256("a"), 513)
        );
        council.proposeUpgrade(actions, keccak256("a"), longUri);
    }

    function test_Approve_RecordsAndEmits() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.expectEmit(address(council));
        emit ISecurityCouncil.ProposalApproved(id, members[3], 1);
        vm.prank(members[3]);
        council.approve(id);
        assertTrue(council.hasApproved(id, members[3]));
        assertFalse(council.hasApproved(id, members[0]));
        assertEq(council.approvals(id), 1);
        assertEq(council.quorum(id), 6);
    }

    function test_RevertWhen_ApproveTwice() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.startPrank(members[1]);
        council.approve(id);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilAlreadyApproved.selector, id, members[1])
        );
        council.approve(id);
        vm.stopPrank();
    }

    function test_RevertWhen_ApproveByOutsider() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.approve(id);
    }

    function test_RevertWhen_ApproveUnknown() external {
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilUnknownProposal.selector, bytes32("x"))
        );
        council.approve(bytes32("x"));
    }

    function test_RevertWhen_ApproveAfterTermEnded() external {
        uint40[] memory terms = _terms(9, TERM);
        terms[2] = uint40(block.timestamp) + 1 days;
        _deploy(members, terms, 6, 4);
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.warp(block.timestamp + 1 days);
        vm.prank(members[2]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermEnded.selector, members[2], terms[2])
        );
        council.approve(id);
    }

    function test_Schedule_ThenTimelockExecute_DeliversExactActions() external {
        IGovernanceHub.ChainAction[] memory actions = _actions(3);
        actions[2].data = abi.encodeWithSignature("initializeV2(uint256)", 7);
        bytes32 id = _proposeUpgrade(actions);
        _approveFirst(id, 6);
        bytes memory data =
            abi.encodeCall(IGovernanceHub.dispatchUpgrade, (id, council.proposal(id).expiresAt, actions));
        bytes32 opId = timelock.hashOperation(address(hub), 0, data, bytes32(0), id);
        assertEq(council.operationId(id), opId);

        vm.expectEmit(address(council));
        emit ISecurityCouncil.ProposalScheduled(id, opId, MIN_DELAY);
        vm.prank(outsider); // anyone may schedule an approved proposal
        assertEq(council.schedule(id), opId);
        assertEq(uint8(council.proposal(id).status), uint8(ISecurityCouncil.ProposalStatus.Scheduled));
        assertEq(timelock.getTimestamp(opId), block.timestamp + MIN_DELAY);

        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                opId,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        timelock.execute(address(hub), 0, data, bytes32(0), id);

        vm.warp(block.timestamp + MIN_DELAY);
        vm.prank(outsider);
        timelock.execute(address(hub), 0, data, bytes32(0), id);
        assertEq(hub.upgradeCount(), 1);
        assertEq(hub.lastProposalId(), id);
        assertEq(hub.lastActionsHash(), keccak256(abi.encode(actions)));
    }

    function test_RevertWhen_ScheduleTwice() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 6);
        council.schedule(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilNotPending.selector, id, ISecurityCouncil.ProposalStatus.Scheduled
            )
        );
        council.schedule(id);
    }

    function test_RevertWhen_ScheduleBelowThreshold() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 5);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, id, 5, 6));
        council.schedule(id);
    }

    function test_RevertWhen_ScheduleExpired() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 6);
        uint40 expiresAt = council.proposal(id).expiresAt;
        vm.warp(expiresAt);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilProposalExpired.selector, id, expiresAt)
        );
        council.schedule(id);
        vm.prank(members[7]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilProposalExpired.selector, id, expiresAt)
        );
        council.approve(id);
    }

    function test_Schedule_LastMomentThatCanStillRun() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 6);
        uint40 expiresAt = council.proposal(id).expiresAt;
        vm.warp(expiresAt - MIN_DELAY - 1);
        council.schedule(id);
        assertTrue(timelock.isOperationPending(council.operationId(id)));
        vm.warp(expiresAt - 1);
        (address target, bytes memory data) = council.proposalCall(id);
        timelock.execute(target, 0, data, bytes32(0), id);
        assertEq(hub.upgradeCount(), 1);
    }

    /// @dev Finding 5: never schedule what could only become ready after the proposal's lifetime.
    function test_RevertWhen_ScheduleWouldOutliveTheProposal() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 6);
        uint40 expiresAt = council.proposal(id).expiresAt;
        vm.warp(expiresAt - MIN_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilExpiresInTimelock.selector, id, uint256(expiresAt), expiresAt
            )
        );
        council.schedule(id);
    }

    /// @dev Finding 5: an operation forgotten in the timelock (OZ operations never expire) cannot
    /// run after the proposal's lifetime: months later it would roll a proxy back.
    function test_RevertWhen_ForgottenOperationRunsAfterTheLifetime() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 6);
        council.schedule(id);
        uint40 expiresAt = council.proposal(id).expiresAt;
        vm.warp(uint256(expiresAt) + 180 days);
        (address target, bytes memory data) = council.proposalCall(id);
        // The recording hub refuses past the deadline, as GovernanceHub does (tested there).
        vm.expectRevert(
            abi.encodeWithSelector(
                CouncilRecordingHub.CouncilRecordingHubUnauthorized.selector, address(timelock)
            )
        );
        timelock.execute(target, 0, data, bytes32(0), id);
        assertEq(hub.upgradeCount(), 0);
    }

    function test_RevertWhen_ScheduleEmergencyKind() external {
        bytes32 id = _proposeEmergency(true);
        _approveFirst(id, 6);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilWrongKind.selector, id, ISecurityCouncil.ProposalKind.Emergency
            )
        );
        council.schedule(id);
    }
}
