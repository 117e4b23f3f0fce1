// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SaltedSpawner} from "./SaltedSpawner.sol";

/// @title LockstepFactory
/// @notice Deploys Lockstep at the same addresses on every chain. The factory itself is deployed
/// with CREATE2 (same init code and owner everywhere, so the same address); each contract it
/// deploys gets an address that depends only on the factory and a salt, so contracts that must
/// reference each other can be given each other's addresses in their constructors.
/// @dev Trust model: only the owner (the deployer key) may deploy, so nobody can occupy a
/// predicted address first. A salt is usable once. The factory holds no funds and no roles.
contract LockstepFactory {
    address private immutable _OWNER;

    /// @notice Emitted after each deployment.
    event Deployed(bytes32 indexed salt, address indexed deployed);

    /// @dev The caller is not the owner.
    error FactoryNotOwner(address caller);
    /// @dev The salt was used before.
    error FactorySaltUsed(bytes32 salt);

    /// @param owner_ the only account allowed to deploy through this factory
    constructor(address owner_) {
        _OWNER = owner_;
    }

    /// @notice Deploys `initCode` at `predict(salt)`. Only the owner; each salt once.
    /// @dev Emits `Deployed`.
    function deploy(bytes32 salt, bytes calldata initCode) external returns (address deployed) {
        if (msg.sender != _OWNER) revert FactoryNotOwner(msg.sender);
        if (_spawner(salt).code.length != 0) revert FactorySaltUsed(salt);
        SaltedSpawner spawner = new SaltedSpawner{salt: salt}();
        deployed = spawner.spawn(initCode);
        emit Deployed(salt, deployed);
    }

    /// @notice The address `deploy(salt, …)` deploys to, whatever the init code.
    function predict(bytes32 salt) public view returns (address) {
        // The spawner's first CREATE (nonce 1): rlp([spawner, 0x01]).
        return address(uint160(uint256(keccak256(abi.encodePacked(hex"d694", _spawner(salt), hex"01")))));
    }

    /// @notice The deployer key allowed to use this factory.
    function owner() external view returns (address) {
        return _OWNER;
    }

    function _spawner(bytes32 salt) private view returns (address) {
        bytes32 codeHash = keccak256(type(SaltedSpawner).creationCode);
        return
            address(
                uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, codeHash))))
            );
    }
}
