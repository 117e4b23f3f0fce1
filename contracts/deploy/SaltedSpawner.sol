// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title SaltedSpawner
/// @notice A one-use helper of LockstepFactory: deployed by the factory with CREATE2 (its address
/// depends only on the factory and a salt), it deploys one contract with CREATE as its first and
/// only creation, so that contract's address depends only on the factory and the salt too, never
/// on its init code. That breaks the address cycles between contracts that must know each other
/// (receiver ↔ adapters, council ↔ timelock ↔ hub) without any setter.
/// @dev Trust model: only the factory that created it may spawn, and only once (its nonce would
/// move the address anyway).
contract SaltedSpawner {
    address private immutable _FACTORY;

    /// @dev The caller is not the factory that created this spawner.
    error SpawnerNotFactory(address caller);
    /// @dev The init code reverted or was empty.
    error SpawnerCreateFailed();

    constructor() {
        _FACTORY = msg.sender;
    }

    /// @notice Deploys `initCode` with CREATE. Only the factory.
    /// @return deployed the new contract (the spawner's first and only creation)
    function spawn(bytes calldata initCode) external returns (address deployed) {
        if (msg.sender != _FACTORY) revert SpawnerNotFactory(msg.sender);
        bytes memory code = initCode;
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        if (deployed == address(0)) revert SpawnerCreateFailed();
    }
}
