// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice Hub configuration is a council proposal kind (finding 8: the hub's timelock-only
/// setters used to be unreachable): it needs the threshold, waits the timelock, carries its
/// deadline, and the emergency quorum can veto it.
contract SecurityCouncilConfigTest is CouncilFixture {
    function _chains() internal returns (uint64[] memory ids, IGovernanceHub.ChainConfig[] memory configs) {
        ids = new uint64[](1);
        ids[0] = 8453;
        configs = new IGovernanceHub.ChainConfig[](1);
        configs[0] = IGovernanceHub.ChainConfig(makeAddr("receiver-base"), 30 minutes, 1 hours, 7 days);
    }

    function _reporters() internal returns (IGovernanceHub.ReporterUpdate[] memory updates) {
        updates = new IGovernanceHub.ReporterUpdate[](1);
        updates[0] = IGovernanceHub.ReporterUpdate(makeAddr("new-relayer"), true);
    }

    function _proposeConfig() internal returns (bytes32 id) {
        (uint64[] memory ids, IGovernanceHub.ChainConfig[] memory configs) = _chains();
        IGovernanceHub.ReporterUpdate[] memory reporters = _reporters();
        vm.prank(members[0]);
        id = council.proposeConfig(ids, configs, reporters);
    }

    function test_ProposeConfig_FixesTheTimelockedCall() external {
        (uint64[] memory ids, IGovernanceHub.ChainConfig[] memory configs) = _chains();
        IGovernanceHub.ReporterUpdate[] memory reporters = _reporters();
        vm.prank(members[0]);
        bytes32 id = council.proposeConfig(ids, configs, reporters);
        ISecurityCouncil.Proposal memory p = council.proposal(id);
        assertEq(uint8(p.kind), uint8(ISecurityCouncil.ProposalKind.Config));
        assertEq(council.quorum(id), 6, "the threshold, like an upgrade");
        (address target, bytes memory data) = council.proposalCall(id);
        assertEq(target, address(hub));
        assertEq(data, abi.encodeCall(IGovernanceHub.configure, (id, p.expiresAt, ids, configs, reporters)));
    }

    function test_ConfigRunsThroughTheTimelockOnly() external {
        bytes32 id = _proposeConfig();
        _approveFirst(id, 5);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, id, 5, 6));
        council.schedule(id);
        _approveMask(id, 1 << 5);
        council.schedule(id);
        (address target, bytes memory data) = council.proposalCall(id);
        bytes32 opId = council.operationId(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                opId,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        timelock.execute(target, 0, data, bytes32(0), id);
        vm.warp(block.timestamp + MIN_DELAY);
        timelock.execute(target, 0, data, bytes32(0), id);
        assertEq(hub.configCount(), 1);
        assertEq(hub.lastConfigId(), id);
    }

    function test_EmergencyQuorumVetoesAConfigChange() external {
        bytes32 id = _proposeConfig();
        _approveFirst(id, 6);
        council.schedule(id);
        vm.prank(members[8]);
        bytes32 cancelId = council.proposeCancel(id);
        _approveMask(cancelId, 0x1E0);
        council.executeCancel(cancelId);
        assertEq(uint8(council.proposal(id).status), uint8(ISecurityCouncil.ProposalStatus.Cancelled));
    }

    function test_RevertWhen_ConfigProposalEmptyOrMismatched() external {
        vm.startPrank(members[0]);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidConfig.selector, 0, 0, 0));
        council.proposeConfig(
            new uint64[](0), new IGovernanceHub.ChainConfig[](0), new IGovernanceHub.ReporterUpdate[](0)
        );
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidConfig.selector, 1, 0, 0));
        council.proposeConfig(
            new uint64[](1), new IGovernanceHub.ChainConfig[](0), new IGovernanceHub.ReporterUpdate[](0)
        );
        vm.stopPrank();
    }

    function test_RevertWhen_OutsiderProposesConfig() external {
        (uint64[] memory ids, IGovernanceHub.ChainConfig[] memory configs) = _chains();
        IGovernanceHub.ReporterUpdate[] memory reporters = _reporters();
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.proposeConfig(ids, configs, reporters);
    }
}
