// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV3Malicious} from "../../contracts/example/VaultV3Malicious.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @title Parity multisig library (November 2017) and Audius governance (July 2022)
/// @notice What happened: Parity's wallets delegated to one shared library that was never
/// initialised; a user called its init function, became its owner and self-destructed it, freezing
/// 513,774 ETH. Audius' proxy kept its admin in a storage slot that overlapped the initializer's
/// "done" flag, so initialisation could run again: the attacker re-initialised governance, made
/// themself its guardian and moved 18M AUDIO.
/// @notice Lockstep's defence: implementations disable their initializers in the constructor, a
/// proxy's initializer runs once and its flag lives in its own ERC-7201 slot, a reinitializer only
/// runs inside an upgrade the receiver executes (an approved message), and the Lockstep contracts
/// are not proxies: their configuration is fixed in the constructor, they have no initializer,
/// no upgrade entry point and no SELFDESTRUCT opcode.
contract AudiusParityTest is IncidentFixture {
    /// @dev OpenZeppelin's ERC-7201 slot of `Initializable` (uint64 version + bool initializing).
    bytes32 internal constant INITIALIZABLE_SLOT =
        0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00;
    bytes32 internal constant IMPLEMENTATION_SLOT =
        0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 internal constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a712850b5d6103;
    uint8 internal constant SELFDESTRUCT = 0xff;

    function test_RevertWhen_ImplementationsAreInitializedDirectly() external {
        address[3] memory implementations = [a.vaultV1, a.vaultV2, vaultV3];
        for (uint256 i; i < implementations.length; ++i) {
            VaultV1 implementation = VaultV1(implementations[i]);
            bytes32 codeBefore = address(implementation).codehash;
            vm.startPrank(attacker);
            // Parity, step one: become the library's owner.
            vm.expectRevert(Initializable.InvalidInitialization.selector);
            implementation.initialize(attacker);
            // Parity, step two: destroy or replace it. The upgrade entry point only runs via a proxy.
            vm.expectRevert(UUPSUpgradeable.UUPSUnauthorizedCallContext.selector);
            implementation.upgradeToAndCall(vaultV3, "");
            vm.stopPrank();

            assertEq(implementation.owner(), address(0), "implementation has no owner");
            assertEq(uint256(vm.load(address(implementation), INITIALIZABLE_SLOT)), type(uint64).max);
            assertEq(address(implementation).codehash, codeBefore, "implementation code intact");
        }
        vm.prank(attacker);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        VaultV3Malicious(vaultV3).initializeV3(attacker);
    }

    function test_RevertWhen_ProxyIsReinitialized() external {
        // The initializer's flag has its own namespaced slot, apart from the ERC-1967 slots.
        assertEq(uint256(vm.load(a.vault, INITIALIZABLE_SLOT)), 1);
        assertEq(vm.load(a.vault, ADMIN_SLOT), bytes32(0));
        assertEq(vm.load(a.vault, IMPLEMENTATION_SLOT), bytes32(uint256(uint160(a.vaultV1))));

        ChainState memory before = _state();
        vm.prank(attacker);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        VaultV1(a.vault).initialize(attacker);
        _assertUnchanged(before);

        // Still consumed after an upgrade that brings no reinitializer.
        (bytes memory message,) = _queueApproved(_homeAction(a.vault, a.vaultV2, a.vaultV2.codehash, ""));
        receiver.execute(message);
        vm.prank(attacker);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        VaultV1(a.vault).initialize(attacker);
        assertEq(VaultV1(a.vault).owner(), a.receiver);
        assertEq(uint256(vm.load(a.vault, INITIALIZABLE_SLOT)), 1);
    }

    function test_V3ReinitializerRunsOnlyInsideAnApprovedUpgrade() external {
        ChainState memory before = _state();
        bytes memory drain = abi.encodeCall(VaultV3Malicious.initializeV3, (attacker));
        vm.startPrank(attacker);
        // V1 has no such function and no fallback: the call reverts with no data.
        (bool ok, bytes memory returned) = a.vault.call(drain);
        assertFalse(ok);
        assertEq(returned.length, 0);
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        UUPSUpgradeable(a.vault).upgradeToAndCall(vaultV3, drain);
        vm.stopPrank();
        _assertUnchanged(before);

        // The one path: an upgrade the council approved with this exact code and call data. (It
        // drains: this is why the code is pinned and the guardian holds a veto, see Tornado.)
        (bytes memory message,) = _queueApproved(_homeAction(a.vault, vaultV3, vaultV3.codehash, drain));
        receiver.execute(message);
        assertEq(attacker.balance, ALICE_DEPOSIT + BOB_DEPOSIT);
        assertEq(uint256(vm.load(a.vault, INITIALIZABLE_SLOT)), 3);

        // And once run, never again.
        _depositAs(alice, 1 ether);
        vm.prank(attacker);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        VaultV3Malicious(a.vault).initializeV3(attacker);
        assertEq(a.vault.balance, 1 ether);
    }

    function test_LockstepContractsHaveNoInitializerOrUpgradeEntryPoint() external {
        address[6] memory lockstep = [a.receiver, a.registry, a.guardianAdapter, a.hub, a.council, a.timelock];
        bytes[4] memory backdoors = [
            abi.encodeWithSignature("initialize()"),
            abi.encodeCall(VaultV1.initialize, (attacker)),
            abi.encodeCall(VaultV3Malicious.initializeV3, (attacker)),
            abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (vaultV3, ""))
        ];
        for (uint256 i; i < lockstep.length; ++i) {
            for (uint256 j; j < backdoors.length; ++j) {
                vm.prank(attacker);
                (bool ok, bytes memory returned) = lockstep[i].call(backdoors[j]);
                assertFalse(ok, "a backdoor answered");
                assertEq(returned.length, 0, "a backdoor exists and refused");
            }
            // Not proxies: no implementation or admin to swap.
            assertEq(vm.load(lockstep[i], IMPLEMENTATION_SLOT), bytes32(0));
            assertEq(vm.load(lockstep[i], ADMIN_SLOT), bytes32(0));
        }
        (uint64 hubChainId, address hubAddress) = receiver.hub();
        assertEq(hubChainId, HUB_CHAIN);
        assertEq(hubAddress, a.hub);
    }

    function test_LockstepContractsContainNoSelfdestruct() external view {
        address[8] memory lockstep =
            [a.receiver, a.registry, a.guardianAdapter, a.hub, a.council, a.factory, a.vaultV1, a.vaultV2];
        for (uint256 i; i < lockstep.length; ++i) {
            assertFalse(_hasOpcode(lockstep[i].code, SELFDESTRUCT), "SELFDESTRUCT in runtime code");
        }
        // The scan does see the opcode when it is there.
        assertTrue(_hasOpcode(hex"6000ff", SELFDESTRUCT));
        assertFalse(_hasOpcode(hex"60ff00", SELFDESTRUCT), "push data is not an opcode");
    }

    /// @dev Whether `opcode` occurs as an instruction in `code`, skipping PUSH data and the
    /// trailing CBOR metadata (whose length is in the last two bytes, when present).
    function _hasOpcode(bytes memory code, uint8 opcode) private pure returns (bool) {
        uint256 end = code.length;
        if (end >= 2) {
            uint256 metadata = (uint256(uint8(code[end - 2])) << 8) | uint8(code[end - 1]);
            // Solidity's CBOR map starts with 0xa1..0xa3 right after the code.
            if (metadata + 2 <= end && metadata > 0) {
                uint8 head = uint8(code[end - 2 - metadata]);
                if (head >= 0xa1 && head <= 0xa3) end -= metadata + 2;
            }
        }
        for (uint256 pc; pc < end; ++pc) {
            uint8 op = uint8(code[pc]);
            if (op == opcode) return true;
            if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f; // PUSH1..PUSH32 data
        }
        return false;
    }
}
