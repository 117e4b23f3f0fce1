// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {ProxyAdmin} from "@openzeppelin/contracts/proxy/transparent/ProxyAdmin.sol";
import {
    TransparentUpgradeableProxy
} from "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";

/// @notice Proxy registration, the one-way bootstrap lock, and Transparent proxies through ProxyAdmin.
contract UpgradeReceiverBootstrapTest is ReceiverFixture {
    VaultV1 internal fresh;

    function setUp() public override {
        super.setUp();
        fresh = _newProxy();
    }

    function test_BootstrapperRegistersProxy() external {
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.ProxyRegistered(
            address(fresh), IUpgradeReceiver.ProxyKind.UUPS, address(0), "Fresh"
        );
        vm.expectEmit(address(registry));
        emit IDeploymentRegistry.ProxyRegistered(
            address(fresh), "Fresh", address(v1Impl), address(v1Impl).codehash
        );
        _register(bootstrapper, address(fresh), IUpgradeReceiver.ProxyKind.UUPS, address(0));
        assertTrue(receiver.isRegistered(address(fresh)));
        (IUpgradeReceiver.ProxyKind kind, address admin) = receiver.proxyConfig(address(fresh));
        assertEq(uint8(kind), uint8(IUpgradeReceiver.ProxyKind.UUPS));
        assertEq(admin, address(0));
        assertEq(registry.proxyByName("Fresh"), address(fresh));
        assertEq(registry.entry(address(fresh)).version, 1);
    }

    function test_RevertWhen_RegisterNotByBootstrapper() external {
        address[3] memory others = [alice, guardian, adapterA];
        for (uint256 i; i < others.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotBootstrapper.selector, others[i])
            );
            _register(others[i], address(fresh), IUpgradeReceiver.ProxyKind.UUPS, address(0));
        }
    }

    function test_RevertWhen_RegisterAfterLock() external {
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.BootstrapLocked(bootstrapper);
        vm.prank(bootstrapper);
        receiver.lockBootstrap();
        assertTrue(receiver.bootstrapLocked());
        vm.expectRevert(IUpgradeReceiver.ReceiverBootstrapIsLocked.selector);
        _register(bootstrapper, address(fresh), IUpgradeReceiver.ProxyKind.UUPS, address(0));
    }

    function test_RevertWhen_LockNotByBootstrapper() external {
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotBootstrapper.selector, guardian));
        vm.prank(guardian);
        receiver.lockBootstrap();
    }

    function test_RevertWhen_RegisteringForbiddenProxies() external {
        address[6] memory forbidden =
            [address(receiver), address(registry), adapterA, address(0), makeAddr("no code"), address(vault)];
        vm.etch(adapterA, hex"00");
        for (uint256 i; i < forbidden.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidProxy.selector, forbidden[i])
            );
            _register(bootstrapper, forbidden[i], IUpgradeReceiver.ProxyKind.UUPS, address(0));
        }
    }

    /// @dev Finding 3: an EIP-7702 account (code `0xef0100 ‖ delegate`) is neither a proxy nor an
    /// implementation: its key holder can re-delegate it at any time, after every check passed.
    function test_RevertWhen_RegisteringADelegatedAccount() external {
        address delegated = makeAddr("delegated");
        vm.etch(delegated, abi.encodePacked(hex"ef0100", address(v1Impl)));
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverDelegatedCode.selector, delegated));
        _register(bootstrapper, delegated, IUpgradeReceiver.ProxyKind.UUPS, address(0));

        VaultV1 proxy = _newProxy();
        vm.prank(bootstrapper);
        vm.expectRevert(abi.encodeWithSelector(IUpgradeReceiver.ReceiverDelegatedCode.selector, delegated));
        receiver.registerProxy(
            address(proxy), IUpgradeReceiver.ProxyKind.UUPS, address(0), "Fresh", delegated
        );
    }

    function test_RevertWhen_ProxyAdminDoesNotFitKind() external {
        ProxyAdmin foreignAdmin = new ProxyAdmin(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverInvalidProxyAdmin.selector, IUpgradeReceiver.ProxyKind.UUPS, alice
            )
        );
        _register(bootstrapper, address(fresh), IUpgradeReceiver.ProxyKind.UUPS, alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverInvalidProxyAdmin.selector,
                IUpgradeReceiver.ProxyKind.Transparent,
                address(foreignAdmin)
            )
        );
        _register(bootstrapper, address(fresh), IUpgradeReceiver.ProxyKind.Transparent, address(foreignAdmin));
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverInvalidProxyAdmin.selector,
                IUpgradeReceiver.ProxyKind.None,
                address(0)
            )
        );
        _register(bootstrapper, address(fresh), IUpgradeReceiver.ProxyKind.None, address(0));
    }

    function test_RevertWhen_NameTaken() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDeploymentRegistry.RegistryInvalidName.selector, VAULT_NAME, address(vault)
            )
        );
        vm.prank(bootstrapper);
        receiver.registerProxy(
            address(fresh), IUpgradeReceiver.ProxyKind.UUPS, address(0), VAULT_NAME, address(v1Impl)
        );
    }

    function test_TransparentProxyUpgradesThroughProxyAdmin() external {
        TransparentUpgradeableProxy proxy = new TransparentUpgradeableProxy(
            address(v1Impl), address(receiver), abi.encodeCall(VaultV1.initialize, (address(receiver)))
        );
        address admin = address(uint160(uint256(vm.load(address(proxy), ERC1967Utils.ADMIN_SLOT))));
        _register(bootstrapper, address(proxy), IUpgradeReceiver.ProxyKind.Transparent, admin);

        vault = VaultV1(address(proxy));
        uint40 activation = _activation();
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(activation);
        _confirm(adapterA, encoded);
        vm.warp(activation);
        vm.expectEmit(address(receiver));
        emit IUpgradeReceiver.UpgradeExecuted(
            messageId, address(proxy), address(v2Impl), address(v2Impl).codehash
        );
        receiver.execute(encoded);
        assertEq(_implementationOf(address(proxy)), address(v2Impl));
        assertEq(vault.version(), 2);
        assertEq(registry.entry(address(proxy)).previousImplementation, address(v1Impl));
    }

    function _newProxy() private returns (VaultV1) {
        return VaultV1(
            address(
                new ERC1967Proxy(address(v1Impl), abi.encodeCall(VaultV1.initialize, (address(receiver))))
            )
        );
    }

    function _register(address caller, address proxy, IUpgradeReceiver.ProxyKind kind, address admin)
        private
    {
        vm.prank(caller);
        receiver.registerProxy(proxy, kind, admin, "Fresh", address(v1Impl));
    }
}
