// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Over 400 lines on purpose: every hub entry point with who can and who cannot call it, in one suite.

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {Test, Vm} from "forge-std/Test.sol";

contract GovernanceHubTest is Test {
    uint64 internal constant ETH = 1;
    uint64 internal constant ARB = 42_161;
    uint64 internal constant OP = 10;

    address internal timelock = makeAddr("timelock");
    address internal council = makeAddr("council");
    address internal reporter = makeAddr("reporter");
    address internal stranger = makeAddr("stranger");
    GovernanceHub internal hub;

    function setUp() public {
        vm.chainId(ETH);
        vm.warp(1_700_000_000);
        uint64[] memory ids = new uint64[](3);
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](3);
        (ids[0], configs[0]) = (ETH, _config("rcv-eth", 1 hours, 1 hours));
        (ids[1], configs[1]) = (ARB, _config("rcv-arb", 30 minutes, 2 hours));
        (ids[2], configs[2]) = (OP, _config("rcv-op", 4 hours, 0));
        address[] memory reporters = new address[](1);
        reporters[0] = reporter;
        hub = new GovernanceHub(timelock, council, ids, configs, reporters);
    }

    function _config(string memory receiver, uint32 margin, uint32 minDelay)
        internal
        returns (IGovernanceHub.ChainConfig memory)
    {
        return IGovernanceHub.ChainConfig({
            receiver: makeAddr(receiver), deliveryMargin: margin, minDelay: minDelay, gracePeriod: 1 days
        });
    }

    function _action(uint64 chainId, string memory proxy)
        internal
        returns (IGovernanceHub.ChainAction memory)
    {
        return IGovernanceHub.ChainAction({
            chainId: chainId,
            proxy: makeAddr(proxy),
            previousImplementation: makeAddr(string.concat(proxy, "-previous")),
            implementation: makeAddr(string.concat(proxy, "-impl")),
            codehash: keccak256(bytes(proxy)),
            data: ""
        });
    }

    /// @dev A deadline the timelocked calls below meet.
    function _deadline() internal view returns (uint40) {
        return uint40(block.timestamp + 30 days);
    }

    /// @dev `hub.configure` with one chain configuration (the caller is pranked by the test).
    function _setChainConfig(uint64 chainId, IGovernanceHub.ChainConfig memory config) internal {
        uint64[] memory ids = new uint64[](1);
        ids[0] = chainId;
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](1);
        configs[0] = config;
        hub.configure("cfg", _deadline(), ids, configs, new IGovernanceHub.ReporterUpdate[](0));
    }

    /// @dev `hub.configure` with one reporter change (the caller is pranked by the test).
    function _setReporter(address account, bool allowed) internal {
        IGovernanceHub.ReporterUpdate[] memory updates = new IGovernanceHub.ReporterUpdate[](1);
        updates[0] = IGovernanceHub.ReporterUpdate(account, allowed);
        hub.configure("cfg", _deadline(), new uint64[](0), new IGovernanceHub.ChainConfig[](0), updates);
    }

    function _threeChainActions() internal returns (IGovernanceHub.ChainAction[] memory actions) {
        actions = new IGovernanceHub.ChainAction[](4);
        actions[0] = _action(ARB, "vault-arb");
        actions[1] = _action(ETH, "vault-eth");
        actions[2] = _action(ARB, "router-arb");
        actions[3] = _action(OP, "vault-op");
    }

    /// @dev Decodes every MessageDispatched of the recorded logs.
    function _dispatched() internal returns (MessageCodec.Message[] memory messages, bytes32[] memory ids) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 n;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == IGovernanceHub.MessageDispatched.selector) ++n;
        }
        messages = new MessageCodec.Message[](n);
        ids = new bytes32[](n);
        n = 0;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] != IGovernanceHub.MessageDispatched.selector) continue;
            (, bytes memory encoded) = abi.decode(logs[i].data, (uint64, bytes));
            messages[n] = this.decode(encoded);
            ids[n++] = logs[i].topics[1];
        }
    }

    function decode(bytes calldata encoded) external pure returns (MessageCodec.Message memory) {
        return MessageCodec.decode(encoded);
    }

    function test_SetUpState() public view {
        assertEq(hub.timelock(), timelock);
        assertEq(hub.council(), council);
        assertEq(hub.chainIds().length, 3);
        assertEq(hub.chainConfig(ARB).minDelay, 2 hours);
        assertTrue(hub.isReporter(reporter));
        assertEq(hub.nonce(), 0);
    }

    function test_DispatchUpgrade_SendsOneMessagePerChainWithOneActivationTime() public {
        vm.recordLogs();
        vm.prank(timelock);
        uint40 activation = hub.dispatchUpgrade("p1", _deadline(), _threeChainActions());

        // Slowest chain: OP needs 4h margin + 0 delay; ARB 30m + 2h; ETH 1h + 1h → 4h.
        assertEq(activation, block.timestamp + 4 hours);
        (MessageCodec.Message[] memory messages, bytes32[] memory ids) = _dispatched();
        assertEq(messages.length, 3);
        uint64[3] memory expectedChains = [ARB, ETH, OP];
        uint256[3] memory expectedActions = [uint256(2), 1, 1];
        for (uint256 i = 0; i < 3; ++i) {
            MessageCodec.Message memory m = messages[i];
            assertEq(m.dstChainId, expectedChains[i]);
            assertEq(m.srcChainId, ETH);
            assertEq(m.sender, address(hub));
            assertEq(m.receiver, hub.chainConfig(m.dstChainId).receiver);
            assertEq(m.nonce, i);
            assertEq(MessageCodec.id(m), ids[i]);
            (uint8 kind, bytes memory body) = UpgradePayload.kindOf(m.payload);
            assertEq(kind, UpgradePayload.KIND_UPGRADE);
            UpgradePayload.Upgrade memory upgrade = UpgradePayload.decodeUpgrade(body);
            assertEq(upgrade.proposalId, bytes32("p1"));
            assertEq(upgrade.activationTime, activation);
            assertEq(upgrade.actions.length, expectedActions[i]);
            (uint64 chainId, IGovernanceHub.DeliveryState state) = hub.messageState(ids[i]);
            assertEq(chainId, expectedChains[i]);
            assertEq(uint8(state), uint8(IGovernanceHub.DeliveryState.Dispatched));
        }
        assertEq(hub.messagesOf("p1").length, 3);
        assertEq(hub.nonce(), 3);
    }

    function test_DispatchUpgrade_EmitsUpgradeDispatched() public {
        vm.expectEmit(address(hub));
        emit IGovernanceHub.UpgradeDispatched("p1", uint40(block.timestamp + 4 hours), 3);
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), _threeChainActions());
    }

    function test_DispatchUpgrade_KeepsActionOrderWithinAChain() public {
        vm.recordLogs();
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), _threeChainActions());
        (MessageCodec.Message[] memory messages,) = _dispatched();
        (, bytes memory body) = UpgradePayload.kindOf(messages[0].payload);
        UpgradePayload.Upgrade memory upgrade = UpgradePayload.decodeUpgrade(body);
        assertEq(upgrade.actions[0].proxy, makeAddr("vault-arb"));
        assertEq(upgrade.actions[1].proxy, makeAddr("router-arb"));
        assertEq(upgrade.actions[1].codehash, keccak256("router-arb"));
    }

    function testFuzz_RevertWhen_DispatchUpgradeNotTimelock(address caller) public {
        vm.assume(caller != timelock);
        IGovernanceHub.ChainAction[] memory actions = _threeChainActions();
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotTimelock.selector, caller));
        vm.prank(caller);
        hub.dispatchUpgrade("p1", _deadline(), actions);
    }

    function test_RevertWhen_CouncilDispatchesUpgradeDirectly() public {
        IGovernanceHub.ChainAction[] memory actions = _threeChainActions();
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotTimelock.selector, council));
        vm.prank(council);
        hub.dispatchUpgrade("p1", _deadline(), actions);
    }

    /// @dev Finding 5: an operation forgotten in the timelock cannot dispatch after its proposal's
    /// lifetime (the deadline the council put in the call).
    function test_RevertWhen_DispatchedAtOrAfterTheDeadline() public {
        IGovernanceHub.ChainAction[] memory actions = _threeChainActions();
        uint40 deadline = uint40(block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceHub.HubProposalExpired.selector, bytes32("p1"), deadline, block.timestamp
            )
        );
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", deadline, actions);
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", deadline + 1, actions);
        assertEq(hub.messagesOf("p1").length, 3);
    }

    function testFuzz_DispatchOnlyBeforeTheDeadline(uint40 deadline, uint32 elapsed) public {
        deadline = uint40(bound(deadline, block.timestamp, block.timestamp + 60 days));
        vm.warp(block.timestamp + elapsed);
        IGovernanceHub.ChainAction[] memory actions = _threeChainActions();
        vm.prank(timelock);
        (bool ok,) = address(hub).call(abi.encodeCall(hub.dispatchUpgrade, ("p1", deadline, actions)));
        assertEq(ok, block.timestamp < deadline);
    }

    function test_RevertWhen_ProposalDispatchedTwice() public {
        IGovernanceHub.ChainAction[] memory actions = _threeChainActions();
        vm.startPrank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), actions);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubAlreadyDispatched.selector, bytes32("p1")));
        hub.dispatchUpgrade("p1", _deadline(), actions);
    }

    function test_RevertWhen_ActionTargetsUnknownChain() public {
        IGovernanceHub.ChainAction[] memory actions = new IGovernanceHub.ChainAction[](1);
        actions[0] = _action(137, "vault-polygon");
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubUnknownChain.selector, uint64(137)));
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), actions);
    }

    function test_RevertWhen_NoActions() public {
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceHub.HubInvalidActionCount.selector, 0, hub.MAX_ACTIONS())
        );
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), new IGovernanceHub.ChainAction[](0));
    }

    function test_RevertWhen_TooManyActions() public {
        uint256 max = hub.MAX_ACTIONS();
        IGovernanceHub.ChainAction[] memory actions = new IGovernanceHub.ChainAction[](max + 1);
        for (uint256 i = 0; i < actions.length; ++i) {
            actions[i] = _action(ETH, "vault");
        }
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubInvalidActionCount.selector, max + 1, max));
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), actions);
    }

    function test_DispatchEmergency_PausesEveryTargetChainAtOnce() public {
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](3);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: OP, target: makeAddr("vault-op")});
        targets[1] = IGovernanceHub.EmergencyTarget({chainId: ETH, target: makeAddr("vault-eth")});
        targets[2] = IGovernanceHub.EmergencyTarget({chainId: OP, target: makeAddr("router-op")});
        vm.recordLogs();
        vm.prank(council);
        hub.dispatchEmergency("e1", true, targets);
        (MessageCodec.Message[] memory messages,) = _dispatched();
        assertEq(messages.length, 2);
        (uint8 kind, bytes memory body) = UpgradePayload.kindOf(messages[0].payload);
        assertEq(kind, UpgradePayload.KIND_PAUSE);
        UpgradePayload.Emergency memory emergency = UpgradePayload.decodeEmergency(body);
        assertEq(emergency.actionId, bytes32("e1"));
        assertEq(emergency.issuedAt, block.timestamp, "stamped with the hub's time");
        assertEq(emergency.targets.length, 2);
        assertEq(emergency.targets[1], makeAddr("router-op"));
        assertEq(messages[1].dstChainId, ETH);
    }

    function test_DispatchEmergency_UnpauseUsesUnpauseKind() public {
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](1);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: ARB, target: makeAddr("vault-arb")});
        vm.recordLogs();
        vm.prank(council);
        hub.dispatchEmergency("e2", false, targets);
        (MessageCodec.Message[] memory messages,) = _dispatched();
        (uint8 kind,) = UpgradePayload.kindOf(messages[0].payload);
        assertEq(kind, UpgradePayload.KIND_UNPAUSE);
    }

    function testFuzz_RevertWhen_DispatchEmergencyNotCouncil(address caller) public {
        vm.assume(caller != council);
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](1);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: ARB, target: makeAddr("vault-arb")});
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotCouncil.selector, caller));
        vm.prank(caller);
        hub.dispatchEmergency("e1", true, targets);
    }

    function test_MarkDelivery_MovesForwardUntilAllChainsReady() public {
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), _threeChainActions());
        bytes32[] memory ids = hub.messagesOf("p1");
        (bool ready, uint256 reached, uint256 total) =
            hub.allChainsReached("p1", IGovernanceHub.DeliveryState.Queued);
        assertFalse(ready);
        assertEq(reached, 0);
        assertEq(total, 3);

        vm.startPrank(reporter);
        for (uint256 i = 0; i < ids.length; ++i) {
            vm.expectEmit(address(hub));
            emit IGovernanceHub.DeliveryStateUpdated(
                ids[i], i == 0 ? ARB : (i == 1 ? ETH : OP), IGovernanceHub.DeliveryState.Queued
            );
            hub.markDelivery(ids[i], IGovernanceHub.DeliveryState.Queued);
        }
        (ready, reached,) = hub.allChainsReached("p1", IGovernanceHub.DeliveryState.Queued);
        assertTrue(ready);
        assertEq(reached, 3);
        (ready,,) = hub.allChainsReached("p1", IGovernanceHub.DeliveryState.Executed);
        assertFalse(ready);
    }

    function test_RevertWhen_MarkDeliveryGoesBackwards() public {
        vm.prank(timelock);
        hub.dispatchUpgrade("p1", _deadline(), _threeChainActions());
        bytes32 id = hub.messagesOf("p1")[0];
        vm.startPrank(reporter);
        hub.markDelivery(id, IGovernanceHub.DeliveryState.Executed);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceHub.HubStateNotForward.selector,
                id,
                IGovernanceHub.DeliveryState.Executed,
                IGovernanceHub.DeliveryState.Queued
            )
        );
        hub.markDelivery(id, IGovernanceHub.DeliveryState.Queued);
    }

    function test_RevertWhen_MarkDeliveryOfUnknownMessage() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubUnknownMessage.selector, bytes32("nope")));
        vm.prank(reporter);
        hub.markDelivery("nope", IGovernanceHub.DeliveryState.Queued);
    }

    function test_RevertWhen_MarkDeliveryNotReporter() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotReporter.selector, stranger));
        vm.prank(stranger);
        hub.markDelivery("nope", IGovernanceHub.DeliveryState.Queued);
    }

    function test_SetChainConfig_OnlyTimelock() public {
        IGovernanceHub.ChainConfig memory config = _config("rcv-polygon", 10 minutes, 1 hours);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotTimelock.selector, council));
        vm.prank(council);
        _setChainConfig(137, config);

        vm.expectEmit(address(hub));
        emit IGovernanceHub.ChainConfigured(137, config);
        vm.prank(timelock);
        _setChainConfig(137, config);
        assertEq(hub.chainIds().length, 4);
        assertEq(hub.chainConfig(137).receiver, config.receiver);
    }

    function test_RevertWhen_ChainConfigInvalid() public {
        IGovernanceHub.ChainConfig memory config = _config("rcv", 1, 1);
        config.gracePeriod = 0;
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubInvalidChainConfig.selector, uint64(5)));
        vm.prank(timelock);
        _setChainConfig(5, config);
        config = _config("rcv", 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubInvalidChainConfig.selector, uint64(0)));
        vm.prank(timelock);
        _setChainConfig(0, config);
    }

    function test_SetReporter_OnlyTimelock() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubNotTimelock.selector, reporter));
        vm.prank(reporter);
        _setReporter(stranger, true);

        vm.expectEmit(address(hub));
        emit IGovernanceHub.ReporterSet(reporter, false);
        vm.prank(timelock);
        _setReporter(reporter, false);
        assertFalse(hub.isReporter(reporter));
    }

    /// @dev Finding 8: configuration is reachable (a council `Config` proposal through the
    /// timelock), carries its deadline, and changes something.
    function test_Configure_ChainsAndReportersInOneCall() public {
        uint64[] memory ids = new uint64[](1);
        ids[0] = 137;
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](1);
        configs[0] = _config("rcv-polygon", 10 minutes, 1 hours);
        IGovernanceHub.ReporterUpdate[] memory reporters = new IGovernanceHub.ReporterUpdate[](2);
        reporters[0] = IGovernanceHub.ReporterUpdate(stranger, true);
        reporters[1] = IGovernanceHub.ReporterUpdate(reporter, false);
        vm.expectEmit(address(hub));
        emit IGovernanceHub.ChainConfigured(137, configs[0]);
        vm.expectEmit(address(hub));
        emit IGovernanceHub.ReporterSet(stranger, true);
        vm.expectEmit(address(hub));
        emit IGovernanceHub.ReporterSet(reporter, false);
        vm.prank(timelock);
        hub.configure("cfg", _deadline(), ids, configs, reporters);
        assertEq(hub.chainConfig(137).receiver, configs[0].receiver);
        assertTrue(hub.isReporter(stranger));
        assertFalse(hub.isReporter(reporter));
    }

    function test_RevertWhen_ConfigureInvalid() public {
        uint64[] memory ids = new uint64[](1);
        IGovernanceHub.ReporterUpdate[] memory none = new IGovernanceHub.ReporterUpdate[](0);
        vm.startPrank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceHub.HubProposalExpired.selector,
                bytes32("cfg"),
                uint40(block.timestamp),
                block.timestamp
            )
        );
        hub.configure("cfg", uint40(block.timestamp), ids, new IGovernanceHub.ChainConfig[](1), none);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubLengthMismatch.selector, 1, 0));
        hub.configure("cfg", _deadline(), ids, new IGovernanceHub.ChainConfig[](0), none);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceHub.HubInvalidConfigCount.selector, 0, 0, hub.MAX_CHAINS())
        );
        hub.configure("cfg", _deadline(), new uint64[](0), new IGovernanceHub.ChainConfig[](0), none);
        vm.stopPrank();
    }

    function test_RevertWhen_ConstructedWithZeroTimelock() public {
        vm.expectRevert(IGovernanceHub.HubZeroAddress.selector);
        new GovernanceHub(
            address(0), council, new uint64[](0), new IGovernanceHub.ChainConfig[](0), new address[](0)
        );
    }

    function test_RevertWhen_ConstructedWithMismatchedChains() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubLengthMismatch.selector, 1, 0));
        new GovernanceHub(
            timelock, council, new uint64[](1), new IGovernanceHub.ChainConfig[](0), new address[](0)
        );
    }

    function testFuzz_ActivationCoversEveryChainsMarginAndDelay(uint32 margin, uint32 minDelay) public {
        vm.prank(timelock);
        _setChainConfig(ARB, IGovernanceHub.ChainConfig(makeAddr("rcv-arb"), margin, minDelay, 1 days));
        IGovernanceHub.ChainAction[] memory actions = _threeChainActions();
        vm.prank(timelock);
        uint40 activation = hub.dispatchUpgrade("p1", _deadline(), actions);
        uint256 slowest = uint256(margin) + minDelay;
        if (slowest < 4 hours) slowest = 4 hours;
        assertEq(activation, block.timestamp + slowest);
    }
}
