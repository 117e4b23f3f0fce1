// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";

/// @title The approved call swapped behind its address (Tornado Cash governance, May 2023, again)
/// @notice The attack: Tornado's governance ran code at an approved address, and the attacker
/// replaced that code after the vote. Lockstep's council keeps each proposal's timelock call as the
/// code of contracts it deploys itself, so the same question stands: can anyone change what an
/// approved proposal schedules, by calling those contracts, sending them ETH, or having them
/// self-destruct, between the approval and `schedule`?
/// @notice Lockstep's defence: the chunks are created by the council with CREATE (no address
/// anyone else can claim, no CREATE2 to redeploy), and their code starts with STOP, so no call
/// runs a single instruction of it, SELFDESTRUCT included. The operation `schedule` puts in the
/// timelock is the one over the approved call, byte for byte.
contract StoredCallSwapTest is CouncilFixture {
    function testFuzz_TheApprovedCallCannotBeSwappedBeforeSchedule(bytes calldata attack) external {
        IGovernanceHub.ChainAction[] memory actions = _actions(128);
        bytes32 id = _proposeUpgrade(actions);
        (, bytes memory approvedCall) = council.proposalCall(id);
        bytes32 approvedOp = council.operationId(id);
        address[] memory chunks = council.proposalCallCode(id);
        assertEq(chunks.length, 2, "a 128-action call spans two chunks");
        _approveFirst(id, 6);

        address attacker = makeAddr("attacker");
        vm.deal(attacker, 10 ether);
        for (uint256 i; i < chunks.length; ++i) {
            bytes32 codehash = chunks[i].codehash;
            // The chunk's bytes after STOP would be a program if they ran; any calldata, any value.
            vm.prank(attacker);
            (bool ok, bytes memory returned) = chunks[i].call{value: 1 ether}(attack);
            assertTrue(ok);
            assertEq(returned.length, 0);
            // A SELFDESTRUCT opcode at the front of the calldata changes nothing either: it never runs.
            vm.prank(attacker);
            (ok,) = chunks[i].call(abi.encodePacked(hex"33ff", attack));
            assertTrue(ok);
            assertEq(chunks[i].codehash, codehash, "the kept call's code is unchanged");
        }

        (, bytes memory callNow) = council.proposalCall(id);
        assertEq(callNow, approvedCall);
        bytes32 op = council.schedule(id);
        assertEq(op, approvedOp, "schedule queues the approved call, byte for byte");
        assertTrue(timelock.isOperationPending(op));
        assertEq(uint8(council.proposal(id).status), uint8(ISecurityCouncil.ProposalStatus.Scheduled));
    }
}
