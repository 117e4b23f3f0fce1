// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {LockstepFactory} from "../../contracts/deploy/LockstepFactory.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepDeployment} from "../../script/LockstepDeployment.sol";
import {GuardianSigner} from "./GuardianSigner.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Test, Vm} from "forge-std/Test.sol";

/// @notice The whole of Lockstep, deployed as the deployment script does, with real keys: a 6-of-9
/// council, an 8-of-15 guardian set (configurable), a 2-day timelock. Tests drive the real flow:
/// propose → approve (EIP-712 signatures) → schedule → timelock → dispatch → guardian attestations
/// → deliver → activation → execute.
abstract contract LockstepFixture is Test, GuardianSigner, LockstepDeployment {
    uint64 internal constant HUB_CHAIN = 1;
    uint256 internal constant TIMELOCK_DELAY = 2 days;
    uint32 internal constant MIN_DELAY = 1 hours;
    uint32 internal constant GRACE_PERIOD = 7 days;
    uint32 internal constant DELIVERY_MARGIN = 30 minutes;

    address internal deployer = makeAddr("deployer");
    address internal chainGuardian = makeAddr("chain-guardian");
    address internal relayer = makeAddr("relayer");

    address[] internal members;
    uint256[] internal memberKeys;
    address[] internal guardians;
    uint256[] internal guardianPks;
    uint8 internal guardianQuorum;
    uint64[] internal chainIds;

    /// @dev Keys for a council of 9 and `guardianCount` guardians needing `quorum`, and the chains.
    function _setUpKeys(uint256 guardianCount, uint8 quorum, uint64[] memory chains) internal {
        (members, memberKeys) = guardianKeys(9, uint256(keccak256("lockstep.council")));
        (guardians, guardianPks) = guardianKeys(guardianCount);
        guardianQuorum = quorum;
        chainIds = chains;
    }

    function _satelliteConfig() internal view returns (SatelliteConfig memory) {
        return SatelliteConfig({
            hubChainId: HUB_CHAIN,
            minDelay: MIN_DELAY,
            gracePeriod: GRACE_PERIOD,
            guardianKeys: guardians,
            guardianQuorum: guardianQuorum,
            guardianSetExpiryWindow: 1 days,
            fallbackMembers: members,
            fallbackThreshold: 6,
            councilThreshold: 6,
            councilEmergencyThreshold: 4,
            receiverAdapters: _defaultAdapters(),
            requiredConfirmations: 1,
            fallbackDelay: uint32(TIMELOCK_DELAY),
            chainGuardian: chainGuardian,
            bootstrapper: deployer
        });
    }

    /// @dev The receiver's adapters as the shipped config lists them.
    function _defaultAdapters() internal pure returns (string[] memory names) {
        names = new string[](2);
        (names[0], names[1]) = ("guardian", "fallback");
    }

    function _hubConfig() internal view returns (HubConfig memory c) {
        uint40[] memory terms = new uint40[](members.length);
        uint32[] memory margins = new uint32[](chainIds.length);
        for (uint256 i = 0; i < terms.length; ++i) {
            // Three cohorts of three, as the shipped config (the council refuses seats ending together).
            terms[i] = uint40(block.timestamp + 365 days + (i % 3) * 120 days);
        }
        for (uint256 i = 0; i < margins.length; ++i) {
            margins[i] = DELIVERY_MARGIN;
        }
        address[] memory reporters = new address[](1);
        reporters[0] = relayer;
        c = HubConfig({
            timelockDelay: TIMELOCK_DELAY,
            members: members,
            termEnds: terms,
            threshold: 6,
            emergencyThreshold: 4,
            chainIds: chainIds,
            deliveryMargins: margins,
            reporters: reporters
        });
    }

    /// @inheritdoc LockstepDeployment
    function _factoryAddress(address owner) internal view override returns (address) {
        bytes32 initCodeHash =
            keccak256(abi.encodePacked(type(LockstepFactory).creationCode, abi.encode(owner)));
        return vm.computeCreate2Address(SALT_FACTORY, initCodeHash, address(this));
    }

    /// @dev Deploys the stack on the current chain (the hub stack too when it is the hub chain),
    /// the example vault, and locks the receiver's bootstrap.
    function _deployChain() internal returns (Addresses memory a) {
        LockstepFactory factory = _deployFactory(deployer);
        vm.startPrank(deployer);
        a = _deploySatellite(factory, _satelliteConfig());
        if (block.chainid == HUB_CHAIN) _deployHub(factory, _hubConfig(), _satelliteConfig());
        _deployExampleVault(factory);
        UpgradeReceiver(a.receiver).lockBootstrap();
        vm.stopPrank();
    }

    // ─── Council ────────────────────────────────────────────────────────────────────────────

    /// @dev One action per chain: the vault proxy to `implementation`, expecting its current code.
    function _upgradeEverywhere(Addresses memory a, address implementation)
        internal
        view
        returns (IGovernanceHub.ChainAction[] memory actions)
    {
        actions = new IGovernanceHub.ChainAction[](chainIds.length);
        for (uint256 i = 0; i < actions.length; ++i) {
            actions[i] = IGovernanceHub.ChainAction({
                chainId: chainIds[i],
                proxy: a.vault,
                previousImplementation: UpgradeReceiver(a.receiver).registry().entry(a.vault).implementation,
                implementation: implementation,
                codehash: implementation.codehash,
                data: ""
            });
        }
    }

    /// @dev The first `count` members (ascending) sign the approval of `proposalId`.
    function _councilSignatures(SecurityCouncil council, bytes32 proposalId, uint256 count)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        signers = new address[](count);
        sigs = new bytes[](count);
        bytes32 digest = council.approvalDigest(proposalId);
        for (uint256 i = 0; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(memberKeys[i], digest);
            signers[i] = members[i];
            sigs[i] = abi.encodePacked(r, s, v);
        }
    }

    /// @dev Proposes, approves with 6 signatures, schedules, waits the timelock and executes it;
    /// returns the encoded messages the hub dispatched.
    function _approveAndDispatch(Addresses memory a, IGovernanceHub.ChainAction[] memory actions)
        internal
        returns (bytes32 proposalId, bytes[] memory messages)
    {
        SecurityCouncil council = SecurityCouncil(a.council);
        vm.prank(members[0]);
        proposalId = council.proposeUpgrade(actions, keccak256("audit report"), "ipfs://audit");
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, proposalId, 6);
        council.approveBySig(proposalId, signers, sigs);
        council.schedule(proposalId);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        vm.recordLogs();
        (address target, bytes memory data) = council.proposalCall(proposalId);
        TimelockController(payable(a.timelock)).execute(target, 0, data, bytes32(0), proposalId);
        messages = _dispatchedMessages(vm.getRecordedLogs());
    }

    /// @dev Every `MessageDispatched` payload in `logs`, in order.
    function _dispatchedMessages(Vm.Log[] memory logs) internal pure returns (bytes[] memory out) {
        uint256 n;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == IGovernanceHub.MessageDispatched.selector) ++n;
        }
        out = new bytes[](n);
        n = 0;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] != IGovernanceHub.MessageDispatched.selector) continue;
            (, out[n++]) = abi.decode(logs[i].data, (uint64, bytes));
        }
    }

    // ─── Guardians ──────────────────────────────────────────────────────────────────────────

    /// @dev The first `count` guardians attest `message` for the adapter on the current chain.
    function _attest(Addresses memory a, bytes32 messageId, uint256 count)
        internal
        view
        returns (IGuardianAdapter.GuardianSignature[] memory)
    {
        return sign(GuardianAdapter(a.guardianAdapter), messageId, guardianPks, count);
    }

    /// @dev A relayer delivers `message` with a quorum of guardian signatures.
    function _deliver(Addresses memory a, bytes memory message) internal {
        IGuardianAdapter.GuardianSignature[] memory sigs = _attest(a, this.idOf(message), guardianQuorum);
        vm.prank(relayer);
        GuardianAdapter(a.guardianAdapter).deliver(message, 0, guardians, sigs);
    }

    /// @dev The message addressed to `chainId` among `messages`.
    function _messageFor(bytes[] memory messages, uint64 chainId) internal view returns (bytes memory) {
        for (uint256 i = 0; i < messages.length; ++i) {
            if (this.dstChainOf(messages[i]) == chainId) return messages[i];
        }
        revert("LockstepFixture: no message for chain");
    }

    function dstChainOf(bytes calldata message) external pure returns (uint64) {
        return MessageCodec.decode(message).dstChainId;
    }

    function idOf(bytes calldata message) external pure returns (bytes32) {
        return MessageCodec.id(MessageCodec.decode(message));
    }

    /// @dev The vault's current implementation (ERC-1967 slot).
    function _implementation(address proxy) internal view returns (address) {
        return address(
            uint160(
                uint256(vm.load(proxy, 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc))
            )
        );
    }

    function _vaultVersion(Addresses memory a) internal view returns (uint256) {
        return VaultV1(a.vault).version();
    }
}
