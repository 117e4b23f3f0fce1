// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice Constructor validation: every bad input reverts with its exact error.
contract SecurityCouncilConstructorTest is CouncilFixture {
    function _build(address[] memory m, uint40[] memory t, uint8 threshold, uint8 emergency)
        internal
        returns (SecurityCouncil)
    {
        return new SecurityCouncil(m, t, threshold, emergency, timelock, IGovernanceHub(address(hub)));
    }

    function _firstN(uint256 n) internal view returns (address[] memory m) {
        m = new address[](n);
        for (uint256 i; i < n; ++i) {
            m[i] = members[i];
        }
    }

    function test_SetUpState() external view {
        assertEq(council.members(), members);
        assertEq(council.threshold(), 6);
        assertEq(council.emergencyThreshold(), 4);
        assertEq(council.membersVersion(), 1);
        assertEq(council.timelock(), address(timelock));
        assertEq(address(council.hub()), address(hub));
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(council)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(council)));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        for (uint256 i; i < members.length; ++i) {
            assertTrue(council.isMember(members[i]));
            assertEq(council.termEnd(1, members[i]), uint40(block.timestamp) + TERM + uint40(i) * 31 days);
        }
        assertFalse(council.isMember(outsider));
        (, string memory name, string memory version, uint256 chainId, address verifying,,) =
            council.eip712Domain();
        assertEq(name, "Lockstep Security Council");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifying, address(council));
    }

    function test_EmitsMembersRotated() external {
        vm.expectEmit(false, false, false, true);
        emit ISecurityCouncil.MembersRotated(1, members, _terms(9, TERM), 6, 4);
        _build(members, _terms(9, TERM), 6, 4);
    }

    function test_RevertWhen_TooFewMembers() external {
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilMemberCountOutOfRange.selector, 4, 5, 9)
        );
        _build(_firstN(4), _terms(4, TERM), 3, 2);
    }

    function test_RevertWhen_TooManyMembers() external {
        (address[] memory ten,) = _sortedKeys("ten", 10);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilMemberCountOutOfRange.selector, 10, 5, 9)
        );
        _build(ten, _terms(10, TERM), 7, 4);
    }

    function test_RevertWhen_LengthMismatch() external {
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilLengthMismatch.selector, 9, 8));
        _build(members, _terms(8, TERM), 6, 4);
    }

    function test_RevertWhen_MembersNotAscending() external {
        address[] memory m = _firstN(9);
        (m[3], m[4]) = (m[4], m[3]);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilMembersNotAscending.selector, 4, m[4]));
        _build(m, _terms(9, TERM), 6, 4);
    }

    function test_RevertWhen_DuplicateMember() external {
        address[] memory m = _firstN(9);
        m[5] = m[4];
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilMembersNotAscending.selector, 5, m[4]));
        _build(m, _terms(9, TERM), 6, 4);
    }

    function test_RevertWhen_ZeroMember() external {
        address[] memory m = _firstN(9);
        m[0] = address(0);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilMembersNotAscending.selector, 0, address(0))
        );
        _build(m, _terms(9, TERM), 6, 4);
    }

    function test_RevertWhen_TermInPast() external {
        uint40[] memory t = _terms(9, TERM);
        t[2] = uint40(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilTermInPast.selector, members[2], t[2]));
        _build(members, t, 6, 4);
    }

    function test_RevertWhen_ThresholdBelowTwoThirds() external {
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilThresholdOutOfRange.selector, 5, 6, 9));
        _build(members, _terms(9, TERM), 5, 4);
        // ceil(2*7/3) = 5
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilThresholdOutOfRange.selector, 4, 5, 7));
        _build(_firstN(7), _terms(7, TERM), 4, 3);
    }

    function test_RevertWhen_ThresholdAboveMembers() external {
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilThresholdOutOfRange.selector, 10, 6, 9)
        );
        _build(members, _terms(9, TERM), 10, 4);
    }

    function test_RevertWhen_EmergencyThresholdAtOneThird() external {
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilEmergencyThresholdOutOfRange.selector, 3, 4, 6)
        );
        _build(members, _terms(9, TERM), 6, 3);
    }

    function test_RevertWhen_EmergencyThresholdAboveThreshold() external {
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilEmergencyThresholdOutOfRange.selector, 7, 4, 6)
        );
        _build(members, _terms(9, TERM), 6, 7);
    }

    function test_RevertWhen_ZeroTimelock() external {
        vm.expectRevert(ISecurityCouncil.CouncilZeroAddress.selector);
        new SecurityCouncil(
            members,
            _terms(9, TERM),
            6,
            4,
            TimelockController(payable(address(0))),
            IGovernanceHub(address(hub))
        );
    }

    function test_RevertWhen_ZeroHub() external {
        vm.expectRevert(ISecurityCouncil.CouncilZeroAddress.selector);
        new SecurityCouncil(members, _terms(9, TERM), 6, 4, timelock, IGovernanceHub(address(0)));
    }

    function test_AcceptsBoundaryThresholds() external {
        SecurityCouncil five = _build(_firstN(5), _terms(5, TERM), 4, 2); // ceil(10/3) = 4, 5/3 + 1 = 2
        assertEq(five.threshold(), 4);
        assertEq(five.emergencyThreshold(), 2);
        SecurityCouncil eightOfNine = _build(members, _terms(9, TERM), 8, 8);
        assertEq(eightOfNine.threshold(), 8);
    }

    /// @dev Finding 7 (liveness cliff): a unanimous council dies at its first term end.
    function test_RevertWhen_Unanimous() external {
        uint40[] memory terms = _terms(9, TERM);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilTermsNotStaggered.selector, 1, 0));
        _build(members, terms, 9, 9);
    }

    /// @dev Finding 7: every term ending on one day leaves nobody to rotate after it.
    function test_RevertWhen_AllTermsEndTogether() external {
        uint40[] memory terms = _terms(9, TERM);
        for (uint256 i; i < terms.length; ++i) {
            terms[i] = uint40(block.timestamp) + TERM + uint40(i) * 1 days; // within one 30-day cohort
        }
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilTermsNotStaggered.selector, 9, 3));
        _build(members, terms, 6, 4);
    }

    function testFuzz_StaggeredTermsLeaveTheThresholdAfterTheFirstCohort(uint8 together) external {
        together = uint8(bound(together, 1, 9));
        uint40[] memory terms = _terms(9, TERM);
        for (uint256 i; i < terms.length; ++i) {
            // `together` seats end in the first cohort; the rest 60 days later or more.
            terms[i] = uint40(block.timestamp) + TERM + (i < together ? 0 : uint40(60 days + i * 31 days));
        }
        if (together > 3) {
            vm.expectRevert(
                abi.encodeWithSelector(ISecurityCouncil.CouncilTermsNotStaggered.selector, together, 3)
            );
        }
        _build(members, terms, 6, 4);
    }
}
