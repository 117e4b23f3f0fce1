// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LockstepFactory} from "../contracts/deploy/LockstepFactory.sol";
import {UpgradeReceiver} from "../contracts/receiver/UpgradeReceiver.sol";
import {LockstepDeployment} from "./LockstepDeployment.sol";
import {Script} from "forge-std/Script.sol";
import {stdJson} from "forge-std/StdJson.sol";

/// @title DeployLockstep
/// @notice Deploys Lockstep on the chain of `--rpc-url` from a JSON config, at the same addresses
/// on every chain: the satellite stack everywhere, the hub stack on the hub chain, optionally the
/// example vault. Idempotent: what already exists is kept. Writes `deployments/<chainId>.json`
/// (its `adapters`: each deployed adapter's address by its name in `receiver.adapters`).
/// The example vault's proxy starts on `.exampleVaultImplementation` ("VaultV1" by default, or
/// "VaultV2"); a proxy deployed by an earlier run keeps its implementation.
///
///   LOCKSTEP_DEPLOYER_KEY=0x... forge script script/DeployLockstep.s.sol --sig "run(string)" \
///     script/config/local.json --rpc-url $RPC --broadcast
///
/// The broadcaster is the key in `LOCKSTEP_DEPLOYER_KEY` when that variable is set (the key stays
/// out of argv, which other users can read with `ps`); otherwise forge's own signer (`--account`,
/// `--ledger`, ..., or the default sender in tests).
///
/// The broadcasting key becomes the factory owner and the receiver's bootstrapper; after the
/// example vault is registered the bootstrap is locked (`lockBootstrap: true` in the config
/// default), so that key keeps no power over upgrades.
contract DeployLockstep is Script, LockstepDeployment {
    using stdJson for string;

    /// @dev Most chains a config may list (the hub's own bound).
    uint256 internal constant MAX_CHAINS = 128;

    /// @dev The environment variable holding the broadcasting key, when one is given that way.
    string internal constant DEPLOYER_KEY_ENV = "LOCKSTEP_DEPLOYER_KEY";

    /// @dev The config key naming the example vault's starting implementation.
    string internal constant EXAMPLE_VAULT_IMPLEMENTATION = ".exampleVaultImplementation";

    /// @dev A required config field is missing or malformed.
    error DeployConfigInvalid(string field);

    /// @notice Deploys from the config file at `path` (relative to the project root).
    function run(string calldata path) external returns (Addresses memory a) {
        string memory json = vm.readFile(path);
        SatelliteConfig memory satellite = _satelliteFromJson(json);
        ExampleVaultStart vaultStart = _exampleVaultStartFromJson(json);
        _startBroadcast();
        (, address deployer,) = vm.readCallers();
        satellite.bootstrapper = deployer;
        LockstepFactory factory = _deployFactory(deployer);
        a = _deploySatellite(factory, satellite);
        if (block.chainid == satellite.hubChainId) _deployHub(factory, _hubFromJson(json), satellite);
        if (json.readBoolOr(".exampleVault", false)) _deployExampleVault(factory, vaultStart);
        if (json.readBoolOr(".lockBootstrap", true) && !UpgradeReceiver(a.receiver).bootstrapLocked()) {
            UpgradeReceiver(a.receiver).lockBootstrap();
        }
        vm.stopBroadcast();
        _writeDeployment(factory, a, satellite.receiverAdapters, block.chainid == satellite.hubChainId);
    }

    /// @dev SECURITY: a key passed in the environment never appears in the process's argv.
    function _startBroadcast() internal {
        if (vm.envExists(DEPLOYER_KEY_ENV)) vm.startBroadcast(vm.envUint(DEPLOYER_KEY_ENV));
        else vm.startBroadcast();
    }

    /// @inheritdoc LockstepDeployment
    function _factoryAddress(address owner) internal pure override returns (address) {
        bytes32 initCodeHash =
            keccak256(abi.encodePacked(type(LockstepFactory).creationCode, abi.encode(owner)));
        return vm.computeCreate2Address(SALT_FACTORY, initCodeHash, CREATE2_FACTORY);
    }

    function _satelliteFromJson(string memory json) internal view returns (SatelliteConfig memory c) {
        c.hubChainId = uint64(_uint(json, ".hubChainId"));
        c.minDelay = uint32(_uint(json, ".minDelay"));
        c.gracePeriod = uint32(_uint(json, ".gracePeriod"));
        c.guardianKeys = _sorted(json.readAddressArray(".guardians.keys"));
        c.guardianQuorum = uint8(_uint(json, ".guardians.quorum"));
        c.guardianSetExpiryWindow = uint32(_uint(json, ".guardians.setExpiryWindow"));
        c.fallbackMembers = _sorted(json.readAddressArray(".fallback.members"));
        c.fallbackThreshold = uint8(_uint(json, ".fallback.threshold"));
        c.councilThreshold = uint8(_uint(json, ".council.threshold"));
        c.councilEmergencyThreshold = uint8(_uint(json, ".council.emergencyThreshold"));
        c.receiverAdapters = json.readStringArray(".receiver.adapters");
        c.requiredConfirmations = uint8(_uint(json, ".receiver.requiredConfirmations"));
        c.fallbackDelay = uint32(_uint(json, ".receiver.fallbackDelay"));
        // SECURITY: the fallback path is never faster, nor needs fewer keys, than the main one.
        if (c.fallbackDelay < _uint(json, ".timelockDelay")) {
            revert DeployConfigInvalid(".receiver.fallbackDelay");
        }
        if (c.fallbackThreshold < c.councilThreshold) revert DeployConfigInvalid(".fallback.threshold");
        c.chainGuardian = json.readAddress(".chainGuardian");
    }

    function _hubFromJson(string memory json) internal view returns (HubConfig memory c) {
        c.timelockDelay = _uint(json, ".timelockDelay");
        c.members = _sorted(json.readAddressArray(".council.members"));
        c.threshold = uint8(_uint(json, ".council.threshold"));
        c.termEnds = _cohortTermEnds(
            c.members.length,
            c.threshold,
            _uint(json, ".council.termDays"),
            json.readUintOr(".council.cohorts", 0)
        );
        c.emergencyThreshold = uint8(_uint(json, ".council.emergencyThreshold"));
        uint256 count;
        while (
            count < MAX_CHAINS && vm.keyExistsJson(json, string.concat(".chains[", vm.toString(count), "]"))
        ) {
            ++count;
        }
        if (count == 0) revert DeployConfigInvalid(".chains");
        c.chainIds = new uint64[](count);
        c.deliveryMargins = new uint32[](count);
        for (uint256 i = 0; i < count; ++i) {
            string memory at = string.concat(".chains[", vm.toString(i), "]");
            c.chainIds[i] = uint64(_uint(json, string.concat(at, ".chainId")));
            c.deliveryMargins[i] = uint32(_uint(json, string.concat(at, ".deliveryMargin")));
        }
        c.reporters = json.readAddressArray(".reporters");
    }

    /// @dev `.exampleVaultImplementation`: "VaultV1" (the default) or "VaultV2". Checked even when no
    /// vault is deployed, so that a typo never passes unnoticed.
    /// @dev Staggered terms: member i (ascending) sits in cohort i % cohorts, whose term ends
    /// termDays * (k + 1) / cohorts days from now, so cohorts end one after another and no more
    /// than n - threshold seats end together (the council's own rule). `cohorts == 0`: the fewest
    /// that satisfy it, ceil(n / (n - threshold)).
    function _cohortTermEnds(uint256 n, uint256 threshold, uint256 termDays, uint256 cohorts)
        internal
        view
        returns (uint40[] memory termEnds)
    {
        if (threshold >= n) revert DeployConfigInvalid(".council.threshold");
        if (cohorts == 0) cohorts = (n + (n - threshold) - 1) / (n - threshold);
        if (cohorts > n) revert DeployConfigInvalid(".council.cohorts");
        termEnds = new uint40[](n);
        for (uint256 i = 0; i < n; ++i) {
            termEnds[i] = uint40(block.timestamp + (termDays * 1 days * (i % cohorts + 1)) / cohorts);
        }
    }

    function _exampleVaultStartFromJson(string memory json) internal view returns (ExampleVaultStart) {
        bytes32 name = keccak256(bytes(json.readStringOr(EXAMPLE_VAULT_IMPLEMENTATION, "VaultV1")));
        if (name == keccak256("VaultV1")) return ExampleVaultStart.V1;
        if (name == keccak256("VaultV2")) return ExampleVaultStart.V2;
        revert DeployConfigInvalid(EXAMPLE_VAULT_IMPLEMENTATION);
    }

    function _uint(string memory json, string memory key) internal view returns (uint256) {
        if (!vm.keyExistsJson(json, key)) revert DeployConfigInvalid(key);
        return json.readUint(key);
    }

    /// @dev Ascending copy (the contracts require strictly ascending keys; duplicates still fail there).
    function _sorted(address[] memory list) internal pure returns (address[] memory) {
        for (uint256 i = 1; i < list.length; ++i) {
            for (uint256 j = i; j > 0 && list[j - 1] > list[j]; --j) {
                (list[j - 1], list[j]) = (list[j], list[j - 1]);
            }
        }
        return list;
    }

    /// @dev The addresses, with `adapters` an object from each deployed adapter's transport name
    /// (the config's `receiver.adapters`) to its address.
    function _writeDeployment(
        LockstepFactory factory,
        Addresses memory a,
        string[] memory adapterNames,
        bool isHub
    ) internal {
        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeAddress(key, "factory", a.factory);
        vm.serializeAddress(key, "receiver", a.receiver);
        vm.serializeAddress(key, "registry", a.registry);
        AdapterKind[] memory adapters = _listedAdapterKinds(adapterNames);
        // A fresh object: an earlier run in the same process (tests) may have listed other kinds.
        string memory adaptersJson = vm.serializeJson("adapters", "{}");
        for (uint256 i = 0; i < adapters.length; ++i) {
            adaptersJson =
                vm.serializeAddress("adapters", adapters[i].transport, factory.predict(adapters[i].salt));
        }
        vm.serializeString(key, "adapters", adaptersJson);
        if (isHub) {
            vm.serializeAddress(key, "timelock", a.timelock);
            vm.serializeAddress(key, "hub", a.hub);
            vm.serializeAddress(key, "council", a.council);
        }
        vm.serializeAddress(key, "vaultV1", a.vaultV1);
        vm.serializeAddress(key, "vaultV2", a.vaultV2);
        string memory out = vm.serializeAddress(key, "vault", a.vault);
        vm.createDir("deployments", true);
        // A caller running several deployments at once names its own output file (under deployments/).
        string memory path = vm.envOr(
            "LOCKSTEP_DEPLOY_OUTPUT", string.concat("deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(out, path);
    }
}
