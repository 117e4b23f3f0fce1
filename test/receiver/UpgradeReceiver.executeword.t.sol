// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {ReceiverFixture} from "../utils/ReceiverFixture.sol";

/// @notice `execute` reads the message slot and the proxy record as raw words (one SLOAD each) and
/// writes the status byte back itself. These fuzz tests prove that word handling equivalent to the
/// plain Solidity struct code: the layout it assumes is the one the plain getters (`messageState`,
/// `proxyConfig`) decode, and for any stored state and time `execute` reverts or proceeds exactly
/// as the plain checks say, changing only the status.
contract UpgradeReceiverExecuteWordTest is ReceiverFixture {
    /// @dev Storage slots of `_messages` and `_proxies` (`forge inspect UpgradeReceiver storageLayout`).
    uint256 private constant _MESSAGES_SLOT = 0;
    uint256 private constant _PROXIES_SLOT = 1;

    /// forge-config: default.fuzz.runs = 512
    function testFuzz_MessageWordMatchesPlainSemantics(
        uint8 statusSeed,
        uint8 confirmations,
        uint40 executableAt,
        uint40 expiresAt,
        uint40 timestamp
    ) external {
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(_activation());
        IUpgradeReceiver.MessageStatus status = IUpgradeReceiver.MessageStatus(statusSeed % 5);
        uint256 word = uint256(uint8(status)) | (uint256(confirmations) << 8) | (uint256(executableAt) << 16)
            | (uint256(expiresAt) << 56);
        bytes32 slot = keccak256(abi.encode(messageId, _MESSAGES_SLOT));
        vm.store(address(receiver), slot, bytes32(word));
        _assertState(messageId, status, confirmations, executableAt, expiresAt);

        vm.warp(timestamp);
        if (status != IUpgradeReceiver.MessageStatus.Queued) {
            vm.expectRevert(
                abi.encodeWithSelector(IUpgradeReceiver.ReceiverNotQueued.selector, messageId, status)
            );
        } else if (timestamp < executableAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverNotYetActive.selector, messageId, executableAt, timestamp
                )
            );
        } else if (timestamp >= expiresAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverExpired.selector, messageId, expiresAt, timestamp
                )
            );
        }
        receiver.execute(encoded);

        bool ran = status == IUpgradeReceiver.MessageStatus.Queued && timestamp >= executableAt
            && timestamp < expiresAt;
        if (ran) {
            // Only the status byte changed.
            assertEq(uint256(vm.load(address(receiver), slot)), (word & ~uint256(0xff)) | 3, "raw word");
            _assertState(
                messageId, IUpgradeReceiver.MessageStatus.Executed, confirmations, executableAt, expiresAt
            );
            assertEq(_implementationOf(address(vault)), address(v2Impl), "upgraded");
        } else {
            assertEq(uint256(vm.load(address(receiver), slot)), word, "unchanged");
            assertEq(_implementationOf(address(vault)), address(v1Impl), "not upgraded");
        }
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_ProxyRecordWordMatchesProxyConfig(address proxy, uint8 kindSeed, address admin)
        external
    {
        IUpgradeReceiver.ProxyKind kind = IUpgradeReceiver.ProxyKind(kindSeed % 3);
        uint256 word = uint256(uint8(kind)) | (uint256(uint160(admin)) << 8);
        vm.store(address(receiver), keccak256(abi.encode(proxy, _PROXIES_SLOT)), bytes32(word));
        (IUpgradeReceiver.ProxyKind gotKind, address gotAdmin) = receiver.proxyConfig(proxy);
        assertEq(uint8(gotKind), uint8(kind), "kind in bits 0-7");
        assertEq(gotAdmin, admin, "admin in bits 8-167");
    }

    function test_RevertWhen_ProxyRecordWordSaysUnregistered() external {
        (bytes memory encoded, bytes32 messageId) = _upgradeToV2(_activation());
        _confirm(adapterA, encoded);
        vm.store(address(receiver), keccak256(abi.encode(address(vault), _PROXIES_SLOT)), bytes32(0));
        vm.warp(_activation());
        vm.expectRevert(
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverProxyNotRegistered.selector, address(vault))
        );
        receiver.execute(encoded);
        assertEq(uint8(_status(messageId)), uint8(IUpgradeReceiver.MessageStatus.Queued));
    }

    function _assertState(
        bytes32 messageId,
        IUpgradeReceiver.MessageStatus status,
        uint8 confirmations,
        uint40 executableAt,
        uint40 expiresAt
    ) private view {
        (
            IUpgradeReceiver.MessageStatus gotStatus,
            uint256 gotCount,
            uint40 gotExecutableAt,
            uint40 gotExpiresAt
        ) = receiver.messageState(messageId);
        assertEq(uint8(gotStatus), uint8(status), "status in bits 0-7");
        uint256 count;
        for (uint256 bits = confirmations; bits != 0; bits >>= 1) {
            count += bits & 1;
        }
        assertEq(gotCount, count, "confirmations in bits 8-15");
        assertEq(gotExecutableAt, executableAt, "executableAt in bits 16-55");
        assertEq(gotExpiresAt, expiresAt, "expiresAt in bits 56-95");
    }
}
