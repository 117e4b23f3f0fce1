// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";
import {ReceiverMessages} from "../utils/ReceiverMessages.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

/// @notice `execute` and `cancel`: time window, codehash pinning, registered proxies only, retry.
contract UpgradeReceiverExecuteTest is ReceiverFixture {
    uint40 internal activation;
    bytes internal encoded;
    bytes32 internal messageId;

    function setUp() public override {
        super.setUp();
        activation = _activation();
        (encoded, messageId) = _upgradeToV2(activation);
    }

    // ─── time window ───

    function test_ExecutesAtActivationTime() external {
        _confirm(adapterA, encoded);
        vm.warp(activation);
        vm.expectEmit(address(registry));
        emit IDeploymentRegistry.ImplementationRecorded(
            address(vault), 2, address(v2Impl), address(v2Impl).codehash
        );
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.UpgradeExecuted(
            messageId, address(vault), address(v2Impl), address(v2Impl).codehash
        );
        vm.prank(alice);
        receiver.execute(encoded);

        assertEq(_implementationOf(address(vault)), address(v2Impl));
        assertEq(vault.version(), 2);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
        IDeploymentRegistry.Entry memory entry = registry.entry(address(vault));
        assertEq(entry.version, 2);
        assertEq(entry.implementation, address(v2Impl));
        assertEq(entry.previousImplementation, address(v1Impl));
        assertEq(entry.codehash, address(v2Impl).codehash);
        assertEq(entry.updatedAt, block.timestamp);
    }

    function test_RevertWhen_ExecutedBeforeActivation() external {
        _confirm(adapterA, encoded);
        vm.warp(activation - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotYetActive.selector, messageId, activation, activation - 1
            )
        );
        receiver.execute(encoded);
    }

    function test_RevertWhen_ExecutedAfterExpiry() external {
        _confirm(adapterA, encoded);
        uint40 expiresAt = activation + GRACE_PERIOD;
        for (uint256 i; i < 3; ++i) {
            vm.warp(expiresAt + i * 365 days);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverExpired.selector, messageId, expiresAt, expiresAt + i * 365 days
                )
            );
            receiver.execute(encoded);
        }
    }

    function test_RevertWhen_ExecutedTwice() external {
        _confirm(adapterA, encoded);
        vm.warp(activation);
        receiver.execute(encoded);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Executed
            )
        );
        receiver.execute(encoded);
    }

    function test_RevertWhen_ExecutedWithoutQueue() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, messageId, IUpgradeReceiver.MessageStatus.None
            )
        );
        receiver.execute(encoded);
    }

    function testFuzz_ExecutesOnlyInsideTheWindow(uint32 arrival, uint32 warp) external {
        arrival = uint32(bound(arrival, 0, activation));
        vm.warp(arrival);
        _confirm(adapterA, encoded);
        (,, uint40 executableAt, uint40 expiresAt) = receiver.messageState(messageId);
        vm.warp(warp);
        if (warp < executableAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverNotYetActive.selector, messageId, executableAt, warp
                )
            );
        } else if (warp >= expiresAt) {
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverExpired.selector, messageId, expiresAt, warp)
            );
        }
        receiver.execute(encoded);
        bool inside = warp >= executableAt && warp < expiresAt;
        assertEq(_implementationOf(address(vault)), inside ? address(v2Impl) : address(v1Impl));
    }

    // ─── codehash pinning (Qubit, Tornado) ───

    function test_RevertWhen_ImplementationCodeChanged() external {
        _confirm(adapterA, encoded);
        bytes32 approved = address(v2Impl).codehash;
        vm.etch(address(v2Impl), address(new VaultV1()).code);
        vm.warp(activation);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverCodehashMismatch.selector,
                address(v2Impl),
                approved,
                address(v2Impl).codehash
            )
        );
        receiver.execute(encoded);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.Queued));
    }

    /// @dev Finding 3: an EIP-7702 delegated account as the implementation is refused, whatever
    /// codehash was approved for it.
    function test_RevertWhen_ImplementationIsADelegatedAccount() external {
        address delegated = makeAddr("delegated");
        vm.etch(delegated, abi.encodePacked(hex"ef0100", address(v2Impl)));
        (bytes memory message,) = _upgradeMessage(activation, delegated, delegated.codehash, "");
        _confirm(adapterA, message);
        vm.warp(activation);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverDelegatedCode.selector, delegated));
        receiver.execute(message);
        assertEq(_running(), address(v1Impl));
    }

    // ─── what the upgrade replaces (finding 5) ───

    function test_RevertWhen_ProxyRunsAnotherImplementationThanTheActionNames() external {
        (bytes memory older,) = _upgradeToV2(activation);
        VaultV2 otherV2 = new VaultV2();
        (bytes memory newer,) = _upgradeMessage(activation, address(otherV2), address(otherV2).codehash, "");
        _confirm(adapterA, older);
        _confirm(adapterA, newer);
        vm.warp(activation);
        receiver.execute(newer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDeploymentRegistry.RegistryStaleUpgrade.selector,
                address(vault),
                address(v1Impl),
                address(otherV2)
            )
        );
        receiver.execute(older);
        assertEq(_running(), address(otherV2), "the superseded upgrade never puts the proxy back");
    }

    // ─── route at execution (finding 6) ───

    function test_RevertWhen_ChainIdChangedSinceQueued() external {
        _confirm(adapterA, encoded);
        vm.warp(activation);
        uint256 original = block.chainid;
        vm.chainId(original + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverWrongDestination.selector, uint64(original), original + 1
            )
        );
        receiver.execute(encoded);
        vm.chainId(original);
        receiver.execute(encoded);
        assertEq(_running(), address(v2Impl));
    }

    function test_RevertWhen_ImplementationHasNoCode() external {
        address empty = makeAddr("empty");
        (bytes memory noCode,) = _upgradeMessage(activation, empty, address(v2Impl).codehash, "");
        _confirm(adapterA, noCode);
        vm.warp(activation);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverImplementationWithoutCode.selector, empty)
        );
        receiver.execute(noCode);
    }

    function test_RevertWhen_ApprovedCodehashIsZeroOrEmpty() external {
        bytes32[2] memory invalid = [bytes32(0), keccak256("")];
        bytes[2] memory bad;
        for (uint256 i; i < invalid.length; ++i) {
            (bad[i],) = _upgradeMessage(activation, address(v2Impl), invalid[i], "");
            _confirm(adapterA, bad[i]);
        }
        vm.warp(activation);
        for (uint256 i; i < invalid.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverInvalidCodehash.selector, address(v2Impl), invalid[i]
                )
            );
            receiver.execute(bad[i]);
        }
    }

    // ─── registered proxies only (Poly Network) ───

    function test_RevertWhen_ProxyIsNotRegistered() external {
        address[3] memory forbidden = [address(receiver), address(registry), makeAddr("stranger")];
        bytes[3] memory bad;
        for (uint256 i; i < forbidden.length; ++i) {
            UpgradePayload.UpgradeAction[] memory actions = ReceiverMessages.action(
                forbidden[i], address(v1Impl), address(v2Impl), address(v2Impl).codehash, ""
            );
            (bad[i],) =
                ReceiverMessages.encode(_route(), ReceiverMessages.upgrade(PROPOSAL_ID, activation, actions));
            _confirm(adapterA, bad[i]);
        }
        vm.warp(activation);
        for (uint256 i; i < forbidden.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverProxyNotRegistered.selector, forbidden[i])
            );
            receiver.execute(bad[i]);
        }
    }

    // ─── retry ───

    function test_RevertedUpgradeStaysQueuedAndSucceedsOnRetry() external {
        // The upgrade's call (a zero deposit) reverts while the vault is paused.
        (bytes memory flaky, bytes32 flakyId) = _upgradeMessage(
            activation, address(v2Impl), address(v2Impl).codehash, abi.encodeCall(VaultV1.deposit, ())
        );
        _confirm(adapterA, flaky);
        vm.prank(address(receiver));
        vault.pause();
        vm.warp(activation);
        vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        receiver.execute(flaky);
        assertEq(uint8(_status(flakyId)), uint8(IUpgradeReceiver.MessageStatus.Queued));
        assertEq(_implementationOf(address(vault)), address(v1Impl));
        assertEq(registry.entry(address(vault)).version, 1);

        vm.prank(address(receiver));
        vault.unpause();
        receiver.execute(flaky);
        assertEq(uint8(_status(flakyId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
        assertEq(_implementationOf(address(vault)), address(v2Impl));
    }

    // ─── cancel ───

    function test_GuardianCancelsQueuedMessage() external {
        _confirm(adapterA, encoded);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.MessageCancelled(messageId, guardian);
        vm.prank(guardian);
        receiver.cancel(messageId);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.Cancelled));

        vm.warp(activation);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Cancelled
            )
        );
        receiver.execute(encoded);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Cancelled
            )
        );
        _confirm(adapterB, encoded);
    }

    function test_RevertWhen_CancelNotByGuardian() external {
        _confirm(adapterA, encoded);
        address[3] memory others = [alice, adapterA, bootstrapper];
        for (uint256 i; i < others.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotGuardian.selector, others[i]));
            vm.prank(others[i]);
            receiver.cancel(messageId);
        }
    }

    function test_RevertWhen_CancelUnknownOrExecuted() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotCancellable.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.None
            )
        );
        vm.prank(guardian);
        receiver.cancel(messageId);

        _confirm(adapterA, encoded);
        vm.warp(activation);
        receiver.execute(encoded);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotCancellable.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Executed
            )
        );
        vm.prank(guardian);
        receiver.cancel(messageId);
    }

    function test_UpgradeWithReinitializerDataKeepsBalances() external {
        vm.deal(alice, 3 ether);
        vm.prank(alice);
        vault.deposit{value: 3 ether}();
        _confirm(adapterA, encoded);
        vm.warp(activation);
        receiver.execute(encoded);
        assertEq(VaultV2(address(vault)).balanceOf(alice), 3 ether);
        assertEq(address(vault).balance, 3 ether);
    }
}
