// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDeploymentRegistry
/// @notice The on-chain record of every proxy the chain's UpgradeReceiver manages: its name,
/// current implementation, version, approved codehash and previous implementation. Only the
/// receiver writes; the events are the full history.
interface IDeploymentRegistry {
    /// @notice What the registry knows about one proxy.
    /// @param name the proxy's name, unique in this registry (e.g. "Vault")
    /// @param implementation the current implementation
    /// @param version 1 at registration, +1 per recorded upgrade
    /// @param updatedAt when the entry last changed (seconds; uint32, good until the year 2106)
    /// @param codehash the `extcodehash` of `implementation` when it was recorded
    /// @param previousImplementation the implementation before the last upgrade (zero if none)
    /// @param registeredAt when the proxy was registered
    struct Entry {
        bytes32 name;
        address implementation;
        uint64 version;
        uint32 updatedAt;
        bytes32 codehash;
        address previousImplementation;
        uint40 registeredAt;
    }

    /// @notice Emitted when the receiver registers a proxy (version 1).
    event ProxyRegistered(
        address indexed proxy, bytes32 indexed name, address implementation, bytes32 codehash
    );

    /// @notice Emitted for every implementation the receiver installs on a proxy.
    /// @dev Carries no name: a proxy's name is fixed at registration ({ProxyRegistered} binds the two,
    /// `entry(proxy).name` returns it), so repeating it here only cost a cold storage read per upgrade.
    event ImplementationRecorded(
        address indexed proxy, uint64 version, address implementation, bytes32 codehash
    );

    /// @dev Only the receiver that deployed this registry may write.
    error RegistryNotReceiver(address caller, address receiver);
    /// @dev The proxy already has an entry.
    error RegistryAlreadyRegistered(address proxy);
    /// @dev Another proxy already uses this name (or the name is zero).
    error RegistryInvalidName(bytes32 name, address holder);
    /// @dev The proxy has no entry.
    error RegistryUnknownProxy(address proxy);
    /// @dev The upgrade names another implementation to replace than the one the proxy runs: it
    /// was superseded, or the proxy was upgraded since it was approved.
    error RegistryStaleUpgrade(address proxy, address expected, address current);

    /// @notice Creates the entry of a newly registered proxy at version 1. Only the receiver.
    /// @dev Emits {ProxyRegistered}.
    function register(address proxy, bytes32 name, address implementation, bytes32 codehash) external;

    /// @notice Records an upgrade: the version goes up by one and the old implementation becomes
    /// the previous one. Only the receiver, right before the upgrade runs (in the same call).
    /// @dev Reverts with {RegistryStaleUpgrade} unless the current implementation is `expectedCurrent`.
    /// Emits {ImplementationRecorded}.
    function record(address proxy, address expectedCurrent, address implementation, bytes32 codehash) external;

    /// @notice The only writer: the UpgradeReceiver that deployed this registry.
    function receiver() external view returns (address);

    /// @notice The entry of `proxy` (all zero if unknown).
    function entry(address proxy) external view returns (Entry memory);

    /// @notice The proxy registered under `name` (zero if none).
    function proxyByName(bytes32 name) external view returns (address);
}
