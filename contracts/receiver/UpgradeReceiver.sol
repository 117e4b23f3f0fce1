// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCalldata} from "../bridge/MessageCalldata.sol";
import {UpgradePayload} from "../bridge/UpgradePayload.sol";
import {IDeploymentRegistry} from "../interfaces/IDeploymentRegistry.sol";
import {IPausableTarget} from "../interfaces/IPausableTarget.sol";
import {IUpgradeReceiver} from "../interfaces/IUpgradeReceiver.sol";
import {DeploymentRegistry} from "../registry/DeploymentRegistry.sol";
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
/// @dev Size: one contract on purpose (~600 lines). Confirmation, queueing, execution and the
/// emergency path share the message record and its state machine; split into base contracts they
/// would share storage across files, which is harder to audit than one file read top to bottom.
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
/// - Messages are read in place from calldata (`MessageCalldata`), which accepts only the
///   canonical `abi.encode` layout and computes the same id as `MessageCodec.id`.
/// - Fallback adapters (e.g. the council fallback) are never a shortcut: an upgrade that only
///   fallback adapters confirmed waits `fallbackDelay` (at least the home timelock's delay) after
///   it is queued, so the chain guardian can cancel it; the deployment gives the fallback a
///   threshold at least the council's. Pauses stay fast on every path.
/// - Emergencies can never block one another. A pause always applies (pausing is fail-safe),
///   whatever its age. An unpause applies to a target only if it is newer (hub time, then hub
///   nonce) than every pause applied to that target, so a late unpause never undoes a newer
///   pause; ordering is per target, and a pause's recorded time is clamped to this chain's time
///   plus MAX_EMERGENCY_CLOCK_SKEW, so a forged "far future" pause holds unpauses back for at
///   most that long. Each target's call gets a fixed gas stipend, and a delivery with too little
///   gas reverts as a whole (nothing consumed): the relayer cannot choose a target's failure.
/// - A canary (KIND_CANARY) passes every check above (adapter, route, replay, quorum) and then
///   only marks its own record `Executed` and emits {CanaryReceived}: it calls nothing, queues
///   nothing, and touches no pause ordering, so it can neither act nor block a later message.
/// - Code behind an approved codehash cannot change: EIP-7702 delegation designators (and any
///   0xEF-prefixed code) are refused as implementations and proxies. An upgrade names the
///   implementation it replaces and runs only if the registry shows the proxy on it.
/// - Configuration is immutable, and equal on every chain, so CREATE2 yields one address; the
///   registry is this contract's first CREATE, hence also at one address everywhere.
contract UpgradeReceiver is IUpgradeReceiver {
    /// @notice Most adapters a receiver trusts (the confirmation bitmap is a uint8).
    uint256 public constant MAX_ADAPTERS = 8;
    /// @notice Most upgrade actions or emergency targets in one message.
    uint256 public constant MAX_ACTIONS_PER_CHAIN = 16;

    /// @notice Gas each emergency target's `pause()`/`unpause()` call is given (a target needing
    /// more is reported `Failed`, deterministically).
    uint256 public constant EMERGENCY_CALL_GAS = 300_000;
    /// @notice Gas each emergency target's `paused()` view is given.
    uint256 public constant EMERGENCY_VIEW_GAS = 30_000;
    /// @notice How far in this chain's future an emergency's hub time may lie.
    uint256 public constant MAX_EMERGENCY_CLOCK_SKEW = 1 hours;

    /// @dev `extcodehash` of an account that exists but has no code.
    bytes32 private constant EMPTY_CODEHASH = keccak256("");
    /// @dev Gas kept back per target for the bookkeeping around its two calls.
    uint256 private constant EMERGENCY_TARGET_OVERHEAD = 10_000;

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
    uint32 private immutable _fallbackDelay;
    /// @dev Confirmation bits of the fallback adapters.
    uint8 private immutable _fallbackMask;
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
    /// @dev Per target: `issuedAt << 64 | nonce` of the newest pause applied (see {lastPause}).
    mapping(address target => uint256 key) private _lastPause;

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
        uint8 fallbackMask;
        for (uint256 i; i < config.fallbackAdapters.length; ++i) {
            uint8 bit = _bitIn(config.adapters, config.fallbackAdapters[i]);
            if (bit == 0 || fallbackMask & bit != 0) {
                revert ReceiverInvalidFallbackAdapter(config.fallbackAdapters[i]);
            }
            fallbackMask |= bit;
        }
        if (fallbackMask != 0 && config.fallbackDelay < config.minDelay) {
            revert ReceiverInvalidFallbackDelay(config.fallbackDelay, config.minDelay);
        }

        _hubChainId = config.hubChainId;
        _hub = config.hub;
        _minDelay = config.minDelay;
        _fallbackDelay = fallbackMask == 0 ? config.minDelay : config.fallbackDelay;
        _fallbackMask = fallbackMask;
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
    /// {UpgradeQueued} (and {ActivationDelayed} when late), {EmergencyExecuted} or {CanaryReceived}.
    function confirmMessage(bytes calldata encodedMessage) external {
        uint8 bit = _adapterBit(msg.sender);
        if (bit == 0) revert ReceiverNotAdapter(msg.sender);

        // Read in place, no copy to memory: MessageCalldata accepts only the canonical layout
        // and its id equals MessageCodec.id, the id the adapter verified.
        (bytes32 messageId, bytes calldata payload) =
            MessageCalldata.messageId(encodedMessage, ReceiverMalformedMessage.selector);
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
        (uint8 kind, bytes calldata body) = MessageCalldata.kindOf(payload, ReceiverMalformedMessage.selector);
        if (kind == UpgradePayload.KIND_UPGRADE) {
            _queueUpgrade(messageId, confirmations, body);
        } else if (kind == UpgradePayload.KIND_CANARY) {
            _acceptCanary(messageId, confirmations, body);
        } else {
            _applyEmergency(messageId, nonce, confirmations, kind == UpgradePayload.KIND_PAUSE, body);
        }
    }

    /// @inheritdoc IUpgradeReceiver
    function execute(bytes calldata encodedMessage) external {
        // GAS: id and actions are read from calldata. The id commits to every field (payload by
        // hash), and only a message that passed every route and payload check on this chain is
        // ever Queued, so these bytes are exactly those checked.
        (bytes32 messageId, bytes calldata payload) =
            MessageCalldata.messageId(encodedMessage, ReceiverMalformedMessage.selector);
        // SECURITY: the route again: after a fork changes `block.chainid`, a message queued before
        // it must not run on either side's new chain id.
        _checkRoute(encodedMessage);

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

        (, bytes calldata body) = MessageCalldata.kindOf(payload, ReceiverMalformedMessage.selector);
        (,, uint256 count) = MessageCalldata.upgradeHeader(body, ReceiverMalformedMessage.selector);
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
        _checkNotDelegated(proxy);
        _checkProxyAdmin(kind, proxyAdmin);
        if (implementation.code.length == 0) revert ReceiverInvalidImplementation(implementation);
        _checkNotDelegated(implementation);

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
        return (_adaptersIn(uint8((1 << _adapterCount) - 1)), _requiredConfirmations);
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
    function lastPause(address target) external view returns (uint40 issuedAt, uint64 nonce) {
        uint256 key = _lastPause[target];
        return (uint40(key >> 64), uint64(key));
    }

    /// @inheritdoc IUpgradeReceiver
    function fallbackConfig() external view returns (address[] memory list, uint32 fallbackDelay) {
        return (_adaptersIn(_fallbackMask), _fallbackDelay);
    }

    /// @inheritdoc IUpgradeReceiver
    function registry() external view returns (IDeploymentRegistry) {
        return _registry;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Origin must be the hub on the hub chain; destination this receiver on this chain.
    /// Returns the hub nonce. `encoded` must have passed `MessageCalldata.messageId`.
    function _checkRoute(bytes calldata encoded) private view returns (uint64 nonce) {
        (uint64 messageNonce, uint64 srcChainId, uint64 dstChainId, address sender, address target) =
            MessageCalldata.route(encoded);
        if (srcChainId != _hubChainId) revert ReceiverWrongSourceChain(srcChainId, _hubChainId);
        if (sender != _hub) revert ReceiverWrongSender(sender, _hub);
        // SECURITY: binds the message to this chain, also after a fork changes block.chainid.
        if (dstChainId != block.chainid) revert ReceiverWrongDestination(dstChainId, block.chainid);
        if (target != address(this)) revert ReceiverWrongReceiver(target, address(this));
        return messageNonce;
    }

    /// @dev Queues an upgrade: executable at max(activation, now + delay), until activation + grace,
    /// where delay is `fallbackDelay` when only fallback adapters confirmed it, else `minDelay`.
    function _queueUpgrade(bytes32 messageId, uint8 confirmations, bytes calldata body) private {
        (bytes32 proposalId, uint40 activationTime, uint256 actionCount) =
            MessageCalldata.upgradeHeader(body, ReceiverMalformedMessage.selector);
        _checkCount(messageId, actionCount);
        // Every action is read once now, so a malformed one is refused here and never queued.
        for (uint256 i; i < actionCount; ++i) {
            MessageCalldata.action(body, i, ReceiverMalformedMessage.selector);
        }

        // SECURITY: confirmed by fallback adapters only → the fallback delay (at least the home
        // timelock's), so no set of keys reaches an upgrade faster than the council's main path.
        uint256 earliest =
            block.timestamp + ((confirmations & ~_fallbackMask) == 0 ? _fallbackDelay : _minDelay);
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

    /// @dev A canary: consumed (Executed, so never queued, executed, cancelled or replayed) and
    /// reported. SECURITY: nothing else is read, written or called.
    function _acceptCanary(bytes32 messageId, uint8 confirmations, bytes calldata body) private {
        UpgradePayload.Canary memory canary = UpgradePayload.decodeCanary(body);
        _messages[messageId] = MessageState(MessageStatus.Executed, confirmations, 0, 0);
        emit CanaryReceived(messageId, canary.canaryId, canary.sentAt);
    }

    /// @dev Pauses or unpauses this chain's targets at once. Calls only `paused()` and
    /// `pause()`/`unpause()`, each with a fixed stipend: an emergency message can never change an
    /// implementation, and no target's failure keeps the others running.
    function _applyEmergency(
        bytes32 messageId,
        uint64 nonce,
        uint8 confirmations,
        bool pause,
        bytes calldata body
    ) private {
        UpgradePayload.Emergency memory emergency = UpgradePayload.decodeEmergency(body);
        address[] memory targets = emergency.targets;
        _checkCount(messageId, targets.length);
        uint256 latest = block.timestamp + MAX_EMERGENCY_CLOCK_SKEW;
        uint256 issuedAt = emergency.issuedAt;
        if (issuedAt > latest) {
            // SECURITY: a pause is never refused (pausing is fail-safe); its recorded time is
            // clamped instead, so a forged far-future pause holds unpauses back for at most the skew.
            if (!pause) revert ReceiverEmergencyFromFuture(messageId, emergency.issuedAt, latest);
            issuedAt = latest;
        }
        uint256 key = (issuedAt << 64) | nonce;
        // SECURITY: consumed before any external call.
        _messages[messageId] = MessageState(MessageStatus.Executed, confirmations, 0, 0);
        // No {MessageConfirmed} at quorum: {EmergencyExecuted} records it (see `_queueUpgrade`).

        // Bounded: `_checkCount` allowed at most MAX_ACTIONS_PER_CHAIN targets.
        for (uint256 i; i < targets.length; ++i) {
            address target = targets[i];
            EmergencyOutcome outcome = _emergencyTarget(messageId, target, pause, key);
            emit EmergencyTargetHandled(messageId, target, pause, outcome);
        }
        emit EmergencyExecuted(messageId, emergency.actionId, pause, targets.length);
    }

    /// @dev One emergency target: ordering, then its `paused()` view and its `pause()`/`unpause()`.
    function _emergencyTarget(bytes32 messageId, address target, bool pause, uint256 key)
        private
        returns (EmergencyOutcome)
    {
        // SECURITY: a target that is not a registered proxy is never called (Poly Network lesson).
        if (_proxies[target].kind == ProxyKind.None) return EmergencyOutcome.NotRegistered;
        uint256 last = _lastPause[target];
        if (pause) {
            if (key > last) _lastPause[target] = key;
        } else if (key <= last) {
            // SECURITY: an unpause older than a pause already applied would undo the newer pause.
            return EmergencyOutcome.Stale;
        }
        // SECURITY: the relayer chooses the transaction's gas. Below this much the whole delivery
        // reverts, so a target's call never fails for want of gas while the message is consumed.
        // 64/63: a call forwards at most 63/64 of what is left.
        uint256 needed = ((EMERGENCY_VIEW_GAS + EMERGENCY_CALL_GAS) * 64) / 63 + EMERGENCY_TARGET_OVERHEAD;
        if (gasleft() < needed) revert ReceiverEmergencyGasTooLow(messageId, target, gasleft(), needed);
        (bool ok, bool isPaused) = _readPaused(target);
        if (!ok) return EmergencyOutcome.Failed; // not a pausable target at all
        if (isPaused == pause) return EmergencyOutcome.Unchanged;
        bytes4 selector = pause ? IPausableTarget.pause.selector : IPausableTarget.unpause.selector;
        return _callWithStipend(target, selector) ? EmergencyOutcome.Applied : EmergencyOutcome.Failed;
    }

    /// @dev `target.paused()` with EMERGENCY_VIEW_GAS; `ok` is false unless it returned one clean
    /// bool. Copies at most one word of return data (no return bomb).
    function _readPaused(address target) private view returns (bool ok, bool isPaused) {
        bytes4 selector = IPausableTarget.paused.selector;
        uint256 stipend = EMERGENCY_VIEW_GAS;
        uint256 word;
        assembly ("memory-safe") {
            mstore(0, selector)
            ok := staticcall(stipend, target, 0, 4, 0, 0x20)
            ok := and(ok, iszero(lt(returndatasize(), 0x20)))
            word := mload(0)
        }
        if (!ok || word > 1) return (false, false);
        return (true, word == 1);
    }

    /// @dev Calls `selector()` on `target` with EMERGENCY_CALL_GAS, copying no return data.
    function _callWithStipend(address target, bytes4 selector) private returns (bool ok) {
        uint256 stipend = EMERGENCY_CALL_GAS;
        assembly ("memory-safe") {
            mstore(0, selector)
            ok := call(stipend, target, 0, 0, 4, 0, 0)
        }
    }

    /// @dev Upgrades one registered proxy to the approved code, then records it. `data` stays in
    /// calldata and is forwarded as is.
    function _upgrade(bytes32 messageId, bytes calldata body, uint256 index) private {
        (
            address proxy,
            address previousImplementation,
            address implementation,
            bytes32 codehash,
            bytes calldata data
        ) = MessageCalldata.action(body, index, ReceiverMalformedMessage.selector);
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
        // SECURITY: the registry refuses unless the proxy runs `previousImplementation` (a
        // superseded or stale upgrade can never put a proxy back). Recorded before the call.
        _registry.record(proxy, previousImplementation, implementation, codehash);

        if (kind == ProxyKind.UUPS) {
            UUPSUpgradeable(proxy).upgradeToAndCall(implementation, data);
        } else {
            ProxyAdmin(address(uint160(word >> 8)))
                .upgradeAndCall(ITransparentUpgradeableProxy(proxy), implementation, data);
        }
        emit UpgradeExecuted(messageId, proxy, implementation, codehash);
    }

    /// @dev SECURITY: the implementation must hold exactly the approved code, now.
    function _checkImplementation(address implementation, bytes32 codehash) private view {
        if (codehash == bytes32(0) || codehash == EMPTY_CODEHASH) {
            revert ReceiverInvalidCodehash(implementation, codehash);
        }
        if (implementation.code.length == 0) revert ReceiverImplementationWithoutCode(implementation);
        _checkNotDelegated(implementation);
        bytes32 actual = implementation.codehash;
        if (actual != codehash) revert ReceiverCodehashMismatch(implementation, codehash, actual);
    }

    /// @dev SECURITY: refuses code whose first byte is 0xEF. No contract can be deployed with it
    /// (EIP-3541); an EIP-7702 account's code is `0xef0100 ‖ delegate`, and its key holder can
    /// re-delegate it (or act as it) at any time: a proxy upgraded to it would run whatever the key
    /// holder chooses next, after every check passed. `account` must have code.
    function _checkNotDelegated(address account) private view {
        uint256 first;
        assembly ("memory-safe") {
            mstore(0, 0)
            extcodecopy(account, 0, 0, 1)
            first := byte(0, mload(0))
        }
        if (first == 0xef) revert ReceiverDelegatedCode(account);
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

    /// @dev The adapters whose confirmation bit is set in `mask`, in bit order (views only).
    function _adaptersIn(uint8 mask) private view returns (address[] memory list) {
        address[MAX_ADAPTERS] memory all =
            [_adapter0, _adapter1, _adapter2, _adapter3, _adapter4, _adapter5, _adapter6, _adapter7];
        list = new address[](_popcount(mask));
        uint256 count;
        for (uint256 i; i < MAX_ADAPTERS; ++i) {
            if (mask & (1 << i) != 0) list[count++] = all[i];
        }
    }

    /// @dev The confirmation bit `account` has in `list` (constructor), or 0.
    function _bitIn(address[] memory list, address account) private pure returns (uint8) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == account) return uint8(1 << i);
        }
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
