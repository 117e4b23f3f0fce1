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
/// receiver keeps its own list of registered proxies. The upgrade path writes three slots that
/// registration already made non-zero (current+version+time, codehash, previous+registeredAt),
/// so a recorded upgrade never pays for a fresh slot.
contract DeploymentRegistry is IDeploymentRegistry {
    /// @dev Storage layout of an entry. Slot 0: implementation, version, updatedAt (160+64+32).
    /// Slot 1: codehash. Slot 2: previousImplementation, registeredAt. Slot 3: name.
    struct StoredEntry {
        address implementation;
        uint64 version;
        uint32 updatedAt;
        bytes32 codehash;
        address previousImplementation;
        uint40 registeredAt;
        bytes32 name;
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

        stored.implementation = implementation;
        stored.version = 1;
        // Truncation after 2106 only affects this informational field, never an authorization.
        stored.updatedAt = uint32(block.timestamp);
        stored.codehash = codehash;
        // registeredAt keeps slot 2 non-zero, so the first recorded upgrade does not pay for a new slot.
        stored.registeredAt = uint40(block.timestamp);
        stored.name = name;
        _proxyByName[name] = proxy;
        emit ProxyRegistered(proxy, name, implementation, codehash);
    }

    /// @inheritdoc IDeploymentRegistry
    function record(address proxy, address implementation, bytes32 codehash) external onlyReceiver {
        StoredEntry storage stored = _entries[proxy];
        address current = stored.implementation;
        if (current == address(0)) revert RegistryUnknownProxy(proxy);
        uint64 version = stored.version + 1;

        stored.implementation = implementation;
        stored.version = version;
        stored.updatedAt = uint32(block.timestamp);
        stored.codehash = codehash;
        stored.previousImplementation = current;
        emit ImplementationRecorded(proxy, stored.name, version, implementation, codehash);
    }

    /// @inheritdoc IDeploymentRegistry
    function receiver() external view returns (address) {
        return _receiver;
    }

    /// @inheritdoc IDeploymentRegistry
    function entry(address proxy) external view returns (Entry memory result) {
        StoredEntry storage stored = _entries[proxy];
        result = Entry({
            name: stored.name,
            implementation: stored.implementation,
            version: stored.version,
            updatedAt: stored.updatedAt,
            codehash: stored.codehash,
            previousImplementation: stored.previousImplementation,
            registeredAt: stored.registeredAt
        });
    }

    /// @inheritdoc IDeploymentRegistry
    function proxyByName(bytes32 name) external view returns (address) {
        return _proxyByName[name];
    }
}
