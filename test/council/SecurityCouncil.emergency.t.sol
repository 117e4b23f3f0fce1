// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice The emergency quorum: immediate pauses to the hub, and vetoes of upgrades.
contract SecurityCouncilEmergencyTest is CouncilFixture {
    function test_Emergency_FourOfNinePausesAtOnce() external {
        IGovernanceHub.EmergencyTarget[] memory targets = _targets(3);
        vm.prank(members[2]);
        bytes32 actionId = council.proposeEmergency(true, targets);
        assertEq(council.quorum(actionId), 4);
        (address[] memory signers, bytes[] memory sigs) = _signMask(actionId, 0x0F);
        council.approveBySig(actionId, signers, sigs);

        vm.expectEmit(address(council));
        emit ISecurityCouncil.EmergencyExecuted(actionId, true, 3);
        vm.prank(outsider);
        council.executeEmergency(actionId);

        assertEq(hub.emergencyCount(), 1);
        assertEq(hub.lastActionId(), actionId);
        assertTrue(hub.lastPause());
        assertEq(hub.lastTargetsHash(), keccak256(abi.encode(targets)));
        assertEq(hub.upgradeCount(), 0);
        assertEq(uint8(council.proposal(actionId).status), uint8(ISecurityCouncil.ProposalStatus.Executed));
    }

    /// @dev Finding 9: an unpause re-exposes what a pause protected: the full threshold, at once.
    function test_Emergency_UnpauseNeedsTheThreshold() external {
        bytes32 actionId = _proposeEmergency(false);
        assertEq(council.quorum(actionId), 6);
        _approveFirst(actionId, 4);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, actionId, 4, 6));
        council.executeEmergency(actionId);
        _approveMask(actionId, 0x30); // members 4 and 5
        council.executeEmergency(actionId);
        assertFalse(hub.lastPause());
        (address target, bytes memory data) = council.proposalCall(actionId);
        assertEq(target, address(hub));
        assertEq(data, abi.encodeCall(IGovernanceHub.dispatchEmergency, (actionId, false, _targets(2))));
    }

    function test_RevertWhen_EmergencyBelowQuorum() external {
        bytes32 actionId = _proposeEmergency(true);
        _approveFirst(actionId, 3);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, actionId, 3, 4));
        council.executeEmergency(actionId);
    }

    function test_RevertWhen_EmergencyExecutedTwice() external {
        bytes32 actionId = _proposeEmergency(true);
        _approveFirst(actionId, 4);
        council.executeEmergency(actionId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilNotPending.selector,
                actionId,
                ISecurityCouncil.ProposalStatus.Executed
            )
        );
        council.executeEmergency(actionId);
    }

    function test_RevertWhen_EmergencyExpired() external {
        bytes32 actionId = _proposeEmergency(true);
        _approveFirst(actionId, 4);
        uint40 expiresAt = uint40(block.timestamp) + council.EMERGENCY_LIFETIME();
        vm.warp(expiresAt);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilProposalExpired.selector, actionId, expiresAt)
        );
        council.executeEmergency(actionId);
    }

    /// @dev An upgrade with the emergency quorum (4 < 6) can be neither scheduled nor emergency-run.
    function test_RevertWhen_EmergencyQuorumOnUpgrade() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        _approveFirst(id, 4);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, id, 4, 6));
        council.schedule(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilWrongKind.selector, id, ISecurityCouncil.ProposalKind.Upgrade
            )
        );
        council.executeEmergency(id);
        assertEq(hub.upgradeCount(), 0);
    }

    function test_PauseNeedsOnlyTheEmergencyThreshold() external {
        bytes32 actionId = _proposeEmergency(true);
        assertEq(council.quorum(actionId), 4);
    }

    function test_RevertWhen_EmergencyTargetsInvalid() external {
        uint256 max = council.MAX_TARGETS();
        vm.startPrank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTargetCountOutOfRange.selector, 0, max)
        );
        council.proposeEmergency(true, new IGovernanceHub.EmergencyTarget[](0));
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](max + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTargetCountOutOfRange.selector, max + 1, max)
        );
        council.proposeEmergency(true, targets);
        targets = new IGovernanceHub.EmergencyTarget[](2);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: 1, target: address(1)});
        targets[1] = IGovernanceHub.EmergencyTarget({chainId: 0, target: address(1)});
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidEmergencyTarget.selector, 1, 0, address(1))
        );
        council.proposeEmergency(true, targets);
        targets[1] = IGovernanceHub.EmergencyTarget({chainId: 1, target: address(0)});
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidEmergencyTarget.selector, 1, 1, address(0))
        );
        council.proposeEmergency(true, targets);
        vm.stopPrank();
    }

    function test_RevertWhen_EmergencyProposedByOutsider() external {
        IGovernanceHub.EmergencyTarget[] memory targets = _targets(1);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.proposeEmergency(true, targets);
    }

    function test_Cancel_ScheduledUpgradeWithEmergencyQuorum() external {
        IGovernanceHub.ChainAction[] memory actions = _actions(1);
        bytes32 id = _proposeUpgrade(actions);
        _approveFirst(id, 6);
        bytes32 opId = council.schedule(id);

        vm.prank(members[8]);
        bytes32 cancelId = council.proposeCancel(id);
        assertEq(council.cancelTarget(cancelId), id);
        _approveMask(cancelId, 0x1E0); // members 5..8
        vm.expectEmit(address(council));
        emit ISecurityCouncil.ProposalCancelled(id, cancelId, true);
        vm.expectEmit(address(timelock));
        emit TimelockController.Cancelled(opId);
        council.executeCancel(cancelId);

        assertFalse(timelock.isOperation(opId));
        assertEq(uint8(council.proposal(id).status), uint8(ISecurityCouncil.ProposalStatus.Cancelled));
        vm.warp(block.timestamp + MIN_DELAY);
        bytes memory data =
            abi.encodeCall(IGovernanceHub.dispatchUpgrade, (id, council.proposal(id).expiresAt, actions));
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                opId,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        timelock.execute(address(hub), 0, data, 0, id);
        assertEq(hub.upgradeCount(), 0);
    }

    function test_Cancel_PendingProposalNeverSchedules() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.prank(members[0]);
        bytes32 cancelId = council.proposeCancel(id);
        _approveFirst(cancelId, 4);
        vm.expectEmit(address(council));
        emit ISecurityCouncil.ProposalCancelled(id, cancelId, false);
        council.executeCancel(cancelId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilNotPending.selector, id, ISecurityCouncil.ProposalStatus.Cancelled
            )
        );
        council.schedule(id);
    }

    function test_RevertWhen_CancelBelowQuorum() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.prank(members[0]);
        bytes32 cancelId = council.proposeCancel(id);
        _approveFirst(cancelId, 3);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, cancelId, 3, 4));
        council.executeCancel(cancelId);
    }

    function test_RevertWhen_CancelNotCancellable() external {
        bytes32 actionId = _proposeEmergency(true);
        vm.prank(members[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISecurityCouncil.CouncilNotCancellable.selector,
                actionId,
                ISecurityCouncil.ProposalKind.Emergency,
                ISecurityCouncil.ProposalStatus.Pending
            )
        );
        council.proposeCancel(actionId);
    }

    function test_RevertWhen_CancelProposedByOutsider() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.proposeCancel(id);
    }
}
