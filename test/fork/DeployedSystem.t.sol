// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {LockstepFactory} from "../../contracts/deploy/LockstepFactory.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepDeployment} from "../../script/LockstepDeployment.sol";
import {SortedKeys} from "../utils/SortedKeys.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Test, Vm} from "forge-std/Test.sol";

/// @notice Rehearses an upgrade on forks of the system that `script/DeployLockstep.s.sol` really
/// deployed on the local chains (the test runner deploys it with anvil's first account before the
/// fork suites run). The keys are those of `script/config/local.json`: anvil's test mnemonic,
/// indices 1-9 for the council and 10-24 for the guardians.
contract DeployedSystemForkTest is Test, LockstepDeployment {
    string internal constant MNEMONIC = "test test test test test test test test test test test junk";
    string[4] internal names = ["ETHEREUM", "ARBITRUM", "OPTIMISM", "POLYGON"];
    uint64[4] internal ids = [uint64(1), 42_161, 10, 137];
    uint256[4] internal forks;
    Addresses internal a;
    uint256[] internal councilKeys;
    uint256[] internal guardianKeysSorted;
    address[] internal guardianSet;

    function setUp() public {
        for (uint256 i = 0; i < 4; ++i) {
            forks[i] = vm.createFork(vm.envString(string.concat("LOCKSTEP_RPC_", names[i])));
        }
        vm.selectFork(forks[0]); // the factory answers address predictions; it lives on every chain
        address deployer = vm.addr(vm.deriveKey(MNEMONIC, 0));
        a = _addresses(LockstepFactory(_factoryAddress(deployer)));
        councilKeys = _sortedKeys(1, 9);
        guardianKeysSorted = _sortedKeys(10, 15);
        for (uint256 i = 0; i < guardianKeysSorted.length; ++i) {
            guardianSet.push(vm.addr(guardianKeysSorted[i]));
        }
    }

    /// @inheritdoc LockstepDeployment
    function _factoryAddress(address owner) internal pure override returns (address) {
        bytes32 initCodeHash =
            keccak256(abi.encodePacked(type(LockstepFactory).creationCode, abi.encode(owner)));
        return vm.computeCreate2Address(SALT_FACTORY, initCodeHash, CREATE2_FACTORY);
    }

    function testFork_TheScriptDeployedTheSameSystemOnEveryChain() public {
        for (uint256 i = 0; i < 4; ++i) {
            vm.selectFork(forks[i]);
            assertGt(a.receiver.code.length, 0, "receiver deployed");
            assertGt(a.guardianAdapter.code.length, 0, "guardian adapter deployed");
            assertGt(a.fallbackAdapter.code.length, 0, "fallback adapter deployed");
            assertTrue(UpgradeReceiver(a.receiver).isRegistered(a.vault));
            assertTrue(UpgradeReceiver(a.receiver).bootstrapLocked());
            assertEq(VaultV1(a.vault).version(), 1);
            assertEq(a.council.code.length > 0, i == 0, "council only on the hub chain");
        }
    }

    function testFork_RehearseTheV2UpgradeOnTheDeployedSystem() public {
        vm.selectFork(forks[0]);
        IGovernanceHub.ChainAction[] memory actions = new IGovernanceHub.ChainAction[](4);
        for (uint256 i = 0; i < 4; ++i) {
            actions[i] =
                IGovernanceHub.ChainAction(ids[i], a.vault, a.vaultV1, a.vaultV2, a.vaultV2.codehash, "");
        }
        SecurityCouncil council = SecurityCouncil(a.council);
        vm.prank(vm.addr(councilKeys[0]));
        bytes32 id = council.proposeUpgrade(actions, keccak256("audit"), "ipfs://audit");
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, id, 6);
        council.approveBySig(id, signers, sigs);
        council.schedule(id);
        vm.warp(block.timestamp + TimelockController(payable(a.timelock)).getMinDelay());
        (address target, bytes memory data) = council.proposalCall(id);
        vm.recordLogs();
        TimelockController(payable(a.timelock)).execute(target, 0, data, bytes32(0), id);
        bytes[] memory messages = _dispatched(vm.getRecordedLogs());
        assertEq(messages.length, 4);

        for (uint256 i = 0; i < 4; ++i) {
            vm.selectFork(forks[i]);
            IGuardianAdapter adapter = IGuardianAdapter(a.guardianAdapter);
            (bytes32 messageId, uint64 dst) = this.route(messages[i]);
            assertEq(dst, ids[i]);
            adapter.deliver(messages[i], 0, guardianSet, _attest(adapter, messageId, 8));
            (,, uint40 executableAt,) = UpgradeReceiver(a.receiver).messageState(messageId);
            vm.warp(executableAt);
            UpgradeReceiver(a.receiver).execute(messages[i]);
            assertEq(VaultV1(a.vault).version(), 2, "every chain runs the fix");
        }
    }

    function route(bytes calldata message) external pure returns (bytes32, uint64) {
        MessageCodec.Message memory m = MessageCodec.decode(message);
        return (MessageCodec.id(m), m.dstChainId);
    }

    function _attest(IGuardianAdapter adapter, bytes32 messageId, uint256 count)
        internal
        view
        returns (IGuardianAdapter.GuardianSignature[] memory sigs)
    {
        bytes32 digest = adapter.attestationDigest(messageId);
        sigs = new IGuardianAdapter.GuardianSignature[](count);
        for (uint256 i = 0; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(guardianKeysSorted[i], digest);
            sigs[i] = IGuardianAdapter.GuardianSignature(uint8(i), v, r, s);
        }
    }

    function _councilSignatures(SecurityCouncil council, bytes32 id, uint256 count)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        bytes32 digest = council.approvalDigest(id);
        signers = new address[](count);
        sigs = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(councilKeys[i], digest);
            (signers[i], sigs[i]) = (vm.addr(councilKeys[i]), abi.encodePacked(r, s, v));
        }
    }

    function _dispatched(Vm.Log[] memory logs) internal pure returns (bytes[] memory out) {
        uint256 n;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == IGovernanceHub.MessageDispatched.selector) ++n;
        }
        out = new bytes[](n);
        n = 0;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == IGovernanceHub.MessageDispatched.selector) {
                (, out[n++]) = abi.decode(logs[i].data, (uint64, bytes));
            }
        }
    }

    /// @dev `count` mnemonic keys from `first`, ordered by address (the contracts want ascending).
    function _sortedKeys(uint32 first, uint256 count) internal pure returns (uint256[] memory keys) {
        keys = new uint256[](count);
        address[] memory addrs = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            keys[i] = vm.deriveKey(MNEMONIC, first + uint32(i));
            addrs[i] = vm.addr(keys[i]);
        }
        SortedKeys.sortByAddress(addrs, keys);
    }
}
