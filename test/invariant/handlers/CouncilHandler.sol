// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SecurityCouncil} from "../../../contracts/council/SecurityCouncil.sol";
import {IGovernanceHub} from "../../../contracts/interfaces/IGovernanceHub.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Drives a council with bounded random members: propose, approve, emergency, schedule,
/// wait and execute on the timelock. Records every upgrade that reached the hub.
contract CouncilHandler is Test {
    SecurityCouncil public immutable COUNCIL;
    TimelockController public immutable TIMELOCK;
    address[] internal _members;

    bytes32[] internal _proposals;
    mapping(bytes32 id => IGovernanceHub.ChainAction[]) internal _actionsOf;
    bytes32[] public executedUpgrades;
    uint256 public calls;

    constructor(SecurityCouncil council, TimelockController timelock, address[] memory members) {
        COUNCIL = council;
        TIMELOCK = timelock;
        _members = members;
    }

    function executedCount() external view returns (uint256) {
        return executedUpgrades.length;
    }

    function propose(uint256 memberSeed, uint64 chainId) external {
        ++calls;
        IGovernanceHub.ChainAction[] memory actions = new IGovernanceHub.ChainAction[](1);
        actions[0] = IGovernanceHub.ChainAction({
            chainId: uint64(bound(chainId, 1, type(uint64).max)),
            proxy: address(0xBEEF),
            previousImplementation: address(0xF00D),
            implementation: address(0xCAFE),
            codehash: keccak256("impl"),
            data: ""
        });
        vm.prank(_members[bound(memberSeed, 0, _members.length - 1)]);
        bytes32 id = COUNCIL.proposeUpgrade(actions, keccak256("audit"), "");
        _proposals.push(id);
        _actionsOf[id].push(actions[0]);
    }

    function proposeEmergency(uint256 memberSeed, bool pause) external {
        ++calls;
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](1);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: 1, target: address(0xBEEF)});
        vm.prank(_members[bound(memberSeed, 0, _members.length - 1)]);
        _proposals.push(COUNCIL.proposeEmergency(pause, targets));
    }

    function approve(uint256 proposalSeed, uint256 memberSeed) external {
        ++calls;
        if (_proposals.length == 0) return;
        bytes32 id = _proposals[bound(proposalSeed, 0, _proposals.length - 1)];
        address member = _members[bound(memberSeed, 0, _members.length - 1)];
        if (COUNCIL.hasApproved(id, member)) return;
        vm.prank(member);
        try COUNCIL.approve(id) {} catch {}
    }

    function schedule(uint256 proposalSeed) external {
        ++calls;
        if (_proposals.length == 0) return;
        try COUNCIL.schedule(_proposals[bound(proposalSeed, 0, _proposals.length - 1)]) {} catch {}
    }

    function executeEmergency(uint256 proposalSeed) external {
        ++calls;
        if (_proposals.length == 0) return;
        try COUNCIL.executeEmergency(_proposals[bound(proposalSeed, 0, _proposals.length - 1)]) {} catch {}
    }

    function warp(uint256 seconds_) external {
        ++calls;
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    function execute(uint256 proposalSeed) external {
        ++calls;
        if (_proposals.length == 0) return;
        bytes32 id = _proposals[bound(proposalSeed, 0, _proposals.length - 1)];
        if (_actionsOf[id].length == 0) return;
        (, bytes memory data) = COUNCIL.proposalCall(id);
        try TIMELOCK.execute(address(COUNCIL.hub()), 0, data, bytes32(0), id) {
            executedUpgrades.push(id);
        } catch {}
    }
}
