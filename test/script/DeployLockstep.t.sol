// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {DeployLockstep} from "../../script/DeployLockstep.s.sol";
import {LockstepDeployment} from "../../script/LockstepDeployment.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The deployment script, run as `forge script` would, from the local config.
contract DeployLockstepTest is Test {
    string internal constant CONFIG = "script/config/local.json";
    DeployLockstep internal script = new DeployLockstep();

    function test_DeploysAndWiresTheHubChain() public {
        vm.chainId(1);
        LockstepDeployment.Addresses memory a = script.run(CONFIG);

        assertEq(GovernanceHub(a.hub).timelock(), a.timelock);
        assertEq(GovernanceHub(a.hub).council(), a.council);
        assertEq(GovernanceHub(a.hub).chainIds().length, 4);
        assertEq(GovernanceHub(a.hub).chainConfig(42_161).receiver, a.receiver);
        assertEq(address(SecurityCouncil(a.council).hub()), a.hub);
        assertEq(SecurityCouncil(a.council).threshold(), 6);
        assertEq(SecurityCouncil(a.council).members().length, 9);
        TimelockController timelock = TimelockController(payable(a.timelock));
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), a.council));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)), "anyone executes after the delay");
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)), "no admin keeps power");
        assertEq(timelock.getMinDelay(), 2 days);
        (uint64 hubChain, address hub) = UpgradeReceiver(a.receiver).hub();
        assertEq(hubChain, 1);
        assertEq(hub, a.hub);
        assertEq(GuardianAdapter(a.guardianAdapter).quorum(0), 8);
        // Finding 1: the fallback never needs fewer keys than the council, nor waits less than the timelock.
        assertEq(CouncilFallbackAdapter(a.fallbackAdapter).threshold(), 6);
        assertEq(CouncilFallbackAdapter(a.fallbackAdapter).minThreshold(), 6);
        (address[] memory fallbacks, uint32 fallbackDelay) = UpgradeReceiver(a.receiver).fallbackConfig();
        assertEq(fallbacks.length, 1);
        assertEq(fallbacks[0], a.fallbackAdapter);
        assertEq(fallbackDelay, TimelockController(payable(a.timelock)).getMinDelay());
        (address[] memory adapters, uint256 required) = UpgradeReceiver(a.receiver).adapters();
        assertEq(adapters.length, 2);
        assertEq(adapters[0], a.guardianAdapter);
        assertEq(adapters[1], a.fallbackAdapter);
        assertEq(required, 1, "either the guardians or the fallback council");
        // Finding 7: three cohorts of three, ending a third of the term apart.
        SecurityCouncil council = SecurityCouncil(a.council);
        address[] memory seats = council.members();
        for (uint256 i; i < seats.length; ++i) {
            assertEq(
                council.termEnd(1, seats[i]),
                block.timestamp + (365 days * (i % 3 + 1)) / 3,
                "cohort term end"
            );
        }
        assertTrue(UpgradeReceiver(a.receiver).isRegistered(a.vault));
        assertTrue(UpgradeReceiver(a.receiver).bootstrapLocked(), "the deployer keeps no power");
    }

    function test_SatelliteGetsTheSameAddressesAndNoHubStack() public {
        vm.chainId(1);
        uint256 snapshot = vm.snapshotState();
        LockstepDeployment.Addresses memory onHub = script.run(CONFIG);
        vm.revertToState(snapshot);

        vm.chainId(42_161);
        LockstepDeployment.Addresses memory onArbitrum = script.run(CONFIG);
        assertEq(onArbitrum.receiver, onHub.receiver);
        assertEq(onArbitrum.guardianAdapter, onHub.guardianAdapter);
        assertEq(onArbitrum.vault, onHub.vault);
        assertGt(onArbitrum.receiver.code.length, 0);
        assertEq(onArbitrum.hub.code.length, 0, "no hub on a satellite");
        assertEq(onArbitrum.council.code.length, 0, "no council on a satellite");
    }

    function test_RerunDeploysNothingNew() public {
        vm.chainId(1);
        LockstepDeployment.Addresses memory first = script.run(CONFIG);
        bytes32 receiverCode = first.receiver.codehash;
        vm.recordLogs();
        LockstepDeployment.Addresses memory second = script.run(CONFIG);
        assertEq(vm.getRecordedLogs().length, 0, "a re-run changes nothing");
        assertEq(second.receiver, first.receiver);
        assertEq(second.receiver.codehash, receiverCode);
    }

    function test_RevertWhen_ConfigMissesAField() public {
        string memory path = "deployments/broken-config.json";
        vm.createDir("deployments", true); // the other tests may not have run yet
        vm.writeFile(path, '{"hubChainId": 1, "minDelay": 3600}');
        vm.expectRevert(abi.encodeWithSelector(DeployLockstep.DeployConfigInvalid.selector, ".gracePeriod"));
        script.run(path);
        vm.removeFile(path);
    }

    function test_ExampleVaultStartsOnV1ByDefault() public {
        vm.chainId(1);
        LockstepDeployment.Addresses memory a = script.run(CONFIG);
        _assertVaultStartsOn(a, a.vaultV1, 1);
    }

    function test_ExampleVaultStartsOnTheConfiguredImplementation() public {
        string[2] memory names = ["VaultV1", "VaultV2"];
        uint256[2] memory versions = [uint256(1), 2];
        vm.chainId(1);
        for (uint256 i = 0; i < names.length; ++i) {
            uint256 snapshot = vm.snapshotState();
            string memory path = _configWithVaultImplementation(names[i]);
            LockstepDeployment.Addresses memory a = script.run(path);
            vm.removeFile(path);
            _assertVaultStartsOn(a, i == 0 ? a.vaultV1 : a.vaultV2, versions[i]);
            vm.revertToState(snapshot);
        }
    }

    function test_RevertWhen_ExampleVaultImplementationUnknown() public {
        // A drill build is never a valid starting point, nor is a misspelt name.
        string[2] memory names = ["VaultV3Faulty", "vaultv2"];
        for (uint256 i = 0; i < names.length; ++i) {
            string memory path = _configWithVaultImplementation(names[i]);
            vm.expectRevert(
                abi.encodeWithSelector(
                    DeployLockstep.DeployConfigInvalid.selector, ".exampleVaultImplementation"
                )
            );
            script.run(path);
            vm.removeFile(path);
        }
    }

    /// @dev The receiver trusts the adapters the config lists, in its order (index = confirmation
    /// bit), and needs the configured number of them.
    function test_WiresTheConfiguredAdapterListAndConfirmations() public {
        vm.chainId(1);
        string memory path = _configWith(
            "adapters-reversed",
            '"adapters": ["guardian", "fallback"],\n    "requiredConfirmations": 1,',
            '"adapters": ["fallback", "guardian"],\n    "requiredConfirmations": 2,'
        );
        LockstepDeployment.Addresses memory a = script.run(path);
        vm.removeFile(path);
        (address[] memory adapters, uint256 required) = UpgradeReceiver(a.receiver).adapters();
        assertEq(adapters.length, 2);
        assertEq(adapters[0], a.fallbackAdapter);
        assertEq(adapters[1], a.guardianAdapter);
        assertEq(required, 2, "both paths must agree");
        (address[] memory fallbacks,) = UpgradeReceiver(a.receiver).fallbackConfig();
        assertEq(fallbacks.length, 1);
        assertEq(fallbacks[0], a.fallbackAdapter);
    }

    /// @dev An adapter the config does not list is not deployed: a guardian-only receiver trusts
    /// the GuardianAdapter alone, and nothing lives where the fallback adapter would be.
    function test_DeploysOnlyTheListedAdapters() public {
        vm.chainId(1);
        string memory path = _configWith(
            "adapters-guardian-only", '"adapters": ["guardian", "fallback"]', '"adapters": ["guardian"]'
        );
        LockstepDeployment.Addresses memory a = script.run(path);
        vm.removeFile(path);
        assertGt(a.guardianAdapter.code.length, 0);
        assertEq(a.fallbackAdapter.code.length, 0, "an unlisted adapter is not deployed");
        (address[] memory adapters, uint256 required) = UpgradeReceiver(a.receiver).adapters();
        assertEq(adapters.length, 1);
        assertEq(adapters[0], a.guardianAdapter);
        assertEq(required, 1);
        (address[] memory fallbacks,) = UpgradeReceiver(a.receiver).fallbackConfig();
        assertEq(fallbacks.length, 0);
    }

    function test_RevertWhen_AdapterUnknown() public {
        string memory path = _configWith(
            "adapters-unknown", '"adapters": ["guardian", "fallback"]', '"adapters": ["guardian", "wormhole"]'
        );
        vm.expectRevert(
            abi.encodeWithSelector(LockstepDeployment.LockstepDeploymentUnknownAdapter.selector, "wormhole")
        );
        script.run(path);
        vm.removeFile(path);
    }

    /// @dev Writes the local config plus `"exampleVaultImplementation": name` to its own file.
    function _configWithVaultImplementation(string memory name) internal returns (string memory path) {
        return _configWith(
            string.concat("vault-start-", name),
            '"exampleVault": true',
            string.concat('"exampleVault": true, "exampleVaultImplementation": "', name, '"')
        );
    }

    /// @dev Writes the local config with `from` replaced by `to` to `deployments/<name>.json`.
    function _configWith(string memory name, string memory from, string memory to)
        internal
        returns (string memory path)
    {
        path = string.concat("deployments/", name, ".json");
        string memory json = vm.replace(vm.readFile(CONFIG), from, to);
        vm.createDir("deployments", true);
        vm.writeFile(path, json);
    }

    /// @dev The proxy runs `implementation`, answers `version`, is owned by the receiver and is
    /// registered at `implementation` as its version 1 (what a rollback returns to).
    function _assertVaultStartsOn(
        LockstepDeployment.Addresses memory a,
        address implementation,
        uint256 version
    ) internal view {
        address current = address(uint160(uint256(vm.load(a.vault, ERC1967Utils.IMPLEMENTATION_SLOT))));
        assertEq(current, implementation);
        assertEq(VaultV1(a.vault).version(), version);
        assertEq(VaultV1(a.vault).owner(), a.receiver);
        IDeploymentRegistry.Entry memory entry = UpgradeReceiver(a.receiver).registry().entry(a.vault);
        assertEq(entry.implementation, implementation);
        assertEq(entry.codehash, implementation.codehash);
        assertEq(entry.version, 1);
        assertEq(entry.previousImplementation, address(0));
    }
}
