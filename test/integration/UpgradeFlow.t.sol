// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepFixture} from "../utils/LockstepFixture.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

/// @notice The whole flow on the home chain, every contract real and deployed as the script does:
/// council 6-of-9 → timelock → hub → guardian attestations 8-of-15 → receiver → upgradeTo.
contract UpgradeFlowTest is LockstepFixture {
    Addresses internal a;

    function setUp() public {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_750_000_000);
        uint64[] memory chains = new uint64[](1);
        chains[0] = HUB_CHAIN;
        _setUpKeys(15, 8, chains);
        a = _deployChain();
    }

    function test_SetUpState() public view {
        assertEq(_implementation(a.vault), a.vaultV1);
        assertEq(_vaultVersion(a), 1);
        assertTrue(UpgradeReceiver(a.receiver).isRegistered(a.vault));
        assertTrue(UpgradeReceiver(a.receiver).bootstrapLocked());
        assertEq(GovernanceHub(a.hub).council(), a.council);
        assertEq(GovernanceHub(a.hub).timelock(), a.timelock);
        assertEq(address(SecurityCouncil(a.council).hub()), a.hub);
        assertEq(SecurityCouncil(a.council).timelock(), a.timelock);
    }

    function test_CouncilApprovedUpgradeReachesTheVaultAtActivation() public {
        (bytes32 proposalId, bytes[] memory messages) =
            _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        assertEq(messages.length, 1);
        bytes32 messageId = this.idOf(messages[0]);

        _deliver(a, messages[0]);
        (IUpgradeReceiver.MessageStatus status,, uint40 executableAt,) =
            UpgradeReceiver(a.receiver).messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued));
        assertEq(executableAt, block.timestamp + DELIVERY_MARGIN + MIN_DELAY);

        vm.warp(executableAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotYetActive.selector, messageId, executableAt, block.timestamp
            )
        );
        UpgradeReceiver(a.receiver).execute(messages[0]);

        vm.warp(executableAt);
        UpgradeReceiver(a.receiver).execute(messages[0]);
        assertEq(_implementation(a.vault), a.vaultV2);
        assertEq(_vaultVersion(a), 2);
        IDeploymentRegistry.Entry memory entry = IDeploymentRegistry(a.registry).entry(a.vault);
        assertEq(entry.implementation, a.vaultV2);
        assertEq(entry.previousImplementation, a.vaultV1);
        assertEq(entry.codehash, a.vaultV2.codehash);
        assertEq(GovernanceHub(a.hub).messagesOf(proposalId)[0], messageId);
    }

    function test_V1ExploitWorksBeforeAndFailsAfterTheUpgrade() public {
        address user = makeAddr("user");
        address attacker = makeAddr("attacker");
        vm.deal(user, 10 ether);
        vm.prank(user);
        VaultV1(a.vault).deposit{value: 10 ether}();

        uint256 snapshot = vm.snapshotState();
        vm.prank(attacker);
        VaultV1(a.vault).sweep(attacker);
        assertEq(attacker.balance, 10 ether, "V1 is drainable");
        vm.revertToState(snapshot);

        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        _deliver(a, messages[0]);
        vm.warp(block.timestamp + DELIVERY_MARGIN + MIN_DELAY);
        UpgradeReceiver(a.receiver).execute(messages[0]);

        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        VaultV1(a.vault).sweep(attacker);
        assertEq(a.vault.balance, 10 ether, "V2 keeps the deposits");
        assertEq(VaultV1(a.vault).balanceOf(user), 10 ether);
    }

    function test_RevertWhen_GuardiansBelowQuorum() public {
        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        bytes32 messageId = this.idOf(messages[0]);
        IGuardianAdapter.GuardianSignature[] memory sigs = _attest(a, messageId, guardianQuorum - 1);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, 7, 8));
        IGuardianAdapter(a.guardianAdapter).deliver(messages[0], 0, guardians, sigs);
        (IUpgradeReceiver.MessageStatus status,,,) = UpgradeReceiver(a.receiver).messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.None));
        assertEq(_implementation(a.vault), a.vaultV1);
    }

    function test_EmergencyQuorumPausesWithoutTimelockAndNeverUpgrades() public {
        SecurityCouncil council = SecurityCouncil(a.council);
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](1);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: HUB_CHAIN, target: a.vault});
        vm.prank(members[0]);
        bytes32 actionId = council.proposeEmergency(true, targets);
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, actionId, 4);
        council.approveBySig(actionId, signers, sigs);

        uint256 start = block.timestamp;
        vm.recordLogs();
        council.executeEmergency(actionId);
        bytes[] memory messages = _dispatchedMessages(vm.getRecordedLogs());
        assertEq(messages.length, 1);
        _deliver(a, messages[0]);

        assertTrue(VaultV1(a.vault).paused(), "paused on delivery");
        assertEq(block.timestamp, start, "no timelock, no activation delay");
        assertEq(_implementation(a.vault), a.vaultV1, "a pause never changes the implementation");
        vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        VaultV1(a.vault).deposit{value: 1}();
    }

    function test_RollbackRestoresThePreviousVerifiedImplementation() public {
        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        _deliver(a, messages[0]);
        vm.warp(block.timestamp + DELIVERY_MARGIN + MIN_DELAY);
        UpgradeReceiver(a.receiver).execute(messages[0]);
        assertEq(_implementation(a.vault), a.vaultV2);

        // The registry is the source of truth for what ran before and what its code was.
        IDeploymentRegistry.Entry memory entry = IDeploymentRegistry(a.registry).entry(a.vault);
        assertEq(entry.previousImplementation, a.vaultV1);
        (, bytes[] memory rollback) =
            _approveAndDispatch(a, _upgradeEverywhere(a, entry.previousImplementation));
        _deliver(a, rollback[0]);
        vm.warp(block.timestamp + DELIVERY_MARGIN + MIN_DELAY);
        UpgradeReceiver(a.receiver).execute(rollback[0]);

        assertEq(_implementation(a.vault), a.vaultV1);
        entry = IDeploymentRegistry(a.registry).entry(a.vault);
        assertEq(entry.implementation, a.vaultV1);
        assertEq(entry.previousImplementation, a.vaultV2);
        assertEq(entry.codehash, a.vaultV1.codehash);
    }

    function test_FallbackCouncilDeliversWhenGuardiansCannotReachQuorum() public {
        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        bytes32 messageId = this.idOf(messages[0]);
        IGuardianAdapter.GuardianSignature[] memory tooFew = _attest(a, messageId, guardianQuorum - 1);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, 7, 8));
        IGuardianAdapter(a.guardianAdapter).deliver(messages[0], 0, guardians, tooFew);

        CouncilFallbackAdapter fallbackAdapter = CouncilFallbackAdapter(a.fallbackAdapter);
        bytes32 digest = fallbackAdapter.ratificationDigest(messageId);
        // The fallback needs at least the council's threshold (6 of 9), never fewer keys.
        address[] memory signers = new address[](6);
        bytes[] memory sigs = new bytes[](6);
        for (uint256 i = 0; i < 6; ++i) {
            (uint8 v, bytes32 r, bytes32 sig) = vm.sign(memberKeys[i], digest);
            (signers[i], sigs[i]) = (members[i], abi.encodePacked(r, sig, v));
        }
        uint256 ratifiedAt = block.timestamp;
        fallbackAdapter.ratify(messages[0], signers, sigs);

        // Confirmed by the fallback alone: it waits the home timelock's delay on this chain too.
        (,, uint40 executableAt,) = UpgradeReceiver(a.receiver).messageState(messageId);
        assertEq(executableAt, ratifiedAt + TIMELOCK_DELAY);
        vm.warp(block.timestamp + DELIVERY_MARGIN + MIN_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotYetActive.selector, messageId, executableAt, block.timestamp
            )
        );
        UpgradeReceiver(a.receiver).execute(messages[0]);
        vm.warp(executableAt);
        UpgradeReceiver(a.receiver).execute(messages[0]);
        assertEq(_implementation(a.vault), a.vaultV2);

        // Once ratified, the guardians' late quorum cannot make it run twice.
        IGuardianAdapter.GuardianSignature[] memory quorum = _attest(a, messageId, guardianQuorum);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector,
                messageId,
                IUpgradeReceiver.MessageStatus.Executed
            )
        );
        IGuardianAdapter(a.guardianAdapter).deliver(messages[0], 0, guardians, quorum);
    }
}
