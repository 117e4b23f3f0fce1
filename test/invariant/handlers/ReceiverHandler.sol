// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV3Malicious} from "../../../contracts/example/VaultV3Malicious.sol";
import {IUpgradeReceiver} from "../../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../../contracts/receiver/UpgradeReceiver.sol";
import {ReceiverMessages} from "../../utils/ReceiverMessages.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Drives one receiver with bounded random deliveries, warps, executions and cancels.
/// Upgrades only ever approve V1's or V2's codehash, sometimes pointing at the wrong code
/// (malicious V3) so the codehash check is exercised. Ghosts count executions per message and
/// any execution outside its window.
contract ReceiverHandler is CommonBase, StdUtils {
    uint256 internal constant MAX_MESSAGES = 32;

    UpgradeReceiver internal immutable _receiver;
    address internal immutable _adapter;
    address internal immutable _guardian;
    address internal immutable _hub;
    address internal immutable _proxy;
    address[3] internal _impls;
    bytes32[2] internal _approved;
    uint64 internal _nonce;

    bytes[] internal _messages;
    bytes32[] public messageIds;
    mapping(bytes32 messageId => uint256) public executions;
    uint256 public windowViolations;
    uint256 public successfulExecutions;

    constructor(
        UpgradeReceiver receiver_,
        address adapter,
        address guardian,
        address hub,
        address proxy,
        address v1Impl,
        address v2Impl
    ) {
        _receiver = receiver_;
        _adapter = adapter;
        _guardian = guardian;
        _hub = hub;
        _proxy = proxy;
        _impls = [v1Impl, v2Impl, address(new VaultV3Malicious())];
        _approved = [v1Impl.codehash, v2Impl.codehash];
    }

    /// @notice The hub sends and the adapter confirms an upgrade activating `delay` seconds from now.
    function deliver(uint256 implSeed, uint256 hashSeed, uint256 delay) external {
        if (_messages.length >= MAX_MESSAGES) return;
        ReceiverMessages.Route memory route =
            ReceiverMessages.Route(++_nonce, 1, uint64(block.chainid), _hub, address(_receiver));
        bytes memory payload = ReceiverMessages.upgrade(
            bytes32(uint256(_nonce)),
            uint40(block.timestamp + bound(delay, 0, 10 days)),
            ReceiverMessages.action(
                _proxy,
                _receiver.registry().entry(_proxy).implementation,
                _impls[implSeed % 3],
                _approved[hashSeed % 2],
                ""
            )
        );
        (bytes memory encoded, bytes32 messageId) = ReceiverMessages.encode(route, payload);
        vm.prank(_adapter);
        try _receiver.confirmMessage(encoded) {
            _messages.push(encoded);
            messageIds.push(messageId);
        } catch {}
    }

    /// @notice Time passes.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 5 days));
    }

    /// @notice Anyone tries to execute a delivered message.
    function execute(uint256 seed) external {
        if (_messages.length == 0) return;
        uint256 index = seed % _messages.length;
        (,, uint40 executableAt, uint40 expiresAt) = _receiver.messageState(messageIds[index]);
        try _receiver.execute(_messages[index]) {
            ++executions[messageIds[index]];
            ++successfulExecutions;
            if (block.timestamp < executableAt || block.timestamp >= expiresAt) ++windowViolations;
        } catch {}
    }

    /// @notice The guardian cancels a delivered message.
    function cancel(uint256 seed) external {
        if (_messages.length == 0) return;
        vm.prank(_guardian);
        try _receiver.cancel(messageIds[seed % _messages.length]) {} catch {}
    }

    /// @notice How many messages were delivered.
    function messageCount() external view returns (uint256) {
        return messageIds.length;
    }

    /// @notice Whether `codehash` is one the hub approved.
    function isApproved(bytes32 codehash) external view returns (bool) {
        return codehash == _approved[0] || codehash == _approved[1];
    }
}
