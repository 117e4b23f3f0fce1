// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";
import {ReceiverMessages} from "../utils/ReceiverMessages.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Vm} from "forge-std/Vm.sol";

/// @notice `confirmMessage`: route checks, replay, k-of-n, queue timing, emergency paths.
contract UpgradeReceiverConfirmTest is ReceiverFixture {
    function test_SetUpState() external view {
        (uint64 chainId, address sender) = receiver.hub();
        assertEq(chainId, HUB_CHAIN_ID);
        assertEq(sender, hub);
        (address[] memory list, uint256 required) = receiver.adapters();
        assertEq(list.length, 2);
        assertEq(list[0], adapterA);
        assertEq(list[1], adapterB);
        assertEq(required, 1);
        (uint32 minDelay, uint32 grace) = receiver.delays();
        assertEq(minDelay, MIN_DELAY);
        assertEq(grace, GRACE_PERIOD);
        assertEq(receiver.guardian(), guardian);
        assertEq(receiver.bootstrapper(), bootstrapper);
        assertEq(registry.receiver(), address(receiver));
        assertTrue(receiver.isRegistered(address(vault)));
    }

    // ─── constructor ───

    function test_RevertWhen_ConstructedWithBadConfig() external {
        IUpgradeReceiver.Config memory config = _config(3);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidThreshold.selector, 3, 2));
        new UpgradeReceiver(config);

        config = _config(0);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidThreshold.selector, 0, 2));
        new UpgradeReceiver(config);

        config = _config(1);
        config.adapters[1] = adapterA;
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidAdapter.selector, adapterA));
        new UpgradeReceiver(config);

        config = _config(1);
        config.adapters = new address[](9);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidAdapterCount.selector, 9, 8));
        new UpgradeReceiver(config);

        config = _config(1);
        config.hub = address(0);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidHub.selector, HUB_CHAIN_ID, address(0))
        );
        new UpgradeReceiver(config);

        config = _config(1);
        config.gracePeriod = 0;
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidGracePeriod.selector, 0));
        new UpgradeReceiver(config);

        config = _config(1);
        config.guardian = address(0);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidRole.selector, address(0), bootstrapper)
        );
        new UpgradeReceiver(config);
    }

    // ─── route checks ───

    function test_RevertWhen_CallerIsNotAdapter() external {
        (bytes memory encoded,) = _upgradeToV2(_activation());
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotAdapter.selector, alice));
        _confirm(alice, encoded);
    }

    function test_RevertWhen_WrongSourceChain() external {
        ReceiverMessages.Route memory route = _route();
        route.srcChainId = 999;
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongSourceChain.selector, 999, HUB_CHAIN_ID)
        );
        _confirm(adapterA, _encode(route));
    }

    function test_RevertWhen_WrongSender() external {
        ReceiverMessages.Route memory route = _route();
        route.sender = alice;
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongSender.selector, alice, hub));
        _confirm(adapterA, _encode(route));
    }

    function test_RevertWhen_WrongDestinationChain() external {
        ReceiverMessages.Route memory route = _route();
        route.dstChainId = 10;
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongDestination.selector, 10, block.chainid)
        );
        _confirm(adapterA, _encode(route));
    }

    function test_RevertWhen_WrongReceiver() external {
        ReceiverMessages.Route memory route = _route();
        route.receiver = alice;
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongReceiver.selector, alice, address(receiver))
        );
        _confirm(adapterA, _encode(route));
    }

    function test_RevertWhen_UnsupportedVersion() external {
        MessageCodec.Message memory message = ReceiverMessages.message(_route(), "");
        message.version = 2;
        vm.expectRevert(abi.encodeWithSelector(MessageCodec.MessageCodecUnsupportedVersion.selector, 2));
        _confirm(adapterA, abi.encode(message));
    }

    function test_RevertWhen_ActionIsMalformedAtQueueTime() external {
        (bytes memory encoded,) = _upgradeToV2(_activation());
        // Message head 0x120 + payload head 0x60 + upgrade head 0xa0: the action's offset word.
        uint256 actionOffsetWord = 0x120 + 0x60 + 0xa0;
        assembly {
            mstore(add(add(encoded, 0x20), actionOffsetWord), 0xffff)
        }
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverMalformedMessage.selector, 0xa0));
        _confirm(adapterA, encoded);
    }

    function test_RevertWhen_UpgradeHasNoActions() external {
        UpgradePayload.UpgradeAction[] memory none = new UpgradePayload.UpgradeAction[](0);
        (bytes memory encoded, bytes32 messageId) =
            ReceiverMessages.encode(_route(), ReceiverMessages.upgrade(PROPOSAL_ID, _activation(), none));
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNoActions.selector, messageId));
        _confirm(adapterA, encoded);
    }

    function test_RevertWhen_UpgradeHasTooManyActions() external {
        UpgradePayload.UpgradeAction[] memory many = new UpgradePayload.UpgradeAction[](17);
        (bytes memory encoded,) =
            ReceiverMessages.encode(_route(), ReceiverMessages.upgrade(PROPOSAL_ID, _activation(), many));
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverTooManyActions.selector, 17, 16));
        _confirm(adapterA, encoded);
    }

    // ─── replay ───

    function test_RevertWhen_SameMessageTwice() external {
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(_activation());
        _confirm(adapterA, encoded);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Queued
            )
        );
        _confirm(adapterB, encoded);
    }

    function test_RevertWhen_ReplayedAfterChainIdChange() external {
        (bytes memory encoded,) = _upgradeToV2(_activation());
        uint256 original = block.chainid;
        vm.chainId(4242);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongDestination.selector, original, 4242)
        );
        _confirm(adapterA, encoded);
    }

    // ─── k of n ───

    function test_TwoOfTwoQueuesOnSecondConfirmation() external {
        receiver = _deployReceiver(2);
        vault = _deployVault(receiver);
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(_activation());

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.MessageConfirmed(messageId, adapterA, 1);
        _confirm(adapterA, encoded);
        (IUpgradeReceiver.MessageStatus status, uint256 count, uint40 executableAt,) =
            receiver.messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Pending));
        assertEq(count, 1);
        assertEq(executableAt, 0);

        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverAlreadyConfirmed.selector, messageId, adapterA)
        );
        _confirm(adapterA, encoded);

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.UpgradeQueued(
            messageId, PROPOSAL_ID, _activation(), _activation() + GRACE_PERIOD
        );
        _confirm(adapterB, encoded);
        (status, count,,) = receiver.messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued));
        assertEq(count, 2);
    }

    // ─── queue timing ───

    function test_QueuesAtActivationTime() external {
        uint40 activation = _activation();
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);
        vm.recordLogs();
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.UpgradeQueued(messageId, PROPOSAL_ID, activation, activation + GRACE_PERIOD);
        _confirm(adapterA, encoded);
        _assertOutcomeWithoutConfirmedLog(IUpgradeReceiver.UpgradeQueued.selector);
        (, uint256 count, uint40 executableAt, uint40 expiresAt) = receiver.messageState(messageId);
        assertEq(count, 1);
        assertEq(executableAt, activation);
        assertEq(expiresAt, activation + GRACE_PERIOD);
    }

    function test_LateArrivalShiftsExecutableAt() external {
        uint40 activation = uint40(block.timestamp + 1 hours);
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);
        uint40 expected = uint40(block.timestamp + MIN_DELAY);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.ActivationDelayed(messageId, activation, expected);
        _confirm(adapterA, encoded);
        (,, uint40 executableAt, uint40 expiresAt) = receiver.messageState(messageId);
        assertEq(executableAt, expected);
        assertEq(expiresAt, activation + GRACE_PERIOD);
    }

    function test_RevertWhen_ExpiredOnArrival() external {
        uint40 activation = uint40(block.timestamp + 1 hours);
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);
        vm.warp(activation + GRACE_PERIOD - MIN_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverExpiredOnArrival.selector,
                messageId,
                activation + GRACE_PERIOD,
                activation + GRACE_PERIOD
            )
        );
        _confirm(adapterA, encoded);
    }

    function testFuzz_QueueWindow(uint40 activation, uint32 arrivalOffset) external {
        activation = uint40(bound(activation, 1, type(uint32).max));
        vm.warp(arrivalOffset);
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);
        uint256 executableAt =
            block.timestamp + MIN_DELAY > activation ? block.timestamp + MIN_DELAY : activation;
        uint256 expiresAt = uint256(activation) + GRACE_PERIOD;
        if (executableAt >= expiresAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverExpiredOnArrival.selector, messageId, executableAt, expiresAt
                )
            );
            _confirm(adapterA, encoded);
            assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.None));
        } else {
            _confirm(adapterA, encoded);
            (IUpgradeReceiver.MessageStatus status,, uint40 gotExecutableAt, uint40 gotExpiresAt) =
                receiver.messageState(messageId);
            assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued));
            assertEq(gotExecutableAt, executableAt);
            assertEq(gotExpiresAt, expiresAt);
            assertGe(gotExecutableAt, activation);
            assertGe(gotExecutableAt, block.timestamp + MIN_DELAY);
        }
    }

    // ─── emergency ───

    function test_PauseAndUnpauseApplyAtOnceWithoutTouchingTheImplementation() external {
        (bytes memory pauseMessage, bytes32 pauseId) =
            ReceiverMessages.encode(_route(), ReceiverMessages.emergency(true, "halt", address(vault)));
        vm.recordLogs();
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyExecuted(pauseId, "halt", true, 1);
        _confirm(adapterA, pauseMessage);
        _assertOutcomeWithoutConfirmedLog(IUpgradeReceiver.EmergencyExecuted.selector);
        assertTrue(vault.paused());
        assertEq(uint8(_status(pauseId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
        assertEq(_implementationOf(address(vault)), address(v1Impl));

        (bytes memory unpauseMessage, bytes32 unpauseId) =
            ReceiverMessages.encode(_route(), ReceiverMessages.emergency(false, "resume", address(vault)));
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyExecuted(unpauseId, "resume", false, 1);
        _confirm(adapterA, unpauseMessage);
        assertFalse(vault.paused());
        assertEq(_implementationOf(address(vault)), address(v1Impl));
        assertEq(registry.entry(address(vault)).version, 1);
    }

    function test_PauseSkipsTargetsAlreadyPaused() external {
        vm.prank(address(receiver));
        vault.pause();
        (bytes memory pauseMessage, bytes32 pauseId) =
            ReceiverMessages.encode(_route(), ReceiverMessages.emergency(true, "halt", address(vault)));
        _confirm(adapterA, pauseMessage);
        assertTrue(vault.paused());
        assertEq(uint8(_status(pauseId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
    }

    function test_PauseReportsARegisteredTargetThatRefusesAndPausesTheRest() external {
        // A registered vault the receiver does not own: its pause() reverts.
        VaultV1 foreign = VaultV1(
            address(new ERC1967Proxy(address(v1Impl), abi.encodeCall(VaultV1.initialize, (address(0xBEEF)))))
        );
        vm.prank(bootstrapper);
        receiver.registerProxy(
            address(foreign), IUpgradeReceiver.ProxyKind.UUPS, address(0), "foreign", address(v1Impl)
        );
        address[] memory targets = new address[](2);
        (targets[0], targets[1]) = (address(foreign), address(vault));
        (bytes memory pauseMessage, bytes32 pauseId) = ReceiverMessages.encode(
            _route(),
            UpgradePayload.encodeEmergency(
                true, UpgradePayload.Emergency("halt", uint40(block.timestamp), targets)
            )
        );

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            pauseId, address(foreign), true, IUpgradeReceiver.EmergencyOutcome.Failed
        );
        _confirm(adapterA, pauseMessage);
        assertTrue(vault.paused(), "the other target is paused");
        assertFalse(foreign.paused());
        assertEq(uint8(_status(pauseId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
    }

    function test_PauseSkipsATargetThatIsNotRegistered() external {
        (bytes memory pauseMessage, bytes32 pauseId) =
            ReceiverMessages.encode(_route(), ReceiverMessages.emergency(true, "halt", address(receiver)));
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyTargetHandled(
            pauseId, address(receiver), true, IUpgradeReceiver.EmergencyOutcome.NotRegistered
        );
        _confirm(adapterA, pauseMessage);
        assertEq(uint8(_status(pauseId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
    }

    function test_RevertWhen_ExecutingAnEmergencyMessage() external {
        (bytes memory pauseMessage, bytes32 pauseId) =
            ReceiverMessages.encode(_route(), ReceiverMessages.emergency(true, "halt", address(vault)));
        _confirm(adapterA, pauseMessage);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, pauseId, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        receiver.execute(pauseMessage);
    }

    function _encode(ReceiverMessages.Route memory route) private view returns (bytes memory encoded) {
        UpgradePayload.UpgradeAction[] memory actions = ReceiverMessages.action(
            address(vault), address(v1Impl), address(v2Impl), address(v2Impl).codehash, ""
        );
        (encoded,) =
            ReceiverMessages.encode(route, ReceiverMessages.upgrade(PROPOSAL_ID, _activation(), actions));
    }

    /// @dev The confirmation that reaches quorum emits its outcome (`topic`), never {MessageConfirmed}.
    function _assertOutcomeWithoutConfirmedLog(bytes32 topic) private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool outcome;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(receiver)) continue;
            assertTrue(logs[i].topics[0] != IUpgradeReceiver.MessageConfirmed.selector, "no MessageConfirmed");
            outcome = outcome || logs[i].topics[0] == topic;
        }
        assertTrue(outcome, "outcome event");
    }
}
