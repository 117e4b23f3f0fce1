// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {VaultV3Malicious} from "../../contracts/example/VaultV3Malicious.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";

/// @notice The attacker's proposal deployer: created with CREATE2 (so it can come back at the same
/// address), it creates the proposal with CREATE (so the proposal comes back at the same address
/// once the deployer's nonce is reset).
contract TornadoProposalDeployer {
    function deploy(bytes memory initCode) external returns (address deployed) {
        assembly ("memory-safe") {
            deployed := create(0, add(initCode, 0x20), mload(initCode))
        }
    }
}

/// @notice Puts a TornadoProposalDeployer at the same address every time.
contract TornadoMetamorphicFactory {
    function deployDeployer(bytes32 salt) external returns (TornadoProposalDeployer) {
        return new TornadoProposalDeployer{salt: salt}();
    }
}

/// @title Tornado Cash governance, May 2023
/// @notice What happened: the attacker proposed a contract that claimed to repeat an approved
/// proposal. After the vote passed, they self-destructed it and its deployer, redeployed the
/// deployer at its CREATE2 address and the proposal at the same CREATE address with different
/// code, and the governance delegatecall then ran that code: 1.2M fake votes, full control.
/// @notice Lockstep's defence: the council approves code, not an address. Every action carries
/// the implementation's codehash, and the receiver compares it with `extcodehash` at the moment
/// it upgrades. Code swapped after approval, or a drainer proposed under another contract's
/// codehash, stops at execution; the message stays queued (only the approved code can ever
/// complete it) and the chain's guardian can veto an approved upgrade whose code is honest but bad.
contract TornadoGovernanceTest is IncidentFixture {
    bytes32 internal constant SALT = keccak256("tornado.proposal");

    function test_RevertWhen_CodeAtTheApprovedAddressChanged() external {
        bytes memory approvedCode = a.vaultV2.code;
        bytes32 approved = a.vaultV2.codehash;
        (bytes memory message, bytes32 id) = _queueApproved(_homeAction(a.vault, a.vaultV2, approved, ""));

        vm.etch(a.vaultV2, vaultV3.code);
        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverCodehashMismatch.selector, a.vaultV2, approved, vaultV3.codehash
            )
        );
        receiver.execute(message);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
        _assertUnchanged(before);

        // The queued message can only ever install the approved code.
        vm.etch(a.vaultV2, approvedCode);
        receiver.execute(message);
        assertEq(_implementation(a.vault), a.vaultV2);
        assertEq(_vaultVersion(a), 2);
        assertEq(a.vault.balance, ALICE_DEPOSIT + BOB_DEPOSIT);
    }

    function test_RevertWhen_MetamorphicProposalRedeployedWithOtherCode() external {
        vm.startPrank(attacker);
        TornadoMetamorphicFactory factory = new TornadoMetamorphicFactory();
        TornadoProposalDeployer deployer = factory.deployDeployer(SALT);
        address proposal = deployer.deploy(type(VaultV2).creationCode);
        vm.stopPrank();
        // The council reviews the code at `proposal`: a faithful VaultV2. It approves that code.
        bytes32 approved = proposal.codehash;
        assertEq(VaultV2(proposal).version(), 2);
        (bytes memory message, bytes32 id) = _queueApproved(_homeAction(a.vault, proposal, approved, ""));

        // selfdestruct of proposal and deployer (emptied accounts), then CREATE2 + CREATE again.
        vm.etch(proposal, "");
        vm.etch(address(deployer), "");
        vm.setNonceUnsafe(address(deployer), 0);
        vm.setNonceUnsafe(proposal, 0);
        vm.startPrank(attacker);
        TornadoProposalDeployer reborn = factory.deployDeployer(SALT);
        address swapped = reborn.deploy(type(VaultV3Malicious).creationCode);
        vm.stopPrank();
        assertEq(address(reborn), address(deployer), "deployer reborn at its CREATE2 address");
        assertEq(swapped, proposal, "proposal reborn at the approved address");
        assertEq(VaultV3Malicious(swapped).version(), 3);

        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverCodehashMismatch.selector, proposal, approved, swapped.codehash
            )
        );
        receiver.execute(message);
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
        _assertUnchanged(before);
    }

    function test_RevertWhen_DrainerIsProposedWithV2Codehash() external {
        // The proposal's description and codehash say "VaultV2"; its implementation is the drainer.
        bytes32 claimed = a.vaultV2.codehash;
        (bytes memory message, bytes32 id) = _queueApproved(
            _homeAction(a.vault, vaultV3, claimed, abi.encodeCall(VaultV3Malicious.initializeV3, (attacker)))
        );
        ChainState memory before = _state();

        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverCodehashMismatch.selector, vaultV3, claimed, vaultV3.codehash
            )
        );
        receiver.execute(message);

        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
        _assertUnchanged(before);
        assertEq(attacker.balance, 0);
    }

    function test_GuardianVetoesADrainerApprovedWithItsOwnCodehash() external {
        // The codehash is honest but the review missed the drain: the delay is the last line.
        (, bytes[] memory messages) = _approveAndDispatch(
            a,
            _homeAction(
                a.vault, vaultV3, vaultV3.codehash, abi.encodeCall(VaultV3Malicious.initializeV3, (attacker))
            )
        );
        bytes memory message = _messageFor(messages, HUB_CHAIN);
        bytes32 id = this.idOf(message);
        _deliver(a, message);

        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotGuardian.selector, attacker));
        receiver.cancel(id);
        vm.expectEmit(a.receiver);
        emit IUpgradeReceiver.MessageCancelled(id, chainGuardian);
        vm.prank(chainGuardian);
        receiver.cancel(id);

        (,, uint40 executableAt,) = receiver.messageState(id);
        vm.warp(executableAt);
        ChainState memory before = _state();
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, id, IUpgradeReceiver.MessageStatus.Cancelled
            )
        );
        receiver.execute(message);
        _assertUnchanged(before);
        assertEq(attacker.balance, 0);
    }
}
