// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CouncilFallbackAdapter} from "../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {GuardianAdapter} from "../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {SecurityCouncil} from "../contracts/council/SecurityCouncil.sol";
import {LockstepFactory} from "../contracts/deploy/LockstepFactory.sol";
import {VaultV1} from "../contracts/example/VaultV1.sol";
import {VaultV2} from "../contracts/example/VaultV2.sol";
import {GovernanceHub} from "../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../contracts/interfaces/IGovernanceHub.sol";
import {IMessageReceiver} from "../contracts/interfaces/IMessageReceiver.sol";
import {IUpgradeReceiver} from "../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../contracts/receiver/UpgradeReceiver.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title LockstepDeployment
/// @notice How Lockstep is laid out on chain, shared by the deployment script and the tests.
/// Every contract is deployed through one LockstepFactory, at an address that depends only on the
/// factory and a fixed salt, so the whole system has the same addresses on every chain and
/// contracts that reference each other get each other's address in their constructors.
/// @dev On every chain: receiver (+ its registry) and the bridge adapters the config's
/// `receiver.adapters` lists, each an entry of `_adapterKinds` (guardian, council fallback)
/// ("satellite stack").
/// On the home chain in addition: timelock, hub and council ("hub stack").
abstract contract LockstepDeployment {
    bytes32 internal constant SALT_FACTORY = keccak256("lockstep.factory.v1");
    bytes32 internal constant SALT_RECEIVER = keccak256("lockstep.receiver.v1");
    bytes32 internal constant SALT_GUARDIAN_ADAPTER = keccak256("lockstep.adapter.guardian.v1");
    bytes32 internal constant SALT_FALLBACK_ADAPTER = keccak256("lockstep.adapter.fallback.v1");
    bytes32 internal constant SALT_TIMELOCK = keccak256("lockstep.timelock.v1");
    bytes32 internal constant SALT_HUB = keccak256("lockstep.hub.v1");
    bytes32 internal constant SALT_COUNCIL = keccak256("lockstep.council.v1");
    bytes32 internal constant SALT_VAULT_V1 = keccak256("lockstep.example.vault.v1");
    bytes32 internal constant SALT_VAULT_V2 = keccak256("lockstep.example.vault.v2");
    bytes32 internal constant SALT_VAULT_PROXY = keccak256("lockstep.example.vault.proxy");

    /// @dev The config names an adapter transport this script does not deploy.
    error LockstepDeploymentUnknownAdapter(string name);

    /// @notice One bridge adapter the deployment builds on every chain.
    /// @param transport its name in the config's `receiver.adapters` (e.g. "guardian")
    /// @param salt its factory salt, so its address is the same on every chain
    /// @param isFallback whether the receiver lists it as a fallback adapter (an upgrade it alone
    /// confirmed waits the receiver's fallback delay)
    /// @param initCode its creation code and constructor arguments for this chain's stack
    struct AdapterKind {
        string transport;
        bytes32 salt;
        bool isFallback;
        function(Addresses memory, SatelliteConfig memory) internal pure returns (bytes memory) initCode;
    }

    /// @notice What every chain's stack is built from. Identical on every chain.
    struct SatelliteConfig {
        uint64 hubChainId;
        uint32 minDelay;
        uint32 gracePeriod;
        address[] guardianKeys;
        uint8 guardianQuorum;
        uint32 guardianSetExpiryWindow;
        address[] fallbackMembers;
        uint8 fallbackThreshold;
        /// @dev The home council's threshold: the fallback adapter's floor.
        uint8 councilThreshold;
        /// @dev The home council's emergency threshold: what the fallback adapter's pause-only
        /// roots and root revocations need.
        uint8 councilEmergencyThreshold;
        /// @dev Adapters the receiver trusts, by transport name ("guardian", "fallback").
        string[] receiverAdapters;
        uint8 requiredConfirmations;
        /// @dev Seconds an upgrade confirmed by the fallback alone waits (>= the timelock delay).
        uint32 fallbackDelay;
        address chainGuardian;
        address bootstrapper;
    }

    /// @notice What the home chain's stack is built from.
    struct HubConfig {
        uint256 timelockDelay;
        address[] members;
        uint40[] termEnds;
        uint8 threshold;
        uint8 emergencyThreshold;
        uint64[] chainIds;
        uint32[] deliveryMargins;
        address[] reporters;
    }

    /// @notice The implementation the example vault's proxy starts on (and is registered with, as
    /// its version 1): VaultV1, the vulnerable one the demos fix, or VaultV2, so that a drill's bad
    /// release can be rolled back to V2.
    enum ExampleVaultStart {
        V1,
        V2
    }

    /// @notice Where everything is (the same on every chain). The adapters' fields are where each
    /// kind is (or would be) deployed: only the kinds the config lists have code there.
    struct Addresses {
        address factory;
        address receiver;
        address registry;
        address guardianAdapter;
        address fallbackAdapter;
        address timelock;
        address hub;
        address council;
        address vaultV1;
        address vaultV2;
        address vault;
    }

    /// @dev The factory's address for `deployer` (how it is created depends on the context:
    /// through the CREATE2 deployer in scripts, from the test contract in tests).
    function _factoryAddress(address owner) internal view virtual returns (address);

    /// @dev Deploys the factory (or finds it), owned by `owner`.
    function _deployFactory(address owner) internal virtual returns (LockstepFactory factory) {
        factory = LockstepFactory(_factoryAddress(owner));
        if (address(factory).code.length == 0) {
            LockstepFactory created = new LockstepFactory{salt: SALT_FACTORY}(owner);
            require(address(created) == address(factory), "LockstepDeployment: factory address mismatch");
        }
    }

    /// @notice Every address of a deployment made through `factory`.
    function _addresses(LockstepFactory factory) internal view returns (Addresses memory a) {
        a.factory = address(factory);
        a.receiver = factory.predict(SALT_RECEIVER);
        // The receiver deploys its registry as its first creation.
        a.registry = address(uint160(uint256(keccak256(abi.encodePacked(hex"d694", a.receiver, hex"01")))));
        a.guardianAdapter = factory.predict(SALT_GUARDIAN_ADAPTER);
        a.fallbackAdapter = factory.predict(SALT_FALLBACK_ADAPTER);
        a.timelock = factory.predict(SALT_TIMELOCK);
        a.hub = factory.predict(SALT_HUB);
        a.council = factory.predict(SALT_COUNCIL);
        a.vaultV1 = factory.predict(SALT_VAULT_V1);
        a.vaultV2 = factory.predict(SALT_VAULT_V2);
        a.vault = factory.predict(SALT_VAULT_PROXY);
    }

    /// @notice Deploys what runs on every chain: the receiver (with its registry) and the bridge
    /// adapters `c.receiverAdapters` lists (in `_adapterKinds` order). The receiver trusts the adapters
    /// `c.receiverAdapters` names, and needs `c.requiredConfirmations` of them (default config:
    /// either of guardian and fallback, k = 1 of 2: the fallback exists for when the guardians
    /// cannot reach quorum). Deployments already present are kept (idempotent).
    function _deploySatellite(LockstepFactory factory, SatelliteConfig memory c)
        internal
        returns (Addresses memory a)
    {
        a = _addresses(factory);
        AdapterKind[] memory kinds = _adapterKinds();
        (address[] memory adapters, address[] memory fallbackAdapters) =
            _receiverAdapters(factory, kinds, c.receiverAdapters);
        IUpgradeReceiver.Config memory receiverConfig = IUpgradeReceiver.Config({
            hubChainId: c.hubChainId,
            hub: a.hub,
            minDelay: c.minDelay,
            gracePeriod: c.gracePeriod,
            requiredConfirmations: c.requiredConfirmations,
            adapters: adapters,
            fallbackAdapters: fallbackAdapters,
            fallbackDelay: c.fallbackDelay,
            guardian: c.chainGuardian,
            bootstrapper: c.bootstrapper
        });
        _deployOnce(
            factory,
            SALT_RECEIVER,
            abi.encodePacked(type(UpgradeReceiver).creationCode, abi.encode(receiverConfig))
        );
        AdapterKind[] memory listed = _listedAdapterKinds(c.receiverAdapters);
        for (uint256 i = 0; i < listed.length; ++i) {
            _deployOnce(factory, listed[i].salt, listed[i].initCode(a, c));
        }
    }

    /// @notice The adapter kinds `names` lists (the config's `receiver.adapters`), in the order of
    /// `_adapterKinds` (the deployment order, whatever the config's order); reverts for a name no
    /// kind has. Only these are deployed and recorded: an adapter the receiver does not trust is
    /// not built.
    function _listedAdapterKinds(string[] memory names) internal pure returns (AdapterKind[] memory listed) {
        AdapterKind[] memory kinds = _adapterKinds();
        for (uint256 i = 0; i < names.length; ++i) {
            _adapterKind(kinds, names[i]); // an unknown name reverts, naming it
        }
        listed = new AdapterKind[](kinds.length);
        uint256 count;
        for (uint256 i = 0; i < kinds.length; ++i) {
            if (_contains(names, kinds[i].transport)) listed[count++] = kinds[i];
        }
        assembly ("memory-safe") {
            mstore(listed, count) // shrink to the kinds listed; the array only shrinks
        }
    }

    /// @dev Whether `names` holds `name`.
    function _contains(string[] memory names, string memory name) private pure returns (bool) {
        for (uint256 i = 0; i < names.length; ++i) {
            if (keccak256(bytes(names[i])) == keccak256(bytes(name))) return true;
        }
        return false;
    }

    /// @notice Every bridge adapter the deployment builds, in deployment order. A new transport is
    /// one entry here (its name in the config, its salt, its constructor arguments), its contract
    /// and its tests.
    function _adapterKinds() internal pure returns (AdapterKind[] memory kinds) {
        kinds = new AdapterKind[](2);
        kinds[0] = AdapterKind({
            transport: "guardian",
            salt: SALT_GUARDIAN_ADAPTER,
            isFallback: false,
            initCode: _guardianAdapterInitCode
        });
        kinds[1] = AdapterKind({
            transport: "fallback",
            salt: SALT_FALLBACK_ADAPTER,
            isFallback: true,
            initCode: _fallbackAdapterInitCode
        });
    }

    /// @dev GuardianAdapter: the configured guardian set 0, its quorum and its expiry window.
    function _guardianAdapterInitCode(Addresses memory a, SatelliteConfig memory c)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(
            type(GuardianAdapter).creationCode,
            abi.encode(
                IMessageReceiver(a.receiver),
                c.hubChainId,
                a.hub,
                c.guardianKeys,
                c.guardianQuorum,
                c.guardianSetExpiryWindow
            )
        );
    }

    /// @dev CouncilFallbackAdapter: the configured members and threshold, floored at the home
    /// council's threshold, and the home council's emergency threshold for pause-only roots.
    function _fallbackAdapterInitCode(Addresses memory a, SatelliteConfig memory c)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(
            type(CouncilFallbackAdapter).creationCode,
            abi.encode(
                IMessageReceiver(a.receiver),
                c.hubChainId,
                a.hub,
                c.fallbackMembers,
                c.fallbackThreshold,
                c.councilThreshold,
                c.councilEmergencyThreshold
            )
        );
    }

    /// @dev The receiver's adapters from their transport names, in the order given (index =
    /// confirmation bit), and which of them are fallbacks (their confirmation alone waits the
    /// fallback delay), in the same order.
    function _receiverAdapters(LockstepFactory factory, AdapterKind[] memory kinds, string[] memory names)
        internal
        view
        returns (address[] memory adapters, address[] memory fallbacks)
    {
        adapters = new address[](names.length);
        fallbacks = new address[](names.length);
        uint256 fallbackCount;
        for (uint256 i = 0; i < names.length; ++i) {
            AdapterKind memory kind = _adapterKind(kinds, names[i]);
            adapters[i] = factory.predict(kind.salt);
            if (kind.isFallback) fallbacks[fallbackCount++] = adapters[i];
        }
        assembly ("memory-safe") {
            mstore(fallbacks, fallbackCount) // shrink to the fallbacks found; the array only shrinks
        }
    }

    /// @dev The adapter kind whose transport is `name`; reverts for a name no kind has.
    function _adapterKind(AdapterKind[] memory kinds, string memory name)
        internal
        pure
        returns (AdapterKind memory)
    {
        for (uint256 i = 0; i < kinds.length; ++i) {
            if (keccak256(bytes(kinds[i].transport)) == keccak256(bytes(name))) return kinds[i];
        }
        revert LockstepDeploymentUnknownAdapter(name);
    }

    /// @notice Deploys the home chain's governance: timelock (council proposes, anyone executes,
    /// no admin), hub (reaching every configured chain's receiver) and council.
    function _deployHub(LockstepFactory factory, HubConfig memory c, SatelliteConfig memory s)
        internal
        returns (Addresses memory a)
    {
        a = _addresses(factory);
        address[] memory proposers = new address[](1);
        proposers[0] = a.council;
        address[] memory executors = new address[](1); // address(0): anyone may execute
        _deployOnce(
            factory,
            SALT_TIMELOCK,
            abi.encodePacked(
                type(TimelockController).creationCode,
                abi.encode(c.timelockDelay, proposers, executors, address(0))
            )
        );
        IGovernanceHub.ChainConfig[] memory chains = new IGovernanceHub.ChainConfig[](c.chainIds.length);
        for (uint256 i = 0; i < chains.length; ++i) {
            chains[i] = IGovernanceHub.ChainConfig({
                receiver: a.receiver,
                deliveryMargin: c.deliveryMargins[i],
                minDelay: s.minDelay,
                gracePeriod: s.gracePeriod
            });
        }
        _deployOnce(
            factory,
            SALT_HUB,
            abi.encodePacked(
                type(GovernanceHub).creationCode,
                abi.encode(a.timelock, a.council, c.chainIds, chains, c.reporters)
            )
        );
        _deployOnce(
            factory,
            SALT_COUNCIL,
            abi.encodePacked(
                type(SecurityCouncil).creationCode,
                abi.encode(c.members, c.termEnds, c.threshold, c.emergencyThreshold, a.timelock, a.hub)
            )
        );
    }

    /// @notice Deploys the example vault (V1 behind a UUPS proxy owned by the receiver, plus the
    /// V2 fix) and registers the proxy with the receiver. The caller must be the bootstrapper.
    function _deployExampleVault(LockstepFactory factory) internal returns (Addresses memory a) {
        return _deployExampleVault(factory, ExampleVaultStart.V1);
    }

    /// @notice Deploys the example vault (VaultV1 and VaultV2, and a UUPS proxy owned by the
    /// receiver that starts on `start`'s implementation) and registers the proxy with the receiver
    /// at that implementation. The caller must be the bootstrapper.
    /// @dev A proxy that already exists is kept as it is, whatever `start` says now.
    function _deployExampleVault(LockstepFactory factory, ExampleVaultStart start)
        internal
        returns (Addresses memory a)
    {
        a = _addresses(factory);
        _deployOnce(factory, SALT_VAULT_V1, type(VaultV1).creationCode);
        _deployOnce(factory, SALT_VAULT_V2, type(VaultV2).creationCode);
        address implementation = start == ExampleVaultStart.V2 ? a.vaultV2 : a.vaultV1;
        bool fresh = _deployOnce(
            factory,
            SALT_VAULT_PROXY,
            abi.encodePacked(
                type(ERC1967Proxy).creationCode,
                abi.encode(implementation, abi.encodeCall(VaultV1.initialize, (a.receiver)))
            )
        );
        if (fresh) {
            UpgradeReceiver(a.receiver)
                .registerProxy(
                    a.vault, IUpgradeReceiver.ProxyKind.UUPS, address(0), "example.vault", implementation
                );
        }
    }

    /// @dev Deploys unless something already lives at the salt's address; returns whether it did.
    function _deployOnce(LockstepFactory factory, bytes32 salt, bytes memory initCode)
        internal
        returns (bool)
    {
        if (factory.predict(salt).code.length != 0) return false;
        factory.deploy(salt, initCode);
        return true;
    }
}
