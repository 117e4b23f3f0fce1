// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {IBridgeAdapter} from "../../../contracts/interfaces/IBridgeAdapter.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {IMessageReceiver} from "../../../contracts/interfaces/IMessageReceiver.sol";
import {CouncilFallbackAdapterFixture} from "./CouncilFallbackAdapterFixture.sol";

/// @notice Constructor rules: 5..9 strictly ascending non-zero members, a strict-majority threshold,
/// and BaseAdapter's non-zero receiver and hub.
contract CouncilFallbackAdapterConstructorTest is CouncilFallbackAdapterFixture {
    function test_Constructor_EmitsMembersSet() public {
        vm.expectEmit();
        emit IFallbackAdapter.MembersSet(0, members, THRESHOLD);
        _deploy(members, THRESHOLD);
    }

    /// @dev Every size 5..9 accepts exactly the thresholds floor(n/2)+1 .. n.
    function testFuzz_Constructor_Threshold(uint256 size, uint8 threshold_) public {
        size = bound(size, 5, 9);
        (address[] memory set,) = councilKeys(size, 1);
        if (threshold_ <= size / 2 || threshold_ > size) {
            vm.expectRevert(
                abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdInvalid.selector, threshold_, size)
            );
            _deploy(set, threshold_);
        } else {
            CouncilFallbackAdapter deployed = _deploy(set, threshold_);
            assertEq(deployed.threshold(), threshold_, "threshold");
            assertEq(deployed.members(), set, "members");
        }
    }

    function test_RevertWhen_EmergencyThresholdIsZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackEmergencyThresholdInvalid.selector, 0, THRESHOLD)
        );
        new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, members, THRESHOLD, 0, 0
        );
    }

    function test_RevertWhen_EmergencyThresholdAboveTheThreshold() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackEmergencyThresholdInvalid.selector, THRESHOLD + 1, THRESHOLD
            )
        );
        new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, members, THRESHOLD, 0, THRESHOLD + 1
        );
        CouncilFallbackAdapter equal = new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, members, THRESHOLD, 0, THRESHOLD
        );
        assertEq(equal.emergencyThreshold(), THRESHOLD);
    }

    /// @dev Finding 1: the fallback never needs fewer keys than the home council.
    function test_RevertWhen_ThresholdBelowTheCouncilsFloor() public {
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdBelowMinimum.selector, 5, 6));
        new CouncilFallbackAdapter(IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, members, 5, 6, 4);
        CouncilFallbackAdapter floored = new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, members, 6, 6, 4
        );
        assertEq(floored.minThreshold(), 6);
        assertEq(floored.threshold(), 6);
    }

    function test_RevertWhen_TooFewMembers() public {
        (address[] memory set,) = councilKeys(4, 1);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackInvalidMemberCount.selector, 4, 5, 9));
        _deploy(set, 3);
    }

    function test_RevertWhen_TooManyMembers() public {
        (address[] memory set,) = councilKeys(10, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackInvalidMemberCount.selector, 10, 5, 9)
        );
        _deploy(set, 6);
    }

    function test_RevertWhen_MemberZero() public {
        address[] memory set = members;
        set[0] = address(0);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackMemberZero.selector, 0));
        _deploy(set, THRESHOLD);
    }

    function test_RevertWhen_MembersNotAscending() public {
        address[] memory set = members;
        (set[3], set[4]) = (set[4], set[3]);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackMembersNotAscending.selector, 4, set[4], set[3])
        );
        _deploy(set, THRESHOLD);
    }

    function test_RevertWhen_MemberRepeated() public {
        address[] memory set = members;
        set[5] = set[4];
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackMembersNotAscending.selector, 5, set[4], set[4])
        );
        _deploy(set, THRESHOLD);
    }

    function test_RevertWhen_ThresholdHalf() public {
        (address[] memory set,) = councilKeys(8, 1);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdInvalid.selector, 4, 8));
        _deploy(set, 4);
    }

    function test_RevertWhen_BaseConfigurationZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterInvalidConfiguration.selector, address(0), HUB_CHAIN_ID, hub
            )
        );
        new CouncilFallbackAdapter(IMessageReceiver(address(0)), HUB_CHAIN_ID, hub, members, THRESHOLD, 0, 3);

        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterInvalidConfiguration.selector, address(receiver), 0, hub
            )
        );
        new CouncilFallbackAdapter(IMessageReceiver(address(receiver)), 0, hub, members, THRESHOLD, 0, 3);

        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterInvalidConfiguration.selector,
                address(receiver),
                HUB_CHAIN_ID,
                address(0)
            )
        );
        new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, address(0), members, THRESHOLD, 0, 3
        );
    }
}
