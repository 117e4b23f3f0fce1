// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @notice The attacker's replacement code for a privileged contract: whoever calls `own` owns it.
contract PolyKeeperTakeover {
    address public keeper;

    function own() external {
        keeper = msg.sender;
    }
}

/// @title Poly Network, August 2021
/// @notice What happened: Poly's cross-chain manager would call any contract with any method a
/// valid cross-chain message named. The attacker sent a message whose target was the bridge's own
/// keeper store and whose method id collided with the keeper-rotation function, installed their
/// own keeper key, and then signed withdrawals of $611M.
/// @notice Lockstep's defence: a message can only act on registered proxies, and registration
/// refuses every Lockstep contract and is closed for good after bootstrap. Even a council-approved,
/// guardian-attested upgrade of the receiver, its registry, the adapter, the hub, the timelock,
/// the council or any unregistered contract stops at execution; a pause aimed at the adapter stops
/// at delivery; and the registry (Lockstep's keeper store) answers to the receiver alone.
contract PolyNetworkTest is IncidentFixture {
    /// @dev ERC-1967 implementation slot.
    bytes32 internal constant IMPLEMENTATION_SLOT =
        0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    address internal takeover;

    function setUp() public override {
        super.setUp();
        vm.prank(attacker);
        takeover = address(new PolyKeeperTakeover());
    }

    function test_RevertWhen_ApprovedUpgradeTargetsAPrivilegedContract() external {
        address unregistered =
            address(new ERC1967Proxy(a.vaultV1, abi.encodeCall(VaultV1.initialize, (a.receiver))));
        address[8] memory targets = [
            a.receiver, a.registry, a.guardianAdapter, a.hub, a.timelock, a.council, a.factory, unregistered
        ];
        for (uint256 i; i < targets.length; ++i) {
            address target = targets[i];
            bytes32 codeBefore = target.codehash;
            bytes32 slotBefore = vm.load(target, IMPLEMENTATION_SLOT);
            // Every gate before execution passes: the council, timelock, hub and guardians all agree.
            (bytes memory message, bytes32 id) = _queueApproved(
                _homeAction(target, takeover, takeover.codehash, abi.encodeCall(PolyKeeperTakeover.own, ()))
            );
            ChainState memory before = _state();

            vm.prank(attacker);
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverProxyNotRegistered.selector, target)
            );
            receiver.execute(message);

            _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
            assertEq(target.codehash, codeBefore, "target code changed");
            assertEq(vm.load(target, IMPLEMENTATION_SLOT), slotBefore, "target implementation slot changed");
            assertEq(PolyKeeperTakeover(takeover).keeper(), address(0), "takeover ran");
            _assertUnchanged(before);
        }
    }

    function test_RevertWhen_PrivilegedTargetHidesBehindALegitimateAction() external {
        IGovernanceHub.ChainAction[] memory actions = new IGovernanceHub.ChainAction[](2);
        actions[0] = _homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, "")[0];
        actions[1] = _homeAction(a.receiver, takeover, takeover.codehash, "")[0];
        (bytes memory message, bytes32 id) = _queueApproved(actions);
        ChainState memory before = _state();

        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverProxyNotRegistered.selector, a.receiver)
        );
        receiver.execute(message);

        // All or nothing: the vault's legitimate upgrade did not go through alone either.
        _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
        _assertUnchanged(before);
        assertEq(_implementation(a.vault), a.vaultV1);
    }

    /// @dev A pause naming a privileged contract never calls it: that target is skipped and
    /// reported, and the legitimate target in the same message is still paused (one wrong address
    /// must not cost the council time in an emergency).
    function test_PauseNeverCallsTheAdapterOrTheReceiver() external {
        address[2] memory privileged = [a.guardianAdapter, a.receiver];
        for (uint256 i; i < privileged.length; ++i) {
            IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](2);
            targets[0] = IGovernanceHub.EmergencyTarget({chainId: HUB_CHAIN, target: a.vault});
            targets[1] = IGovernanceHub.EmergencyTarget({chainId: HUB_CHAIN, target: privileged[i]});
            bytes memory message = _dispatchPause(targets);
            bytes32 id = this.idOf(message);
            IGuardianAdapter.GuardianSignature[] memory sigs = _signBy(guardianPks, id, 8);
            ChainState memory before = _state();

            vm.expectEmit(a.receiver);
            emit IUpgradeReceiver.EmergencyTargetHandled(
                id, privileged[i], true, IUpgradeReceiver.EmergencyOutcome.NotRegistered
            );
            adapter.deliver(message, 0, guardians, sigs);

            assertTrue(VaultV1(a.vault).paused(), "the legitimate target is paused");
            before.paused = true;
            _assertUnchanged(before);
        }
    }

    function test_RevertWhen_KeeperStoreIsWrittenByAnyoneButTheReceiver() external {
        ChainState memory before = _state();
        address[5] memory callers = [attacker, a.hub, a.guardianAdapter, a.council, deployer];
        for (uint256 i; i < callers.length; ++i) {
            vm.startPrank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IDeploymentRegistry.RegistryNotReceiver.selector, callers[i], a.receiver
                )
            );
            IDeploymentRegistry(a.registry).record(a.vault, a.vaultV1, takeover, takeover.codehash);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IDeploymentRegistry.RegistryNotReceiver.selector, callers[i], a.receiver
                )
            );
            IDeploymentRegistry(a.registry).register(takeover, "keeper", takeover, takeover.codehash);
            vm.stopPrank();
        }

        // Registration itself: the bootstrapper's door is locked, and nobody else ever had one.
        vm.prank(deployer);
        vm.expectRevert(IUpgradeReceiver.ReceiverBootstrapIsLocked.selector);
        receiver.registerProxy(a.receiver, IUpgradeReceiver.ProxyKind.UUPS, address(0), "receiver", takeover);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotBootstrapper.selector, attacker));
        receiver.registerProxy(a.receiver, IUpgradeReceiver.ProxyKind.UUPS, address(0), "receiver", takeover);

        assertFalse(receiver.isRegistered(a.receiver));
        assertEq(IDeploymentRegistry(a.registry).proxyByName("keeper"), address(0));
        _assertUnchanged(before);
    }

    /// @dev The council's emergency quorum (4 of 9) pauses `targets`; returns the hub's message.
    function _dispatchPause(IGovernanceHub.EmergencyTarget[] memory targets) private returns (bytes memory) {
        vm.prank(members[0]);
        bytes32 actionId = council.proposeEmergency(true, targets);
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, actionId, 4);
        council.approveBySig(actionId, signers, sigs);
        vm.recordLogs();
        council.executeEmergency(actionId);
        return _dispatchedMessages(vm.getRecordedLogs())[0];
    }
}
