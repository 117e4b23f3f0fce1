// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";

/// @title Cross-chain and cross-fork replay: Wintermute on Optimism (June 2022), Omni bridge on
/// EthereumPoW (September 2022)
/// @notice What happened: 20M OP were sent to Wintermute's Ethereum Safe address on Optimism,
/// where it did not exist yet; an attacker replayed the Safe factory's pre-EIP-155 deployment
/// transactions there and took the address. After the Merge, the Omni bridge on the EthereumPoW
/// fork read the chain id from its own storage instead of the chain, so a message relayed on
/// Ethereum was replayed on the fork and paid out twice.
/// @notice Lockstep's defence: everything signed is bound to one chain and one contract, read
/// from `block.chainid` at verification time. A message names its destination chain and is
/// refused elsewhere (adapter and receiver both check); a guardian attestation and a council
/// approval are EIP-712 signatures whose domain carries the chain id, so they are worthless after
/// a fork; and a message id is consumed once, whatever signatures carry it.
contract CrossChainReplayTest is IncidentFixture {
    uint64 internal constant FORK_CHAIN = 10_001;

    function test_RevertWhen_MessageForAnotherChainIsRelayedHere() external {
        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        bytes memory forSatellite = _messageFor(messages, SATELLITE_CHAIN);
        bytes32 id = this.idOf(forSatellite);
        vm.chainId(SATELLITE_CHAIN);
        IGuardianAdapter.GuardianSignature[] memory satelliteSigs = _signBy(guardianPks, id, 8);
        vm.chainId(HUB_CHAIN);
        ChainState memory before = _state();

        // The satellite's attestation, relayed on the home chain: another domain, another digest.
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector,
                0,
                _recovered(id, satelliteSigs[0]),
                guardians[0]
            )
        );
        adapter.deliver(forSatellite, 0, guardians, satelliteSigs);

        // Guardians misled into attesting it under this chain's domain: the envelope still says 10.
        IGuardianAdapter.GuardianSignature[] memory hereSigs = _signBy(guardianPks, id, 8);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterWrongDestination.selector, SATELLITE_CHAIN, HUB_CHAIN
            )
        );
        adapter.deliver(forSatellite, 0, guardians, hereSigs);

        // And the receiver checks again, should an adapter ever forward it.
        vm.prank(a.guardianAdapter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverWrongDestination.selector, SATELLITE_CHAIN, HUB_CHAIN
            )
        );
        receiver.confirmMessage(forSatellite);
        _assertNeverSeen(id);
        _assertUnchanged(before);

        // On its own chain, the same attestation is accepted.
        vm.chainId(SATELLITE_CHAIN);
        adapter.deliver(forSatellite, 0, guardians, satelliteSigs);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
    }

    function test_RevertWhen_SameMessageIsDeliveredTwice() external {
        (, bytes[] memory messages) =
            _approveAndDispatch(a, _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        bytes memory message = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(message);
        IGuardianAdapter.GuardianSignature[] memory sigs = _signBy(guardianPks, id, 8);
        adapter.deliver(message, 0, guardians, sigs);
        (, uint256 confirmations, uint40 executableAt, uint40 expiresAt) = receiver.messageState(id);

        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector, id, IUpgradeReceiver.MessageStatus.Queued
            )
        );
        adapter.deliver(message, 0, guardians, sigs);
        // Other signers, same message: replay protection is keyed on the message, not the signatures.
        IGuardianAdapter.GuardianSignature[] memory others =
            signIndices(adapter, id, guardianPks, _range(7, 15));
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector, id, IUpgradeReceiver.MessageStatus.Queued
            )
        );
        adapter.deliver(message, 0, guardians, others);
        (, uint256 confirmationsAfter, uint40 executableAtAfter, uint40 expiresAtAfter) =
            receiver.messageState(id);
        assertEq(confirmationsAfter, confirmations);
        assertEq(executableAtAfter, executableAt, "a replay cannot push the window");
        assertEq(expiresAtAfter, expiresAt);

        vm.warp(executableAt);
        receiver.execute(message);
        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverMessageConsumed.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        adapter.deliver(message, 0, guardians, sigs);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, id, IUpgradeReceiver.MessageStatus.Executed
            )
        );
        receiver.execute(message);
        _assertUnchanged(before);
        assertEq(before.vaultVersion, 2);
    }

    function test_RevertWhen_AttestationIsReplayedOnAFork() external {
        (, bytes[] memory messages) =
            _approveAndDispatch(a, _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        bytes memory message = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(message);
        IGuardianAdapter.GuardianSignature[] memory sigs = _signBy(guardianPks, id, 8);
        uint256 beforeFork = vm.snapshotState();

        // The chain splits; the fork keeps every contract and all state, under a new chain id.
        vm.chainId(FORK_CHAIN);
        ChainState memory before = _state();
        address recovered = _recovered(id, sigs[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, recovered, guardians[0]
            )
        );
        adapter.deliver(message, 0, guardians, sigs);
        // Guardians re-attesting on the fork: the message is still for chain 1.
        IGuardianAdapter.GuardianSignature[] memory forkSigs = _signBy(guardianPks, id, 8);
        vm.expectRevert(
            abi.encodeWithSelector(IBridgeAdapter.AdapterWrongDestination.selector, HUB_CHAIN, FORK_CHAIN)
        );
        adapter.deliver(message, 0, guardians, forkSigs);
        vm.prank(a.guardianAdapter);
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverWrongDestination.selector, HUB_CHAIN, FORK_CHAIN)
        );
        receiver.confirmMessage(message);
        _assertNeverSeen(id);
        _assertUnchanged(before);

        // On the canonical chain the original attestation is good.
        vm.revertToState(beforeFork);
        vm.chainId(HUB_CHAIN);
        adapter.deliver(message, 0, guardians, sigs);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
    }

    function test_RevertWhen_CouncilApprovalIsReplayedOnAFork() external {
        IGovernanceHub.ChainAction[] memory upgrade = _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, "");
        vm.prank(members[0]);
        bytes32 proposalId = council.proposeUpgrade(upgrade, keccak256("audit"), "ipfs://audit");
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, proposalId, 6);
        uint256 beforeFork = vm.snapshotState();

        vm.chainId(FORK_CHAIN);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidSignature.selector, proposalId, signers[0])
        );
        council.approveBySig(proposalId, signers, sigs);
        assertEq(council.approvals(proposalId), 0);
        assertEq(uint8(council.proposal(proposalId).status), uint8(ISecurityCouncil.ProposalStatus.Pending));

        vm.revertToState(beforeFork);
        vm.chainId(HUB_CHAIN);
        council.approveBySig(proposalId, signers, sigs);
        assertEq(council.approvals(proposalId), 6);
    }

    /// @dev `[from, from + 1, ..., to - 1]` as guardian indices.
    function _range(uint256 from, uint256 to) private pure returns (uint8[] memory indices) {
        indices = new uint8[](to - from);
        for (uint256 i; i < indices.length; ++i) {
            indices[i] = uint8(from + i);
        }
    }
}
