// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {GuardianAdapter} from "../../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {VaultV1} from "../../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../../contracts/example/VaultV2.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {IGuardianAdapter} from "../../../contracts/interfaces/IGuardianAdapter.sol";
import {IMessageReceiver} from "../../../contracts/interfaces/IMessageReceiver.sol";
import {IUpgradeReceiver} from "../../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../../contracts/receiver/UpgradeReceiver.sol";
import {FallbackSigner} from "../../utils/FallbackSigner.sol";
import {GuardianSigner} from "../../utils/GuardianSigner.sol";
import {ReceiverFixture} from "../../utils/ReceiverFixture.sol";
import {ReceiverMessages} from "../../utils/ReceiverMessages.sol";

/// @notice The real stack on one chain: an UpgradeReceiver trusting [GuardianAdapter (8-of-15),
/// CouncilFallbackAdapter (5-of-9)], and a VaultV1 UUPS proxy it owns. Shows the fallback taking
/// over when the guardians cannot reach quorum, the receiver refusing a second delivery, and that
/// `requiredConfirmations = 2` needs both paths.
contract CouncilFallbackAdapterIntegrationTest is ReceiverFixture, GuardianSigner, FallbackSigner {
    uint8 private constant GUARDIAN_QUORUM = 8;
    uint8 private constant COUNCIL_THRESHOLD = 5;

    GuardianAdapter internal guardianAdapter;
    CouncilFallbackAdapter internal fallbackAdapter;
    address[] internal gKeys;
    uint256[] internal gPks;
    address[] internal councilMembers;
    uint256[] internal councilPks;

    function setUp() public override {
        v1Impl = new VaultV1();
        v2Impl = new VaultV2();
        (gKeys, gPks) = guardianKeys(15);
        (councilMembers, councilPks) = councilKeys(9, 0);
        _deployStack(1);
    }

    /// @dev Deploys both adapters and a receiver trusting them, `required` of 2; registers a vault.
    function _deployStack(uint8 required) internal {
        // The adapters name the receiver and the receiver names the adapters: predict its address.
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 2);
        guardianAdapter = new GuardianAdapter(
            IMessageReceiver(predicted), HUB_CHAIN_ID, hub, gKeys, GUARDIAN_QUORUM, 1 days
        );
        fallbackAdapter = new CouncilFallbackAdapter(
            IMessageReceiver(predicted), HUB_CHAIN_ID, hub, councilMembers, COUNCIL_THRESHOLD, 0, 4
        );
        IUpgradeReceiver.Config memory config = _config(required);
        config.adapters[0] = address(guardianAdapter);
        config.adapters[1] = address(fallbackAdapter);
        receiver = new UpgradeReceiver(config);
        registry = receiver.registry();
        vault = _deployVault(receiver);
    }

    function _guardiansDeliver(bytes memory encoded, bytes32 messageId, uint256 count) internal {
        IGuardianAdapter.GuardianSignature[] memory signatures = sign(guardianAdapter, messageId, gPks, count);
        guardianAdapter.deliver(encoded, 0, gKeys, signatures);
    }

    function _councilRatifies(bytes memory encoded, bytes32 messageId) internal {
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(fallbackAdapter, messageId, councilMembers, councilPks, COUNCIL_THRESHOLD);
        fallbackAdapter.ratify(encoded, signers, signatures);
    }

    function test_SetUpState() public view {
        (address[] memory list, uint256 required) = receiver.adapters();
        assertEq(list.length, 2, "two adapters");
        assertEq(list[0], address(guardianAdapter), "guardian adapter");
        assertEq(list[1], address(fallbackAdapter), "fallback adapter");
        assertEq(required, 1, "either path suffices");
        assertEq(guardianAdapter.receiver(), address(receiver), "guardian adapter's receiver");
        assertEq(fallbackAdapter.receiver(), address(receiver), "fallback adapter's receiver");
        assertTrue(receiver.isRegistered(address(vault)), "vault registered");
    }

    /// @dev Guardians one short of quorum cannot deliver; the council ratifies instead, and the
    /// upgrade runs at the shared activation time, not before.
    function test_GuardiansBelowQuorum_FallbackRatifiesAndUpgradeExecutes() public {
        uint40 activation = _activation();
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);

        IGuardianAdapter.GuardianSignature[] memory short =
            sign(guardianAdapter, messageId, gPks, GUARDIAN_QUORUM - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianQuorumNotMet.selector, GUARDIAN_QUORUM - 1, GUARDIAN_QUORUM
            )
        );
        guardianAdapter.deliver(encoded, 0, gKeys, short);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.None), "nothing recorded");

        vm.expectEmit(address(fallbackAdapter));
        emit IFallbackAdapter.MessageRatified(messageId, COUNCIL_THRESHOLD);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.UpgradeQueued(messageId, PROPOSAL_ID, activation, activation + GRACE_PERIOD);
        _councilRatifies(encoded, messageId);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.Queued), "queued");

        vm.warp(activation - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotYetActive.selector, messageId, activation, activation - 1
            )
        );
        receiver.execute(encoded);

        vm.warp(activation);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.UpgradeExecuted(
            messageId, address(vault), address(v2Impl), address(v2Impl).codehash
        );
        receiver.execute(encoded);
        assertEq(_implementationOf(address(vault)), address(v2Impl), "vault upgraded");
        assertEq(vault.version(), 2, "runs V2");
    }

    /// @dev A pause ratified by the council applies at once, like a guardian-delivered one.
    function test_FallbackRatifiesPause() public {
        (bytes memory encoded, bytes32 messageId) = ReceiverMessages.encode(
            _route(), ReceiverMessages.emergency(true, keccak256("pause"), address(vault))
        );
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.EmergencyExecuted(messageId, keccak256("pause"), true, 1);
        _councilRatifies(encoded, messageId);
        assertTrue(vault.paused(), "paused");
    }

    /// @dev The receiver, not the adapter, refuses a message the guardians already delivered.
    function test_RevertWhen_FallbackReplaysGuardianDeliveredMessage() public {
        uint40 activation = _activation();
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);
        _guardiansDeliver(encoded, messageId, GUARDIAN_QUORUM);

        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(fallbackAdapter, messageId, councilMembers, councilPks, COUNCIL_THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Queued
            )
        );
        fallbackAdapter.ratify(encoded, signers, signatures);

        vm.warp(activation);
        receiver.execute(encoded);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Executed
            )
        );
        fallbackAdapter.ratify(encoded, signers, signatures);
    }

    /// @dev Also the other way round: once the council's ratification queued it, the guardians cannot re-deliver.
    function test_RevertWhen_GuardiansReplayFallbackRatifiedMessage() public {
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(_activation());
        _councilRatifies(encoded, messageId);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(guardianAdapter, messageId, gPks, GUARDIAN_QUORUM);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Queued
            )
        );
        guardianAdapter.deliver(encoded, 0, gKeys, signatures);
    }

    /// @dev With k = 2 the council alone leaves the message pending; the guardians complete it.
    function test_BothPathsNeeded_WhenTwoConfirmationsRequired() public {
        _deployStack(2);
        uint40 activation = _activation();
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);

        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.MessageConfirmed(messageId, address(fallbackAdapter), 1);
        _councilRatifies(encoded, messageId);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.Pending), "pending");
        vm.warp(activation);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, messageId, IUpgradeReceiver.MessageStatus.Pending
            )
        );
        receiver.execute(encoded);

        // The council cannot stand in for the second confirmation.
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(fallbackAdapter, messageId, councilMembers, councilPks, 9);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverAlreadyConfirmed.selector, messageId, address(fallbackAdapter)
            )
        );
        fallbackAdapter.ratify(encoded, signers, signatures);

        // Late arrival: queued at now + minDelay rather than at the (past) activation time.
        _guardiansDeliver(encoded, messageId, GUARDIAN_QUORUM);
        (IUpgradeReceiver.MessageStatus status, uint256 confirmations, uint40 executableAt,) =
            receiver.messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued), "queued");
        assertEq(confirmations, 2, "both confirmed");
        vm.warp(executableAt);
        receiver.execute(encoded);
        assertEq(_implementationOf(address(vault)), address(v2Impl), "vault upgraded");
    }
}
