// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {Test, Vm} from "forge-std/Test.sol";

/// @notice `dispatchCanary`: who may call it, how often, and what it sends.
contract GovernanceHubCanaryTest is Test {
    uint64 internal constant ETH = 1;
    uint64 internal constant ARB = 42_161;

    address internal timelock = makeAddr("timelock");
    address internal council = makeAddr("council");
    address internal reporter = makeAddr("reporter");
    GovernanceHub internal hub;

    function setUp() public {
        vm.chainId(ETH);
        vm.warp(1_700_000_000);
        hub = _hubWith(2);
    }

    function _hubWith(uint256 chains) internal returns (GovernanceHub) {
        uint64[] memory ids = new uint64[](chains);
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](chains);
        for (uint256 i = 0; i < chains; ++i) {
            ids[i] = i == 0 ? ETH : ARB;
            configs[i] = IGovernanceHub.ChainConfig({
                receiver: makeAddr(i == 0 ? "rcv-eth" : "rcv-arb"),
                deliveryMargin: 1 hours,
                minDelay: 1 hours,
                gracePeriod: 1 days
            });
        }
        address[] memory reporters = new address[](1);
        reporters[0] = reporter;
        return new GovernanceHub(timelock, council, ids, configs, reporters);
    }

    function test_DispatchCanary_SendsOneNoOpMessagePerConfiguredChain() public {
        uint64 nonce = hub.nonce();
        bytes32 expectedId = keccak256(abi.encode(keccak256("lockstep.canary"), nonce));
        vm.expectEmit(address(hub));
        emit IGovernanceHub.CanaryDispatched(expectedId, uint40(block.timestamp), 2, reporter);
        vm.recordLogs();
        vm.prank(reporter);
        bytes32 canaryId = hub.dispatchCanary();
        assertEq(canaryId, expectedId);

        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32[] memory ids = hub.messagesOf(canaryId);
        assertEq(ids.length, 2);
        uint256 seen;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] != IGovernanceHub.MessageDispatched.selector) continue;
            (, bytes memory encoded) = abi.decode(logs[i].data, (uint64, bytes));
            MessageCodec.Message memory message = this.decode(encoded);
            assertEq(message.dstChainId, seen == 0 ? ETH : ARB);
            assertEq(message.nonce, nonce + seen);
            assertEq(logs[i].topics[1], ids[seen]);
            (uint8 kind, bytes memory body) = UpgradePayload.kindOf(message.payload);
            assertEq(kind, UpgradePayload.KIND_CANARY);
            UpgradePayload.Canary memory canary = UpgradePayload.decodeCanary(body);
            assertEq(canary.canaryId, canaryId);
            assertEq(canary.sentAt, block.timestamp);
            (uint64 chainId, IGovernanceHub.DeliveryState state) = hub.messageState(ids[seen]);
            assertEq(chainId, message.dstChainId);
            assertEq(uint8(state), uint8(IGovernanceHub.DeliveryState.Dispatched));
            ++seen;
        }
        assertEq(seen, 2);
        assertEq(hub.nonce(), nonce + 2);
        assertEq(hub.lastCanaryAt(), block.timestamp);
    }

    function testFuzz_RevertWhen_DispatchCanaryNotReporter(address caller) public {
        vm.assume(caller != reporter);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotReporter.selector, caller));
        hub.dispatchCanary();
    }

    function test_RevertWhen_DispatchCanaryByRemovedReporter() public {
        IGovernanceHub.ReporterUpdate[] memory updates = new IGovernanceHub.ReporterUpdate[](1);
        updates[0] = IGovernanceHub.ReporterUpdate(reporter, false);
        vm.prank(timelock);
        hub.configure(
            "cfg",
            uint40(block.timestamp + 1 days),
            new uint64[](0),
            new IGovernanceHub.ChainConfig[](0),
            updates
        );
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotReporter.selector, reporter));
        hub.dispatchCanary();
    }

    function test_DispatchCanary_OncePerInterval() public {
        vm.prank(reporter);
        bytes32 first = hub.dispatchCanary();
        uint256 next = block.timestamp + hub.CANARY_INTERVAL();
        vm.prank(reporter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceHub.HubCanaryTooSoon.selector, uint40(block.timestamp), next, block.timestamp
            )
        );
        hub.dispatchCanary();
        vm.warp(next);
        vm.prank(reporter);
        bytes32 second = hub.dispatchCanary();
        assertTrue(first != second, "each canary has its own id");
    }

    function test_RevertWhen_DispatchCanaryWithNoChains() public {
        GovernanceHub empty = _hubWith(0);
        uint256 max = empty.MAX_ACTIONS();
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubInvalidActionCount.selector, 0, max));
        empty.dispatchCanary();
    }

    function decode(bytes calldata encoded) external pure returns (MessageCodec.Message memory) {
        return MessageCodec.decode(encoded);
    }
}
