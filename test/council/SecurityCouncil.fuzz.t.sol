// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";

/// @notice Random approval subsets, and the gas of one 6-of-9 approval round.
contract SecurityCouncilFuzzTest is CouncilFixture {
    function _popcount(uint256 mask) internal pure returns (uint256 count) {
        for (; mask != 0; mask &= mask - 1) {
            ++count;
        }
    }

    /// @dev Any subset of 9 members: schedule succeeds exactly when it has at least 6.
    function testFuzz_ScheduleOnlyAtThreshold(uint256 mask, bool bySig) external {
        mask = bound(mask, 1, (1 << 9) - 1);
        uint256 count = _popcount(mask);
        IGovernanceHub.ChainAction[] memory actions = _actions(2);
        bytes32 id = _proposeUpgrade(actions);
        if (bySig) {
            (address[] memory signers, bytes[] memory sigs) = _signMask(id, mask);
            council.approveBySig(id, signers, sigs);
        } else {
            _approveMask(id, mask);
        }
        assertEq(council.approvals(id), count);
        assertEq(council.proposal(id).approvalBitmap, mask);

        if (count < 6) {
            vm.expectRevert(
                abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, id, count, 6)
            );
            council.schedule(id);
            return;
        }
        council.schedule(id);
        vm.warp(block.timestamp + MIN_DELAY);
        timelock.execute(
            address(hub),
            0,
            abi.encodeCall(IGovernanceHub.dispatchUpgrade, (id, council.proposal(id).expiresAt, actions)),
            bytes32(0),
            id
        );
        assertEq(hub.upgradeCount(), 1);
        assertEq(hub.lastActionsHash(), keccak256(abi.encode(actions)));
    }

    /// @dev Any subset: the emergency executes exactly when it has at least 4, and never upgrades.
    function testFuzz_EmergencyOnlyAtQuorum(uint256 mask) external {
        mask = bound(mask, 1, (1 << 9) - 1);
        uint256 count = _popcount(mask);
        bytes32 actionId = _proposeEmergency(true);
        _approveMask(actionId, mask);
        if (count < 4) {
            vm.expectRevert(
                abi.encodeWithSelector(ISecurityCouncil.CouncilQuorumNotMet.selector, actionId, count, 4)
            );
        }
        council.executeEmergency(actionId);
        assertEq(hub.emergencyCount(), count < 4 ? 0 : 1);
        assertEq(hub.upgradeCount(), 0);
    }

    /// @dev Any single random key (a non-member with overwhelming probability) is refused.
    function testFuzz_RevertWhen_RandomSigner(uint256 key) external {
        key = bound(key, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        address signer = vm.addr(key);
        for (uint256 i; i < members.length; ++i) {
            vm.assume(signer != members[i]);
        }
        bytes32 id = _proposeUpgrade(_actions(1));
        address[] memory signers = new address[](1);
        bytes[] memory sigs = new bytes[](1);
        signers[0] = signer;
        sigs[0] = _sign(key, council.approvalDigest(id));
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, signer, 1));
        council.approveBySig(id, signers, sigs);
    }

    /// @dev Execution gas of one relayed 6-of-9 approval round, then of `schedule`.
    function test_Gas_ApprovalRound_6of9() external {
        bytes32 id = _proposeUpgrade(_actions(1));
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x3F);
        council.approveBySig(id, signers, sigs);
        uint256 approveGas = vm.snapshotGasLastCall("council", "approveBySig_6of9");
        council.schedule(id);
        uint256 scheduleGas = vm.snapshotGasLastCall("council", "schedule_1action");
        assertEq(council.approvals(id), 6);
        assertLt(approveGas, 150_000);
        assertLt(scheduleGas, 150_000);
    }
}
