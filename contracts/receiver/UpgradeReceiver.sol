// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeploymentRegistry} from "../interfaces/IDeploymentRegistry.sol";
import {IPausableTarget} from "../interfaces/IPausableTarget.sol";
import {IUpgradeReceiver} from "../interfaces/IUpgradeReceiver.sol";
import {DeploymentRegistry} from "../registry/DeploymentRegistry.sol";
import {ReceiverCalldata} from "./ReceiverCalldata.sol";
import {UpgradePayload} from "./UpgradePayload.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ProxyAdmin} from "@openzeppelin/contracts/proxy/transparent/ProxyAdmin.sol";
import {
    ITransparentUpgradeableProxy
} from "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @title UpgradeReceiver
/// @notice Each chain's end of Lockstep: confirms hub messages through k-of-n adapters, queues
/// upgrades until the shared activation time, upgrades registered proxies to the approved code,
/// applies emergency pauses at once, and lets the chain's guardian cancel.
/// @dev Trust model.
/// - Adapters (immutable, at most 8) each vouch for a message; `requiredConfirmations` of them
///   must agree. An adapter's word is necessary, never sufficient: origin (hub chain id and hub
///   address), destination (`block.chainid`, this contract) and replay are re-checked here.
/// - The guardian can only cancel (a veto, never an action). The bootstrapper can only register
///   proxies, and only until it locks the bootstrap; registering through a governance message is
///   future work. Anyone may execute a queued upgrade inside its window.
/// - Upgrades touch registered proxies only (never this receiver, its registry, an adapter or
///   any other address: the Poly Network lesson), and only to an implementation whose
///   `extcodehash` equals the approved one (Qubit: no code; Tornado: changed code).
/// - Every message lives in one storage slot (status, confirmation bitmap, executable-at,
///   expires-at); the queue path writes nothing else and reads no other storage.
/// - Messages are read in place from calldata (`ReceiverCalldata`), which accepts only the
///   canonical `abi.encode` layout and computes the same id as `MessageCodec.id`.
/// - Pause and unpause apply in hub order: a message with a lower hub nonce than the last
///   emergency applied is refused, so a late unpause can never undo a newer pause.
/// - Configuration is immutable, and equal on every chain, so CREATE2 yields one address; the
///   registry is this contract's first CREATE, hence also at one address everywhere.
contract UpgradeReceiver is IUpgradeReceiver {
    /// @notice Most adapters a receiver trusts (the confirmation bitmap is a uint8).
    uint256 public constant MAX_ADAPTERS = 8;
    /// @notice Most upgrade actions or emergency targets in one message.
    uint256 public constant MAX_ACTIONS_PER_CHAIN = 16;

    /// @dev `extcodehash` of an account that exists but has no code.
    bytes32 private constant EMPTY_CODEHASH = keccak256("");

    /// @dev One message, one slot: 8 + 8 + 40 + 40 bits.
    struct MessageState {
        MessageStatus status;
        uint8 confirmations;
        uint40 executableAt;
        uint40 expiresAt;
    }

    /// @dev One registered proxy, one slot.
    struct ProxyRecord {
        ProxyKind kind;
        address admin;
    }

    uint64 private immutable _hubChainId;
    address private immutable _hub;
    uint32 private immutable _minDelay;
    uint32 private immutable _gracePeriod;
    uint8 private immutable _requiredConfirmations;
    uint8 private immutable _adapterCount;
    // Adapters are immutables so that checking the caller costs no storage read.
    address private immutable _adapter0;
    address private immutable _adapter1;
    address private immutable _adapter2;
    address private immutable _adapter3;
    address private immutable _adapter4;
    address private immutable _adapter5;
    address private immutable _adapter6;
    address private immutable _adapter7;
    address private immutable _guardian;
    address private immutable _bootstrapper;
    IDeploymentRegistry private immutable _registry;

    mapping(bytes32 messageId => MessageState) private _messages;
    mapping(address proxy => ProxyRecord) private _proxies;
    bool private _bootstrapLocked;
    /// @dev Shares the slot of `_bootstrapLocked` (set before proxies exist to pause), so the first
    /// emergency rewrites a non-zero slot. Written by the emergency path only.
    uint64 private _lastEmergencyNonce;

    /// @notice Fixes the configuration for good and deploys this receiver's DeploymentRegistry.
    constructor(Config memory config) {
        if (config.hubChainId == 0 || config.hub == address(0)) {
            revert ReceiverInvalidHub(config.hubChainId, config.hub);
        }
        uint256 count = config.adapters.length;
        if (count == 0 || count > MAX_ADAPTERS) revert ReceiverInvalidAdapterCount(count, MAX_ADAPTERS);
        for (uint256 i; i < count; ++i) {
            address adapter = config.adapters[i];
            if (adapter == address(0)) revert ReceiverInvalidAdapter(adapter);
            for (uint256 j; j < i; ++j) {
                if (config.adapters[j] == adapter) revert ReceiverInvalidAdapter(adapter);
            }
        }
        if (config.requiredConfirmations == 0 || config.requiredConfirmations > count) {
            revert ReceiverInvalidThreshold(config.requiredConfirmations, count);
        }
        if (config.gracePeriod == 0) revert ReceiverInvalidGracePeriod(config.gracePeriod);
        if (config.guardian == address(0) || config.bootstrapper == address(0)) {
            revert ReceiverInvalidRole(config.guardian, config.bootstrapper);
        }

        _hubChainId = config.hubChainId;
        _hub = config.hub;
        _minDelay = config.minDelay;
        _gracePeriod = config.gracePeriod;
        _requiredConfirmations = config.requiredConfirmations;
        _adapterCount = uint8(count);
        _adapter0 = _adapterAt(config.adapters, 0);
        _adapter1 = _adapterAt(config.adapters, 1);
        _adapter2 = _adapterAt(config.adapters, 2);
        _adapter3 = _adapterAt(config.adapters, 3);
        _adapter4 = _adapterAt(config.adapters, 4);
        _adapter5 = _adapterAt(config.adapters, 5);
        _adapter6 = _adapterAt(config.adapters, 6);
        _adapter7 = _adapterAt(config.adapters, 7);
        _guardian = config.guardian;
        _bootstrapper = config.bootstrapper;
        // The registry's only writer is its deployer: this receiver.
        _registry = new DeploymentRegistry();
    }

    // ───────────────────────────── messages ─────────────────────────────

    /// @notice Counts the calling adapter's confirmation of a hub message; at quorum, queues an
    /// upgrade or applies a pause/unpause. Only a configured adapter.
    /// @dev Order: adapter → decode → origin and destination → replay → confirm → act.
    /// Emits {MessageConfirmed} below quorum; the confirmation that reaches quorum emits
    /// {UpgradeQueued} (and {ActivationDelayed} when late) or {EmergencyExecuted} instead.
    function confirmMessage(bytes calldata encodedMessage) external {
        uint8 bit = _adapterBit(msg.sender);
        if (bit == 0) revert ReceiverNotAdapter(msg.sender);

        // Read in place, no copy to memory: ReceiverCalldata accepts only the canonical layout
        // and its id equals MessageCodec.id, the id the adapter verified.
        (bytes32 messageId, bytes calldata payload) = ReceiverCalldata.messageId(encodedMessage);
        uint64 nonce = _checkRoute(encodedMessage);

        MessageState memory state = _messages[messageId];
        // SECURITY: a message is acted on at most once; queued, executed and cancelled are final here.
        if (state.status > MessageStatus.Pending) revert ReceiverMessageConsumed(messageId, state.status);
        if (state.confirmations & bit != 0) revert ReceiverAlreadyConfirmed(messageId, msg.sender);
        uint8 confirmations = state.confirmations | bit;
        uint256 count = _popcount(confirmations);

        if (count < _requiredConfirmations) {
            _messages[messageId] = MessageState(MessageStatus.Pending, confirmations, 0, 0);
            emit MessageConfirmed(messageId, msg.sender, count);
            return;
        }
        (uint8 kind, bytes calldata body) = ReceiverCalldata.kindOf(payload);
        if (kind == UpgradePayload.KIND_UPGRADE) {
            _queueUpgrade(messageId, confirmations, body);
        } else {
            _applyEmergency(messageId, nonce, confirmations, kind == UpgradePayload.KIND_PAUSE, body);
        }
    }

    /// @inheritdoc IUpgradeReceiver
    function execute(bytes calldata encodedMessage) external {
        // GAS: id and actions are read from calldata, and the route is not re-checked. Safe: the
        // id commits to every field (payload by hash), and only a message that passed every route
        // and payload check on this chain is ever Queued, so these bytes are exactly those checked.
        (bytes32 messageId, bytes calldata payload) = ReceiverCalldata.messageId(encodedMessage);

        MessageState storage stored = _messages[messageId];
        // GAS: the slot is read once and written once, as a raw word (the struct accessors read it
        // three times). `MessageState` packs status in bits 0-7, confirmations 8-15, executableAt
        // 16-55 and expiresAt 56-95; `UpgradeReceiver.executeword.t.sol` fuzzes this against the
        // plain getter `messageState` and the plain Solidity semantics.
        uint256 word;
        assembly ("memory-safe") {
            word := sload(stored.slot)
        }
        // Every stored status is a valid MessageStatus (the conversion would panic otherwise).
        MessageStatus status = MessageStatus(uint8(word));
        uint40 executableAt = uint40(word >> 16);
        uint40 expiresAt = uint40(word >> 56);
        // Only upgrades are ever Queued, and only after every route check passed on this chain.
        if (status != MessageStatus.Queued) revert ReceiverNotQueued(messageId, status);
        if (block.timestamp < executableAt) {
            revert ReceiverNotYetActive(messageId, executableAt, block.timestamp);
        }
        if (block.timestamp >= expiresAt) revert ReceiverExpired(messageId, expiresAt, block.timestamp);
        // SECURITY: marked executed before any external call (checks-effects-interactions). Only
        // the status byte changes; confirmations and the window are kept.
        word = (word & ~uint256(0xff)) | uint256(uint8(MessageStatus.Executed));
        assembly ("memory-safe") {
            sstore(stored.slot, word)
        }

        (, bytes calldata body) = ReceiverCalldata.kindOf(payload);
        (,, uint256 count) = ReceiverCalldata.upgradeHeader(body);
        // Bounded: the queue path refused more than MAX_ACTIONS_PER_CHAIN actions.
        for (uint256 i; i < count; ++i) {
            _upgrade(messageId, body, i);
        }
    }

    /// @inheritdoc IUpgradeReceiver
    function cancel(bytes32 messageId) external {
        if (msg.sender != _guardian) revert ReceiverNotGuardian(msg.sender);
        MessageState storage state = _messages[messageId];
        MessageStatus status = state.status;
        if (status != MessageStatus.Pending && status != MessageStatus.Queued) {
            revert ReceiverNotCancellable(messageId, status);
        }
        state.status = MessageStatus.Cancelled;
        emit MessageCancelled(messageId, msg.sender);
    }

    // ───────────────────────────── bootstrap ─────────────────────────────

    /// @inheritdoc IUpgradeReceiver
    function registerProxy(
        address proxy,
        ProxyKind kind,
        address proxyAdmin,
        bytes32 name,
        address implementation
    ) external {
        _checkBootstrapper();
        if (_bootstrapLocked) revert ReceiverBootstrapIsLocked();
        // SECURITY: never a Lockstep contract or role, never twice (Poly Network lesson).
        if (
            proxy.code.length == 0 || _isLockstep(proxy) || _proxies[proxy].kind != ProxyKind.None
                || proxy == proxyAdmin
        ) revert ReceiverInvalidProxy(proxy);
        _checkProxyAdmin(kind, proxyAdmin);
        if (implementation.code.length == 0) revert ReceiverInvalidImplementation(implementation);

        _proxies[proxy] = ProxyRecord(kind, proxyAdmin);
        emit ProxyRegistered(proxy, kind, proxyAdmin, name);
        _registry.register(proxy, name, implementation, implementation.codehash);
    }

    /// @inheritdoc IUpgradeReceiver
    function lockBootstrap() external {
        _checkBootstrapper();
        _bootstrapLocked = true;
        emit BootstrapLocked(msg.sender);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IUpgradeReceiver
    function messageState(bytes32 messageId)
        external
        view
        returns (MessageStatus status, uint256 confirmations, uint40 executableAt, uint40 expiresAt)
    {
        MessageState memory state = _messages[messageId];
        return (state.status, _popcount(state.confirmations), state.executableAt, state.expiresAt);
    }

    /// @inheritdoc IUpgradeReceiver
    function isRegistered(address proxy) external view returns (bool) {
        return _proxies[proxy].kind != ProxyKind.None;
    }

    /// @inheritdoc IUpgradeReceiver
    function proxyConfig(address proxy) external view returns (ProxyKind kind, address proxyAdmin) {
        ProxyRecord memory record = _proxies[proxy];
        return (record.kind, record.admin);
    }

    /// @inheritdoc IUpgradeReceiver
    function hub() external view returns (uint64 chainId, address sender) {
        return (_hubChainId, _hub);
    }

    /// @inheritdoc IUpgradeReceiver
    function delays() external view returns (uint32 minDelay, uint32 gracePeriod) {
        return (_minDelay, _gracePeriod);
    }

    /// @inheritdoc IUpgradeReceiver
    function adapters() external view returns (address[] memory list, uint256 requiredConfirmations) {
        address[MAX_ADAPTERS] memory all =
            [_adapter0, _adapter1, _adapter2, _adapter3, _adapter4, _adapter5, _adapter6, _adapter7];
        list = new address[](_adapterCount);
        for (uint256 i; i < list.length; ++i) {
            list[i] = all[i];
        }
        return (list, _requiredConfirmations);
    }

    /// @inheritdoc IUpgradeReceiver
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc IUpgradeReceiver
    function bootstrapper() external view returns (address) {
        return _bootstrapper;
    }

    /// @inheritdoc IUpgradeReceiver
    function bootstrapLocked() external view returns (bool) {
        return _bootstrapLocked;
    }

    /// @inheritdoc IUpgradeReceiver
    function lastEmergencyNonce() external view returns (uint64) {
        return _lastEmergencyNonce;
    }

    /// @inheritdoc IUpgradeReceiver
    function registry() external view returns (IDeploymentRegistry) {
        return _registry;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Origin must be the hub on the hub chain; destination this receiver on this chain.
    /// Returns the hub nonce. `encoded` must have passed `ReceiverCalldata.messageId`.
    function _checkRoute(bytes calldata encoded) private view returns (uint64 nonce) {
        (uint64 messageNonce, uint64 srcChainId, uint64 dstChainId, address sender, address target) =
            ReceiverCalldata.route(encoded);
        if (srcChainId != _hubChainId) revert ReceiverWrongSourceChain(srcChainId, _hubChainId);
        if (sender != _hub) revert ReceiverWrongSender(sender, _hub);
        // SECURITY: binds the message to this chain, also after a fork changes block.chainid.
        if (dstChainId != block.chainid) revert ReceiverWrongDestination(dstChainId, block.chainid);
        if (target != address(this)) revert ReceiverWrongReceiver(target, address(this));
        return messageNonce;
    }

    /// @dev Queues an upgrade: executable at max(activation, now + minDelay), until activation + grace.
    function _queueUpgrade(bytes32 messageId, uint8 confirmations, bytes calldata body) private {
        (bytes32 proposalId, uint40 activationTime, uint256 actionCount) =
            ReceiverCalldata.upgradeHeader(body);
        _checkCount(messageId, actionCount);
        // Every action is read once now, so a malformed one is refused here and never queued.
        for (uint256 i; i < actionCount; ++i) {
            ReceiverCalldata.action(body, i);
        }

        uint256 earliest = block.timestamp + _minDelay;
        uint40 executableAt = earliest > activationTime ? uint40(earliest) : activationTime;
        uint256 expiry = uint256(activationTime) + _gracePeriod;
        // Clamping can only shorten the window, and only for activation times near 2^40 seconds.
        uint40 expiresAt = expiry > type(uint40).max ? type(uint40).max : uint40(expiry);
        if (executableAt >= expiresAt) revert ReceiverExpiredOnArrival(messageId, executableAt, expiresAt);

        _messages[messageId] = MessageState(MessageStatus.Queued, confirmations, executableAt, expiresAt);
        // GAS: no {MessageConfirmed} for the confirmation that reaches quorum (about 1,750 gas): the
        // events below record it. Its count is `requiredConfirmations`, and its adapter is the caller,
        // whose own {IBridgeAdapter.MessageForwarded} for this id sits in the same transaction.
        if (executableAt != activationTime) emit ActivationDelayed(messageId, activationTime, executableAt);
        emit UpgradeQueued(messageId, proposalId, executableAt, expiresAt);
    }

    /// @dev Pauses or unpauses registered targets at once. Calls only pause()/unpause(): an
    /// emergency message can never change an implementation. Applies in hub-nonce order.
    /// @dev Pauses or unpauses one registered target; a target already in the wanted state is
    /// left alone. Returns false when the target's call reverted (the caller reports it).
    function _setPaused(IPausableTarget target, bool pause) private returns (bool ok) {
        try target.paused() returns (bool isPaused) {
            if (isPaused == pause) return true;
        } catch {
            return false; // not a pausable target at all
        }
        if (pause) {
            try target.pause() {
                return true;
            } catch {
                return false;
            }
        }
        try target.unpause() {
            return true;
        } catch {
            return false;
        }
    }

    function _applyEmergency(
        bytes32 messageId,
        uint64 nonce,
        uint8 confirmations,
        bool pause,
        bytes calldata body
    ) private {
        uint64 lastNonce = _lastEmergencyNonce;
        // SECURITY: the hub's nonce grows with every message it sends, so an older emergency
        // delivered late (e.g. an unpause) can never undo a newer one (e.g. a pause).
        if (nonce < lastNonce) revert ReceiverStaleEmergency(messageId, nonce, lastNonce);
        UpgradePayload.Emergency memory emergency = UpgradePayload.decodeEmergency(body);
        address[] memory targets = emergency.targets;
        _checkCount(messageId, targets.length);
        // SECURITY: consumed before any external call.
        _messages[messageId] = MessageState(MessageStatus.Executed, confirmations, 0, 0);
        _lastEmergencyNonce = nonce;
        // No {MessageConfirmed} at quorum: {EmergencyExecuted} records it (see `_queueUpgrade`).

        // In an emergency, one wrong target must not keep the others running: a target that is
        // not a registered proxy is never called (Poly Network lesson), and a registered one whose
        // call fails is reported; both are skipped and the rest are still paused or unpaused.
        for (uint256 i; i < targets.length; ++i) {
            address target = targets[i];
            if (_proxies[target].kind == ProxyKind.None) {
                emit EmergencyTargetSkipped(messageId, target, false);
                continue;
            }
            if (!_setPaused(IPausableTarget(target), pause)) {
                emit EmergencyTargetSkipped(messageId, target, true);
            }
        }
        emit EmergencyExecuted(messageId, emergency.actionId, pause, targets.length);
    }

    /// @dev Upgrades one registered proxy to the approved code, then records it. `data` stays in
    /// calldata and is forwarded as is.
    function _upgrade(bytes32 messageId, bytes calldata body, uint256 index) private {
        (address proxy, address implementation, bytes32 codehash, bytes calldata data) =
            ReceiverCalldata.action(body, index);
        // GAS: one SLOAD of the raw word gives both the kind (bits 0-7) and the admin (bits 8-167),
        // where the struct accessor read the slot twice; fuzzed against `proxyConfig` in
        // `UpgradeReceiver.executeword.t.sol`.
        ProxyRecord storage stored = _proxies[proxy];
        uint256 word;
        assembly ("memory-safe") {
            word := sload(stored.slot)
        }
        ProxyKind kind = ProxyKind(uint8(word));
        // SECURITY: registered proxies only (registration excludes every Lockstep contract).
        if (kind == ProxyKind.None) revert ReceiverProxyNotRegistered(proxy);
        _checkImplementation(implementation, codehash);

        if (kind == ProxyKind.UUPS) {
            UUPSUpgradeable(proxy).upgradeToAndCall(implementation, data);
        } else {
            ProxyAdmin(address(uint160(word >> 8)))
                .upgradeAndCall(ITransparentUpgradeableProxy(proxy), implementation, data);
        }
        _registry.record(proxy, implementation, codehash);
        emit UpgradeExecuted(messageId, proxy, implementation, codehash);
    }

    /// @dev SECURITY: the implementation must hold exactly the approved code, now.
    function _checkImplementation(address implementation, bytes32 codehash) private view {
        if (codehash == bytes32(0) || codehash == EMPTY_CODEHASH) {
            revert ReceiverInvalidCodehash(implementation, codehash);
        }
        if (implementation.code.length == 0) revert ReceiverImplementationWithoutCode(implementation);
        bytes32 actual = implementation.codehash;
        if (actual != codehash) revert ReceiverCodehashMismatch(implementation, codehash, actual);
    }

    /// @dev UUPS proxies have no ProxyAdmin; Transparent ones have one this receiver owns.
    function _checkProxyAdmin(ProxyKind kind, address proxyAdmin) private view {
        bool valid;
        if (kind == ProxyKind.UUPS) {
            valid = proxyAdmin == address(0);
        } else if (kind == ProxyKind.Transparent) {
            valid = proxyAdmin.code.length != 0 && !_isLockstep(proxyAdmin)
                && Ownable(proxyAdmin).owner() == address(this);
        }
        if (!valid) revert ReceiverInvalidProxyAdmin(kind, proxyAdmin);
    }

    function _checkCount(bytes32 messageId, uint256 count) private pure {
        if (count == 0) revert ReceiverNoActions(messageId);
        if (count > MAX_ACTIONS_PER_CHAIN) revert ReceiverTooManyActions(count, MAX_ACTIONS_PER_CHAIN);
    }

    function _checkBootstrapper() private view {
        if (msg.sender != _bootstrapper) revert ReceiverNotBootstrapper(msg.sender);
    }

    /// @dev This receiver, its registry, an adapter, the guardian or the bootstrapper.
    function _isLockstep(address account) private view returns (bool) {
        return account == address(this) || account == address(_registry) || _adapterBit(account) != 0
            || account == _guardian || account == _bootstrapper;
    }

    /// @dev The confirmation bit of `account`, or 0 if it is not an adapter. Unused slots are zero.
    function _adapterBit(address account) private view returns (uint8) {
        if (account == address(0)) return 0;
        if (account == _adapter0) return 1;
        if (account == _adapter1) return 2;
        if (account == _adapter2) return 4;
        if (account == _adapter3) return 8;
        if (account == _adapter4) return 16;
        if (account == _adapter5) return 32;
        if (account == _adapter6) return 64;
        if (account == _adapter7) return 128;
        return 0;
    }

    function _adapterAt(address[] memory list, uint256 index) private pure returns (address) {
        return index < list.length ? list[index] : address(0);
    }

    /// @dev Set bits of a uint8 (at most 8 iterations, memory only).
    function _popcount(uint8 bits) private pure returns (uint256 count) {
        while (bits != 0) {
            // Cannot underflow: bits != 0.
            unchecked {
                bits &= bits - 1;
                ++count;
            }
        }
    }
}
