// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {VaultV3Malicious} from "../../contracts/example/VaultV3Malicious.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The example vault: V1's open sweep drains it, V2 fixes it with balances intact, V3 is
/// the malicious upgrade drills must stop, and implementations cannot be initialized.
contract VaultTest is Test {
    address internal owner = makeAddr("owner");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal attacker = makeAddr("attacker");
    VaultV1 internal v1Impl;
    VaultV2 internal v2Impl;
    VaultV1 internal vault;

    function setUp() external {
        v1Impl = new VaultV1();
        v2Impl = new VaultV2();
        vault =
            VaultV1(address(new ERC1967Proxy(address(v1Impl), abi.encodeCall(VaultV1.initialize, (owner)))));
        vm.deal(alice, 5 ether);
        vm.deal(bob, 3 ether);
        vm.prank(alice);
        vault.deposit{value: 5 ether}();
        vm.prank(bob);
        vault.deposit{value: 3 ether}();
    }

    function test_V1SweepLetsAnyoneDrainTheVault() external {
        vm.prank(attacker);
        vault.sweep(attacker);
        assertEq(attacker.balance, 8 ether);
        assertEq(address(vault).balance, 0);
        assertEq(vault.version(), 1);
    }

    function test_RevertWhen_SweepWhilePaused() external {
        vm.prank(owner);
        vault.pause();
        vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        vm.prank(attacker);
        vault.sweep(attacker);
        assertEq(address(vault).balance, 8 ether);
    }

    function test_V2FixesSweepAndKeepsBalances() external {
        vm.prank(owner);
        vault.upgradeToAndCall(address(v2Impl), "");
        assertEq(vault.version(), 2);
        assertEq(vault.balanceOf(alice), 5 ether);
        assertEq(vault.balanceOf(bob), 3 ether);
        assertEq(vault.totalDeposits(), 8 ether);

        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.sweep(attacker);

        // Even the owner only sweeps the surplus, never deposits.
        vm.deal(address(vault), 9 ether);
        vm.prank(owner);
        vault.sweep(owner);
        assertEq(owner.balance, 1 ether);
        assertEq(address(vault).balance, 8 ether);

        vm.prank(alice);
        vault.withdraw(5 ether);
        assertEq(alice.balance, 5 ether);
    }

    function test_RevertWhen_WithdrawMoreThanBalance() external {
        vm.expectRevert(
            abi.encodeWithSelector(VaultV1.VaultInsufficientBalance.selector, bob, 3 ether, 4 ether)
        );
        vm.prank(bob);
        vault.withdraw(4 ether);
    }

    function test_V3MaliciousDrainsOnUpgrade() external {
        VaultV3Malicious v3Impl = new VaultV3Malicious();
        vm.prank(owner);
        vault.upgradeToAndCall(address(v3Impl), abi.encodeCall(VaultV3Malicious.initializeV3, (attacker)));
        assertEq(attacker.balance, 8 ether);
        assertEq(vault.version(), 3);
    }

    function test_RevertWhen_ImplementationsInitializedDirectly() external {
        address[3] memory impls = [address(v1Impl), address(v2Impl), address(new VaultV3Malicious())];
        for (uint256 i; i < impls.length; ++i) {
            vm.expectRevert(Initializable.InvalidInitialization.selector);
            VaultV1(impls[i]).initialize(attacker);
        }
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        VaultV3Malicious(payable(impls[2])).initializeV3(attacker);
    }

    function test_RevertWhen_ReinitializedBeforeOrAfterUpgrade() external {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vault.initialize(attacker);
        vm.prank(owner);
        vault.upgradeToAndCall(address(v2Impl), "");
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vault.initialize(attacker);
        assertEq(vault.owner(), owner);
    }

    function test_PauseIsOwnerOnlyAndStopsDeposits() external {
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.pause();

        vm.prank(owner);
        vault.pause();
        vm.expectRevert(PausableUpgradeable.EnforcedPause.selector);
        vm.prank(alice);
        vault.withdraw(1);

        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.unpause();
        vm.prank(owner);
        vault.unpause();
        assertFalse(vault.paused());
    }

    function test_RevertWhen_UpgradeNotByOwner() external {
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.upgradeToAndCall(address(v2Impl), "");
    }

    function test_InitializeV2IsOwnerOnlyOnceAndKeepsTheOwner() external {
        vm.prank(owner);
        vault.upgradeToAndCall(address(v2Impl), "");
        VaultV2 upgraded = VaultV2(address(vault));

        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        upgraded.initializeV2();

        vm.prank(owner);
        upgraded.initializeV2();
        assertEq(upgraded.owner(), owner);
        assertEq(address(upgraded).balance, 8 ether);

        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vm.prank(owner);
        upgraded.initializeV2();
    }

    function test_RevertWhen_InitializeV2OnTheImplementation() external {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vm.prank(attacker);
        v2Impl.initializeV2();
    }

    function test_InitializeV3MaliciousIsOpenToAnyoneOnceAndDrains() external {
        VaultV3Malicious v3Impl = new VaultV3Malicious();
        vm.prank(owner);
        vault.upgradeToAndCall(address(v3Impl), "");
        VaultV3Malicious upgraded = VaultV3Malicious(payable(address(vault)));

        // The attacker's release: no owner check, so anyone may run its "migration" once.
        vm.prank(attacker);
        upgraded.initializeV3(attacker);
        assertEq(attacker.balance, 8 ether);
        assertEq(upgraded.owner(), owner);

        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vm.prank(owner);
        upgraded.initializeV3(owner);
    }
}
