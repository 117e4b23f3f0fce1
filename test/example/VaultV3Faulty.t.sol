// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {VaultV3Faulty} from "../../contracts/example/VaultV3Faulty.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {stdError} from "forge-std/StdError.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The drill's bad release: after an upgrade from VaultV2 to VaultV3Faulty withdrawals
/// revert with deposits intact and deposits still work; the rollback to VaultV2 restores
/// withdrawals with every balance preserved. Only the owner upgrades either way.
contract VaultV3FaultyTest is Test {
    address internal owner = makeAddr("owner");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal attacker = makeAddr("attacker");
    VaultV2 internal v2Impl;
    VaultV3Faulty internal v3Impl;
    VaultV2 internal vault;

    function setUp() external {
        v2Impl = new VaultV2();
        v3Impl = new VaultV3Faulty();
        vault =
            VaultV2(address(new ERC1967Proxy(address(v2Impl), abi.encodeCall(VaultV1.initialize, (owner)))));
        vm.deal(alice, 5 ether);
        vm.deal(bob, 3 ether);
        vm.deal(carol, 2 ether);
        vm.prank(alice);
        vault.deposit{value: 5 ether}();
        vm.prank(bob);
        vault.deposit{value: 3 ether}();
    }

    function test_SetUpState() external view {
        assertEq(vault.version(), 2);
        assertEq(vault.totalDeposits(), 8 ether);
        assertEq(address(vault).balance, 8 ether);
    }

    function test_UpgradeToV3FaultyKeepsStateAndReportsVersion3() external {
        _upgradeTo(address(v3Impl));
        assertEq(vault.version(), 3);
        assertEq(_implementation(), address(v3Impl));
        assertEq(vault.owner(), owner);
        assertFalse(vault.paused());
        _assertDepositsIntact();
    }

    function test_RevertWhen_WithdrawAfterUpgradeToV3Faulty() external {
        _upgradeTo(address(v3Impl));
        vm.expectRevert(
            abi.encodeWithSelector(VaultV1.VaultInsufficientBalance.selector, alice, 5 ether, 1 ether)
        );
        vm.prank(alice);
        vault.withdraw(1 ether);

        vm.expectRevert(
            abi.encodeWithSelector(VaultV1.VaultInsufficientBalance.selector, bob, 3 ether, 3 ether)
        );
        vm.prank(bob);
        vault.withdraw(3 ether);
        _assertDepositsIntact();
        assertEq(alice.balance, 0);
        assertEq(bob.balance, 0);
    }

    function testFuzz_RevertWhen_WithdrawAnyCoveredAmountAfterUpgrade(uint256 amount) external {
        amount = bound(amount, 0, 5 ether);
        _upgradeTo(address(v3Impl));
        vm.expectRevert(
            abi.encodeWithSelector(VaultV1.VaultInsufficientBalance.selector, alice, 5 ether, amount)
        );
        vm.prank(alice);
        vault.withdraw(amount);
        _assertDepositsIntact();
    }

    function test_RevertWhen_WithdrawMoreThanBalanceAfterUpgrade() external {
        _upgradeTo(address(v3Impl));
        // The inverted check lets an uncovered amount through to the subtraction, which underflows:
        // no path takes out more than was deposited.
        vm.expectRevert(stdError.arithmeticError);
        vm.prank(bob);
        vault.withdraw(4 ether);
        _assertDepositsIntact();
    }

    function test_DepositStillWorksAfterUpgrade() external {
        _upgradeTo(address(v3Impl));
        vm.expectEmit(true, false, false, true, address(vault));
        emit VaultV1.Deposited(carol, 2 ether);
        vm.prank(carol);
        vault.deposit{value: 2 ether}();
        assertEq(vault.balanceOf(carol), 2 ether);
        assertEq(vault.totalDeposits(), 10 ether);
        assertEq(address(vault).balance, 10 ether);
    }

    function test_RevertWhen_SweepNotByOwnerAfterUpgrade() external {
        _upgradeTo(address(v3Impl));
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.sweep(attacker);

        // The owner still only gets the surplus, never deposits.
        vm.prank(owner);
        vault.sweep(owner);
        assertEq(owner.balance, 0);
        _assertDepositsIntact();
    }

    function test_RollbackToV2RestoresWithdrawals() external {
        _upgradeTo(address(v3Impl));
        vm.prank(carol);
        vault.deposit{value: 2 ether}(); // made while the bad release was live

        _upgradeTo(address(v2Impl));
        assertEq(vault.version(), 2);
        assertEq(_implementation(), address(v2Impl));
        assertEq(vault.owner(), owner);
        assertEq(vault.balanceOf(alice), 5 ether);
        assertEq(vault.balanceOf(bob), 3 ether);
        assertEq(vault.balanceOf(carol), 2 ether);
        assertEq(vault.totalDeposits(), 10 ether);

        vm.expectEmit(true, false, false, true, address(vault));
        emit VaultV1.Withdrawn(alice, 5 ether);
        vm.prank(alice);
        vault.withdraw(5 ether);
        vm.prank(carol);
        vault.withdraw(2 ether);
        assertEq(alice.balance, 5 ether);
        assertEq(carol.balance, 2 ether);
        assertEq(vault.balanceOf(alice), 0);
        assertEq(vault.totalDeposits(), 3 ether);
        assertEq(address(vault).balance, 3 ether);
    }

    function test_RevertWhen_UpgradeOrRollbackNotByOwner() external {
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.upgradeToAndCall(address(v3Impl), "");

        _upgradeTo(address(v3Impl));
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        vault.upgradeToAndCall(address(v2Impl), "");
        assertEq(_implementation(), address(v3Impl));
    }

    function test_RevertWhen_ImplementationOrUpgradedProxyInitialized() external {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        VaultV3Faulty(payable(address(v3Impl))).initialize(attacker);

        _upgradeTo(address(v3Impl));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vault.initialize(attacker);
        assertEq(vault.owner(), owner);
    }

    function test_InitializeV3IsOwnerOnlyOnceAndKeepsTheOwner() external {
        _upgradeTo(address(v3Impl));
        VaultV3Faulty upgraded = VaultV3Faulty(payable(address(vault)));

        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, attacker)
        );
        vm.prank(attacker);
        upgraded.initializeV3();

        vm.expectEmit(address(vault));
        emit Initializable.Initialized(3);
        vm.prank(owner);
        upgraded.initializeV3();
        assertEq(upgraded.owner(), owner);
        _assertDepositsIntact();

        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vm.prank(owner);
        upgraded.initializeV3();
    }

    function test_InitializeV3ThroughTheUpgradeKeepsTheFault() external {
        vm.prank(owner);
        vault.upgradeToAndCall(address(v3Impl), abi.encodeCall(VaultV3Faulty.initializeV3, ()));
        assertEq(vault.version(), 3);
        assertEq(vault.owner(), owner);
        vm.expectRevert(
            abi.encodeWithSelector(VaultV1.VaultInsufficientBalance.selector, alice, 5 ether, 1 ether)
        );
        vm.prank(alice);
        vault.withdraw(1 ether);
        _assertDepositsIntact();
    }

    function test_RevertWhen_InitializeV3OnTheImplementation() external {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vm.prank(owner);
        v3Impl.initializeV3();
    }

    function _upgradeTo(address implementation) internal {
        vm.prank(owner);
        vault.upgradeToAndCall(implementation, "");
    }

    function _implementation() internal view returns (address) {
        return address(uint160(uint256(vm.load(address(vault), ERC1967Utils.IMPLEMENTATION_SLOT))));
    }

    function _assertDepositsIntact() internal view {
        assertEq(vault.balanceOf(alice), 5 ether);
        assertEq(vault.balanceOf(bob), 3 ether);
        assertEq(vault.totalDeposits(), 8 ether);
        assertEq(address(vault).balance, 8 ether);
    }
}
