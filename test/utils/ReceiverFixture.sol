// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {ReceiverMessages} from "./ReceiverMessages.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Test} from "forge-std/Test.sol";

/// @notice A receiver on the local chain (hub chain 1), two adapters (plain pranked addresses),
/// one required, and a VaultV1 UUPS proxy it owns and has registered.
abstract contract ReceiverFixture is Test {
    uint64 internal constant HUB_CHAIN_ID = 1;
    uint32 internal constant MIN_DELAY = 1 days;
    uint32 internal constant GRACE_PERIOD = 7 days;
    bytes32 internal constant VAULT_NAME = "Vault";
    bytes32 internal constant PROPOSAL_ID = keccak256("proposal-1");

    address internal hub = makeAddr("hub");
    address internal adapterA = makeAddr("adapterA");
    address internal adapterB = makeAddr("adapterB");
    address internal guardian = makeAddr("guardian");
    address internal bootstrapper = makeAddr("bootstrapper");
    address internal alice = makeAddr("alice");

    UpgradeReceiver internal receiver;
    IDeploymentRegistry internal registry;
    VaultV1 internal v1Impl;
    VaultV2 internal v2Impl;
    VaultV1 internal vault;
    uint64 internal nextNonce = 1;

    function setUp() public virtual {
        receiver = _deployReceiver(1);
        registry = receiver.registry();
        v1Impl = new VaultV1();
        v2Impl = new VaultV2();
        vault = _deployVault(receiver);
    }

    function _config(uint8 required) internal view returns (IUpgradeReceiver.Config memory config) {
        address[] memory list = new address[](2);
        list[0] = adapterA;
        list[1] = adapterB;
        config = IUpgradeReceiver.Config({
            hubChainId: HUB_CHAIN_ID,
            hub: hub,
            minDelay: MIN_DELAY,
            gracePeriod: GRACE_PERIOD,
            requiredConfirmations: required,
            adapters: list,
            fallbackAdapters: new address[](0),
            fallbackDelay: 0,
            guardian: guardian,
            bootstrapper: bootstrapper
        });
    }

    function _deployReceiver(uint8 required) internal returns (UpgradeReceiver) {
        return new UpgradeReceiver(_config(required));
    }

    /// @dev A VaultV1 proxy owned by `target`, registered as UUPS "Vault".
    function _deployVault(UpgradeReceiver target) internal returns (VaultV1 proxy) {
        proxy = VaultV1(
            address(new ERC1967Proxy(address(v1Impl), abi.encodeCall(VaultV1.initialize, (address(target)))))
        );
        vm.prank(bootstrapper);
        target.registerProxy(
            address(proxy), IUpgradeReceiver.ProxyKind.UUPS, address(0), VAULT_NAME, address(v1Impl)
        );
    }

    function _route() internal returns (ReceiverMessages.Route memory) {
        return ReceiverMessages.Route({
            nonce: nextNonce++,
            srcChainId: HUB_CHAIN_ID,
            dstChainId: uint64(block.chainid),
            sender: hub,
            receiver: address(receiver)
        });
    }

    /// @dev A pause (`pause`) or unpause of the vault carrying hub nonce `nonce`, issued now.
    function _emergencyWithNonce(bool pause, uint64 nonce)
        internal
        view
        returns (bytes memory encoded, bytes32 messageId)
    {
        return _emergencyAt(pause, nonce, uint40(block.timestamp), address(vault));
    }

    /// @dev A pause (`pause`) or unpause of `target` carrying hub nonce `nonce` and hub time `issuedAt`.
    function _emergencyAt(bool pause, uint64 nonce, uint40 issuedAt, address target)
        internal
        view
        returns (bytes memory encoded, bytes32 messageId)
    {
        ReceiverMessages.Route memory route = ReceiverMessages.Route({
            nonce: nonce,
            srcChainId: HUB_CHAIN_ID,
            dstChainId: uint64(block.chainid),
            sender: hub,
            receiver: address(receiver)
        });
        return ReceiverMessages.encode(
            route, ReceiverMessages.emergencyAt(pause, keccak256(abi.encode(nonce)), target, issuedAt)
        );
    }

    /// @dev An upgrade of the vault to V2 (approved codehash = V2's) activating at `activationTime`.
    function _upgradeToV2(uint40 activationTime) internal returns (bytes memory encoded, bytes32 messageId) {
        return _upgradeMessage(activationTime, address(v2Impl), address(v2Impl).codehash, "");
    }

    function _upgradeMessage(
        uint40 activationTime,
        address implementation,
        bytes32 codehash,
        bytes memory data
    ) internal returns (bytes memory encoded, bytes32 messageId) {
        UpgradePayload.UpgradeAction[] memory actions = ReceiverMessages.action(
            address(vault), _running(), implementation, codehash, data
        );
        return
            ReceiverMessages.encode(_route(), ReceiverMessages.upgrade(PROPOSAL_ID, activationTime, actions));
    }

    /// @dev The vault's implementation as the registry records it (what an action replaces).
    function _running() internal view returns (address) {
        return registry.entry(address(vault)).implementation;
    }

    function _confirm(address adapter, bytes memory encoded) internal {
        vm.prank(adapter);
        receiver.confirmMessage(encoded);
    }

    /// @dev The activation time the hub would pick: now + minDelay (+ a margin).
    function _activation() internal view returns (uint40) {
        return uint40(block.timestamp + MIN_DELAY + 1 hours);
    }

    function _implementationOf(address proxy) internal view returns (address) {
        return address(uint160(uint256(vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }

    function _status(bytes32 messageId) internal view returns (IUpgradeReceiver.MessageStatus status) {
        (status,,,) = receiver.messageState(messageId);
    }
}
