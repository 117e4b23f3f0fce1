// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../../contracts/bridge/UpgradePayload.sol";
import {GovernanceHub} from "../../../contracts/hub/GovernanceHub.sol";
import {IDeploymentRegistry} from "../../../contracts/interfaces/IDeploymentRegistry.sol";
import {IGovernanceHub} from "../../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../../contracts/interfaces/IGuardianAdapter.sol";
import {IMessageReceiver} from "../../../contracts/interfaces/IMessageReceiver.sol";
import {ISecurityCouncil} from "../../../contracts/interfaces/ISecurityCouncil.sol";
import {IUpgradeReceiver} from "../../../contracts/interfaces/IUpgradeReceiver.sol";
import {SystemHandlerBase} from "./SystemHandlerBase.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @notice The attacker's side of the system handler: a caller that holds no quorum (an outsider,
/// the relayer, a single council member, a single guardian, the bootstrapper, the chain guardian)
/// calls a privileged function directly. Every such call must fail, and with the exact error the
/// function's access check names; anything else is counted for the invariants.
abstract contract SystemAttacks is SystemHandlerBase {
    /// @dev How many privileged entry points `attack` tries.
    uint256 internal constant ATTACK_KINDS = 10;
    /// @dev Nonces of forged messages, far above anything the hub will reach.
    uint64 internal constant FORGED_NONCE = 1 << 62;

    /// @notice A caller without quorum calls one privileged function with a random candidate.
    function attack(uint256 kindSeed, uint256 callerSeed, uint256 candidateSeed) external observed {
        uint256 kind = kindSeed % ATTACK_KINDS;
        address caller = _outsider(kind, callerSeed);
        (address implementation, bytes32 codehash) = _candidate(candidateSeed);
        (address target, bytes memory data, bytes memory expected) =
            _attackCall(kind, caller, implementation, codehash);
        ++attacksTried;
        vm.prank(caller);
        (bool ok, bytes memory reason) = target.call(data);
        if (ok) ++attackerSuccesses;
        else if (keccak256(reason) != keccak256(expected)) ++attacksWithUnexpectedError;
    }

    /// @dev A caller that holds no quorum; never the chain guardian when the attack is a cancel.
    function _outsider(uint256 kind, uint256 seed) internal view returns (address) {
        uint256 which = seed % 6;
        if (which == 0) return _attacker;
        if (which == 1) return _relayer;
        if (which == 2) return _members[(seed / 6) % _members.length];
        if (which == 3) return _guardians[(seed / 6) % _guardians.length];
        if (which == 4) return _bootstrapper;
        return kind == 6 ? _attacker : _chainGuardian;
    }

    /// @dev The call of attack `kind` by `caller`, and the revert data it must produce.
    function _attackCall(uint256 kind, address caller, address implementation, bytes32 codehash)
        internal
        view
        returns (address target, bytes memory data, bytes memory expected)
    {
        if (kind == 0) {
            target = _a.hub;
            data = abi.encodeCall(
                IGovernanceHub.dispatchUpgrade,
                (keccak256("forged"), uint40(block.timestamp + 1 days), _actions(implementation, codehash))
            );
            expected = abi.encodeWithSelector(IGovernanceHub.HubNotTimelock.selector, caller);
        } else if (kind == 1) {
            IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](1);
            targets[0] = IGovernanceHub.EmergencyTarget({chainId: _chainId, target: _a.vault});
            target = _a.hub;
            data = abi.encodeCall(IGovernanceHub.dispatchEmergency, (keccak256("forged"), true, targets));
            expected = abi.encodeWithSelector(IGovernanceHub.HubNotCouncil.selector, caller);
        } else if (kind == 2) {
            target = _a.receiver;
            data = abi.encodeCall(IMessageReceiver.confirmMessage, (_forgedMessage(implementation, codehash)));
            expected = abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotAdapter.selector, caller);
        } else if (kind == 3) {
            target = _a.registry;
            data =
                abi.encodeCall(IDeploymentRegistry.record, (_a.vault, _a.vaultV1, implementation, codehash));
            expected =
                abi.encodeWithSelector(IDeploymentRegistry.RegistryNotReceiver.selector, caller, _a.receiver);
        } else if (kind == 4) {
            target = _a.vault;
            data = abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (implementation, ""));
            expected = abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, caller);
        } else if (kind == 5) {
            TimelockController timelock = TimelockController(payable(_a.timelock));
            bytes memory call = abi.encodeCall(
                IGovernanceHub.dispatchUpgrade,
                (keccak256("forged"), uint40(block.timestamp + 1 days), _actions(implementation, codehash))
            );
            target = _a.timelock;
            data = abi.encodeCall(
                TimelockController.schedule,
                (_a.hub, 0, call, bytes32(0), keccak256("forged"), timelock.getMinDelay())
            );
            expected = abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, caller, timelock.PROPOSER_ROLE()
            );
        } else if (kind == 6) {
            bytes32 victim = _messageIds.length == 0
                ? keccak256("forged")
                : _messageIds[uint256(uint160(caller)) % _messageIds.length];
            target = _a.receiver;
            data = abi.encodeCall(IUpgradeReceiver.cancel, (victim));
            expected = abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotGuardian.selector, caller);
        } else if (kind == 7) {
            uint40[] memory terms = new uint40[](_members.length);
            for (uint256 i; i < terms.length; ++i) {
                terms[i] = uint40(block.timestamp + 1 days + i * 31 days);
            }
            target = _a.council;
            data = abi.encodeCall(
                ISecurityCouncil.setMembers, (uint40(block.timestamp + 1 days), _members, terms, 6, 4)
            );
            expected = abi.encodeWithSelector(ISecurityCouncil.CouncilOnlyTimelock.selector, caller);
        } else if (kind == 8) {
            (target, data, expected) = _forgedDelivery(implementation, codehash);
        } else {
            target = _a.receiver;
            data = abi.encodeCall(
                IUpgradeReceiver.registerProxy,
                (implementation, IUpgradeReceiver.ProxyKind.UUPS, address(0), "forged", implementation)
            );
            expected = caller == _bootstrapper
                ? abi.encodeWithSelector(IUpgradeReceiver.ReceiverBootstrapIsLocked.selector)
                : abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotBootstrapper.selector, caller);
        }
    }

    /// @dev A hub-shaped message the hub never sent, attested by a quorum of forged signatures
    /// (one outsider key posing as guardians 0..quorum-1).
    function _forgedDelivery(address implementation, bytes32 codehash)
        internal
        view
        returns (address target, bytes memory data, bytes memory expected)
    {
        bytes memory message = _forgedMessage(implementation, codehash);
        bytes32 id = MessageCodec.id(abi.decode(message, (MessageCodec.Message)));
        IGuardianAdapter adapter = IGuardianAdapter(_a.guardianAdapter);
        uint256 count = adapter.quorum(0);
        uint256[] memory keys = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            keys[i] = _forgerKey;
        }
        IGuardianAdapter.GuardianSignature[] memory sigs =
            signDigest(adapter.attestationDigest(id), keys, firstIndices(count));
        target = _a.guardianAdapter;
        data = abi.encodeCall(IGuardianAdapter.deliver, (message, 0, _guardians, sigs));
        expected = abi.encodeWithSelector(
            IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, vm.addr(_forgerKey), _guardians[0]
        );
    }

    /// @dev An upgrade message with the hub's envelope, addressed to this chain's receiver.
    function _forgedMessage(address implementation, bytes32 codehash) internal view returns (bytes memory) {
        UpgradePayload.UpgradeAction[] memory actions = new UpgradePayload.UpgradeAction[](1);
        actions[0] = UpgradePayload.UpgradeAction(_a.vault, _a.vaultV1, implementation, codehash, "");
        bytes memory payload = UpgradePayload.encodeUpgrade(
            UpgradePayload.Upgrade(keccak256("forged"), uint40(block.timestamp), actions)
        );
        return MessageCodec.encode(
            MessageCodec.Message(
                MessageCodec.VERSION, FORGED_NONCE, _chainId, _chainId, _a.hub, _a.receiver, payload
            )
        );
    }

    /// @dev One action upgrading the vault on this chain, replacing what the registry shows it runs.
    function _actions(address implementation, bytes32 codehash)
        internal
        view
        returns (IGovernanceHub.ChainAction[] memory actions)
    {
        actions = new IGovernanceHub.ChainAction[](1);
        actions[0] = IGovernanceHub.ChainAction({
            chainId: _chainId,
            proxy: _a.vault,
            previousImplementation: IDeploymentRegistry(_a.registry).entry(_a.vault).implementation,
            implementation: implementation,
            codehash: codehash,
            data: ""
        });
    }
}
