// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {DeploymentRegistry} from "../../contracts/registry/DeploymentRegistry.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The registry on its own: only its deployer writes; versions, previous, names.
contract DeploymentRegistryTest is Test {
    DeploymentRegistry internal registry;
    address internal proxy = makeAddr("proxy");
    address internal implV1 = makeAddr("implV1");
    address internal implV2 = makeAddr("implV2");
    address internal stranger = makeAddr("stranger");

    function setUp() external {
        // This test contract plays the receiver: it deploys the registry.
        registry = new DeploymentRegistry();
    }

    function test_DeployerIsTheReceiver() external view {
        assertEq(registry.receiver(), address(this));
    }

    function test_RegisterCreatesVersionOne() external {
        vm.warp(1000);
        vm.expectEmit(address(registry));
        emit IDeploymentRegistry.ProxyRegistered(proxy, "Vault", implV1, bytes32(uint256(1)));
        registry.register(proxy, "Vault", implV1, bytes32(uint256(1)));
        IDeploymentRegistry.Entry memory entry = registry.entry(proxy);
        assertEq(entry.name, "Vault");
        assertEq(entry.implementation, implV1);
        assertEq(entry.version, 1);
        assertEq(entry.codehash, bytes32(uint256(1)));
        assertEq(entry.previousImplementation, address(0));
        assertEq(entry.registeredAt, 1000);
        assertEq(entry.updatedAt, 1000);
        assertEq(registry.proxyByName("Vault"), proxy);
    }

    function test_RecordBumpsVersionAndKeepsPrevious() external {
        registry.register(proxy, "Vault", implV1, bytes32(uint256(1)));
        vm.warp(5000);
        vm.expectEmit(address(registry));
        emit IDeploymentRegistry.ImplementationRecorded(proxy, 2, implV2, bytes32(uint256(2)));
        registry.record(proxy, implV1, implV2, bytes32(uint256(2)));
        registry.record(proxy, implV2, implV1, bytes32(uint256(1)));
        IDeploymentRegistry.Entry memory entry = registry.entry(proxy);
        assertEq(entry.version, 3);
        assertEq(entry.implementation, implV1);
        assertEq(entry.previousImplementation, implV2);
        assertEq(entry.codehash, bytes32(uint256(1)));
        assertEq(entry.updatedAt, 5000);
        assertEq(entry.registeredAt, 1);
    }

    function test_RevertWhen_WriterIsNotTheReceiver() external {
        vm.startPrank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IDeploymentRegistry.RegistryNotReceiver.selector, stranger, address(this))
        );
        registry.register(proxy, "Vault", implV1, bytes32(uint256(1)));
        vm.expectRevert(
            abi.encodeWithSelector(IDeploymentRegistry.RegistryNotReceiver.selector, stranger, address(this))
        );
        registry.record(proxy, implV1, implV2, bytes32(uint256(2)));
        vm.stopPrank();
    }

    function test_RevertWhen_RegisteredTwiceOrNameInvalid() external {
        registry.register(proxy, "Vault", implV1, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(IDeploymentRegistry.RegistryAlreadyRegistered.selector, proxy));
        registry.register(proxy, "Other", implV1, bytes32(uint256(1)));
        vm.expectRevert(
            abi.encodeWithSelector(IDeploymentRegistry.RegistryInvalidName.selector, bytes32("Vault"), proxy)
        );
        registry.register(stranger, "Vault", implV1, bytes32(uint256(1)));
        vm.expectRevert(
            abi.encodeWithSelector(IDeploymentRegistry.RegistryInvalidName.selector, bytes32(0), address(0))
        );
        registry.register(stranger, bytes32(0), implV1, bytes32(uint256(1)));
    }

    function test_UnknownProxyHasAnEmptyEntry() external view {
        IDeploymentRegistry.Entry memory entry = registry.entry(proxy);
        assertEq(entry.implementation, address(0));
        assertEq(entry.version, 0);
        assertEq(entry.registeredAt, 0);
        assertEq(entry.name, bytes32(0));
    }

    function test_RevertWhen_RecordUnknownProxy() external {
        vm.expectRevert(abi.encodeWithSelector(IDeploymentRegistry.RegistryUnknownProxy.selector, proxy));
        registry.record(proxy, address(0), implV2, bytes32(uint256(2)));
    }

    /// @dev Finding 5: an upgrade names what it replaces; anything else running refuses it.
    function test_RevertWhen_RecordReplacesAnotherImplementation() external {
        registry.register(proxy, "Vault", implV1, bytes32(uint256(1)));
        registry.record(proxy, implV1, implV2, bytes32(uint256(2)));
        vm.expectRevert(
            abi.encodeWithSelector(IDeploymentRegistry.RegistryStaleUpgrade.selector, proxy, implV1, implV2)
        );
        registry.record(proxy, implV1, stranger, bytes32(uint256(3)));
        assertEq(registry.entry(proxy).implementation, implV2);
    }

    function testFuzz_VersionCountsUpgrades(uint8 upgrades) external {
        registry.register(proxy, "Vault", implV1, bytes32(uint256(1)));
        for (uint256 i; i < upgrades; ++i) {
            registry.record(
                proxy, registry.entry(proxy).implementation, address(uint160(i + 100)), bytes32(i + 100)
            );
        }
        IDeploymentRegistry.Entry memory entry = registry.entry(proxy);
        assertEq(entry.version, uint64(upgrades) + 1);
        assertEq(
            entry.previousImplementation,
            upgrades == 0 ? address(0) : upgrades == 1 ? implV1 : address(uint160(uint256(upgrades) + 98))
        );
    }
}
