// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeploymentRegistry} from "../interfaces/IDeploymentRegistry.sol";

/// @title DeploymentRegistry
/// @notice Per-chain record of the proxies an UpgradeReceiver manages and of every implementation
/// it installed on them.
/// @dev Trust model: the receiver deploys this registry in its own constructor, so `msg.sender`
/// at construction is the receiver and is the only writer, for good. Because the receiver sits at
/// the same CREATE2 address on every chain, this registry (the receiver's first CREATE) does too.
/// The registry holds no funds and grants no rights: it is a record, never an authority; the
/// receiver keeps its own list of registered proxies.
/// @dev Storage layout (gas). Version `v` of a proxy is kept in `installed[v % 2]`, one slot of
/// implementation + version + updatedAt. Recording version `v + 1` overwrites only the slot of
/// version `v - 1`, so the previous implementation (version `v`) stays where it is and needs no
/// write: an upgrade rewrites two slots (that slot and the codehash), never three, and never a
/// zero slot (registration makes both halves non-zero).
contract DeploymentRegistry is IDeploymentRegistry {
    /// @dev One installed implementation, one slot (160 + 64 + 32 bits).
    struct Installed {
        address implementation;
        uint64 version;
        uint32 updatedAt;
    }

    /// @dev One proxy's entry. `installed[v % 2]` holds version `v`; the one with the higher
    /// version is current, the other the previous (version 0: none).
    struct StoredEntry {
        Installed[2] installed;
        bytes32 codehash;
        bytes32 name;
        uint40 registeredAt;
    }

    /// @dev The only writer.
    address private immutable _receiver;

    mapping(address proxy => StoredEntry) private _entries;
    mapping(bytes32 name => address proxy) private _proxyByName;

    /// @notice Binds the registry to its deployer, the UpgradeReceiver.
    constructor() {
        _receiver = msg.sender;
    }

    /// @dev SECURITY: the receiver is the one and only writer.
    modifier onlyReceiver() {
        if (msg.sender != _receiver) revert RegistryNotReceiver(msg.sender, _receiver);
        _;
    }

    /// @inheritdoc IDeploymentRegistry
    function register(address proxy, bytes32 name, address implementation, bytes32 codehash)
        external
        onlyReceiver
    {
        StoredEntry storage stored = _entries[proxy];
        if (stored.registeredAt != 0) revert RegistryAlreadyRegistered(proxy);
        address holder = _proxyByName[name];
        if (name == bytes32(0) || holder != address(0)) revert RegistryInvalidName(name, holder);

        // Truncation after 2106 only affects this informational field, never an authorization.
        uint32 now32 = uint32(block.timestamp);
        stored.installed[1] = Installed(implementation, 1, now32);
        // Version 0 ("none"), made non-zero by its time so the first upgrade does not pay for a
        // fresh slot.
        stored.installed[0] = Installed(address(0), 0, now32);
        stored.codehash = codehash;
        stored.name = name;
        stored.registeredAt = uint40(block.timestamp);
        _proxyByName[name] = proxy;
        emit ProxyRegistered(proxy, name, implementation, codehash);
    }

    /// @inheritdoc IDeploymentRegistry
    function record(address proxy, address expectedCurrent, address implementation, bytes32 codehash)
        external
        onlyReceiver
    {
        StoredEntry storage stored = _entries[proxy];
        // GAS: both installed slots are read once here, for the version and the current implementation.
        Installed memory even = stored.installed[0];
        Installed memory odd = stored.installed[1];
        (uint64 current, address running) = even.version > odd.version
            ? (even.version, even.implementation)
            : (odd.version, odd.implementation);
        if (current == 0) revert RegistryUnknownProxy(proxy);
        // SECURITY: the approved upgrade replaces exactly this implementation, or nothing.
        if (running != expectedCurrent) revert RegistryStaleUpgrade(proxy, expectedCurrent, running);
        uint64 version = current + 1;

        // Overwrites version `current - 1`; version `current` stays as the previous one.
        // GAS: one SSTORE of the packed word, where the struct assignment re-read and re-wrote the
        // slot once per member. Same layout as `Installed` (implementation in the low 160 bits, then
        // version, then updatedAt); `test/registry/DeploymentRegistry.packing.t.sol` reads every
        // field back through the plain Solidity getters. `installed` is the entry's first member, so
        // `installed[version % 2]` lives at the entry's slot + version % 2.
        // Truncation of updatedAt after 2106 only affects this informational field.
        uint256 packed = uint256(uint160(implementation)) | (uint256(version) << 160)
            | (uint256(uint32(block.timestamp)) << 224);
        assembly ("memory-safe") {
            sstore(add(stored.slot, and(version, 1)), packed)
        }
        stored.codehash = codehash;
        emit ImplementationRecorded(proxy, version, implementation, codehash);
    }

    /// @inheritdoc IDeploymentRegistry
    function receiver() external view returns (address) {
        return _receiver;
    }

    /// @inheritdoc IDeploymentRegistry
    function entry(address proxy) external view returns (Entry memory result) {
        StoredEntry storage stored = _entries[proxy];
        uint64 version = _currentVersion(stored);
        if (version == 0) return result;
        Installed memory current = stored.installed[version % 2];
        result = Entry({
            name: stored.name,
            implementation: current.implementation,
            version: version,
            updatedAt: current.updatedAt,
            codehash: stored.codehash,
            previousImplementation: stored.installed[(version + 1) % 2].implementation,
            registeredAt: stored.registeredAt
        });
    }

    /// @inheritdoc IDeploymentRegistry
    function proxyByName(bytes32 name) external view returns (address) {
        return _proxyByName[name];
    }

    /// @dev The current version: the higher of the two halves (0 for an unknown proxy).
    function _currentVersion(StoredEntry storage stored) private view returns (uint64) {
        uint64 even = stored.installed[0].version;
        uint64 odd = stored.installed[1].version;
        return even > odd ? even : odd;
    }
}
