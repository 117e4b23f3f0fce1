// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title Stale, superseded and shape-shifting upgrades (independent review, findings 3, 5 and 6)
/// @notice What the review did: (a) with two upgrades of one proxy queued, it ran the newer one
/// and then the older one inside its grace period, putting the proxy back on the superseded code;
/// (b) it executed a timelock operation scheduled months earlier (OpenZeppelin operations never
/// expire) and rolled a proxy back; (c) it had the council approve the codehash of an EIP-7702
/// account, whose 23-byte delegation designator passes the codehash check at execution while the
/// key holder can re-delegate it right after, changing what the proxy runs with no approval; (d) it executed a message queued before a chain split on the fork's new
/// chain id.
/// @notice Lockstep's defence: an action names the implementation it replaces and the receiver's
/// registry refuses it when the proxy runs anything else; every timelocked call carries its
/// proposal's deadline, which the hub enforces; 0xEF-prefixed code is never an implementation or a
/// proxy; execution re-checks the route against the chain id of the moment.
contract StaleUpgradeTest is IncidentFixture {
    uint64 internal constant FORK_CHAIN = 10_001;

    function test_RevertWhen_SupersededUpgradeRunsAfterItsReplacement() external {
        address v2b = address(new VaultV2()); // same audited code at another address
        (bytes memory older, bytes32 olderId) =
            _queueApproved(_homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        (bytes memory newer,) = _queueApproved(_homeAction(a.vault, v2b, v2b.codehash, ""));
        receiver.execute(newer);
        assertEq(_implementation(a.vault), v2b);

        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(IDeploymentRegistry.RegistryStaleUpgrade.selector, a.vault, a.vaultV1, v2b)
        );
        receiver.execute(older);
        _assertUnchanged(before);
        _assertStatus(olderId, IUpgradeReceiver.MessageStatus.Queued);
    }

    function test_RevertWhen_ForgottenTimelockOperationRunsMonthsLater() external {
        IGovernanceHub.ChainAction[] memory actions = _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, "");
        vm.prank(members[0]);
        bytes32 proposalId = council.proposeUpgrade(actions, keccak256("audit"), "");
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, proposalId, 6);
        council.approveBySig(proposalId, signers, sigs);
        council.schedule(proposalId);
        uint40 deadline = council.proposal(proposalId).expiresAt;

        vm.warp(block.timestamp + 180 days);
        (address target, bytes memory data) = council.proposalCall(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceHub.HubProposalExpired.selector, proposalId, deadline, block.timestamp
            )
        );
        TimelockController(payable(a.timelock)).execute(target, 0, data, bytes32(0), proposalId);
        assertEq(hub.messagesOf(proposalId).length, 0, "nothing dispatched");
    }

    function test_RevertWhen_ApprovedImplementationIsADelegatedAccount() external {
        // The attacker's EOA, delegated (EIP-7702) to the honest V2: its code hash matches...
        address delegated = makeAddr("delegated-eoa");
        vm.etch(delegated, abi.encodePacked(hex"ef0100", a.vaultV2));
        (bytes memory message,) = _queueApproved(_homeAction(a.vault, delegated, delegated.codehash, ""));

        // ...but the key holder decides what runs behind it. Refused, whatever the hash says.
        ChainState memory before = _state();
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverDelegatedCode.selector, delegated));
        receiver.execute(message);
        _assertUnchanged(before);
    }

    function test_RevertWhen_QueuedMessageRunsAfterAChainSplit() external {
        (bytes memory message,) = _queueApproved(_homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        uint256 beforeFork = vm.snapshotState();

        vm.chainId(FORK_CHAIN);
        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongDestination.selector, HUB_CHAIN, FORK_CHAIN)
        );
        receiver.execute(message);
        _assertUnchanged(before);

        // On the chain that kept the id, it runs.
        vm.revertToState(beforeFork);
        receiver.execute(message);
        assertEq(_implementation(a.vault), a.vaultV2);
    }
}
