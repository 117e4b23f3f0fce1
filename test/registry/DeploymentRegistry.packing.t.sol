// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {DeploymentRegistry} from "../../contracts/registry/DeploymentRegistry.sol";
import {Test} from "forge-std/Test.sol";

/// @notice `record` writes an installed implementation as one packed word (assembly). Equivalence
/// with the plain struct: after any sequence of upgrades, the plain Solidity reader `entry` returns
/// exactly what a straightforward model of the registry says.
contract DeploymentRegistryPackingTest is Test {
    DeploymentRegistry internal registry;
    address internal proxy = makeAddr("proxy");

    function setUp() public {
        registry = new DeploymentRegistry();
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_RecordMatchesModel(
        address[8] calldata implementations,
        uint32[8] calldata gaps,
        uint8 steps
    ) external {
        steps = uint8(bound(steps, 1, 8));
        vm.warp(1000);
        address first = makeAddr("v1");
        registry.register(proxy, "Vault", first, keccak256("v1"));
        address current = first;
        address previous;
        for (uint256 i; i < steps; ++i) {
            vm.warp(block.timestamp + gaps[i]);
            bytes32 codehash = keccak256(abi.encode(i, implementations[i]));
            registry.record(proxy, current, implementations[i], codehash);
            (previous, current) = (current, implementations[i]);

            IDeploymentRegistry.Entry memory entry = registry.entry(proxy);
            assertEq(entry.name, "Vault", "name");
            assertEq(entry.implementation, current, "implementation");
            assertEq(entry.version, i + 2, "version");
            assertEq(entry.updatedAt, uint32(block.timestamp), "updatedAt");
            assertEq(entry.codehash, codehash, "codehash");
            assertEq(entry.previousImplementation, previous, "previous");
            assertEq(entry.registeredAt, 1000, "registeredAt");
        }
    }
}
