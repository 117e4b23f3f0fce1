// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeploymentRegistry} from "./IDeploymentRegistry.sol";
import {IMessageReceiver} from "./IMessageReceiver.sol";

/// @title IUpgradeReceiver
/// @notice One per chain (hub chain included), at the same address everywhere. Counts adapter
/// confirmations of hub messages, queues upgrades until their activation time, executes them on
/// registered proxies only and only with the approved implementation codehash, applies
/// emergency pauses at once, and lets the chain's guardian cancel.
interface IUpgradeReceiver is IMessageReceiver {
    /// @notice How a registered proxy is upgraded.
    enum ProxyKind {
        None,
        UUPS,
        Transparent
    }

    /// @notice Where a message stands. `Pending` = confirmed by fewer adapters than required.
    enum MessageStatus {
        None,
        Pending,
        Queued,
        Executed,
        Cancelled
    }

    /// @notice What an emergency message did to one target.
    /// @dev `Applied`: paused or unpaused now. `Unchanged`: already in the wanted state.
    /// `NotRegistered`: not a registered proxy, never called. `Failed`: its call reverted with the
    /// full `EMERGENCY_CALL_GAS` stipend available (the target's own failure, never the relayer's
    /// gas choice). `Stale`: an unpause older than the newest pause applied to the target.
    enum EmergencyOutcome {
        Applied,
        Unchanged,
        NotRegistered,
        Failed,
        Stale
    }

    /// @notice The constructor's configuration; identical on every chain so CREATE2 yields one address.
    /// @param hubChainId the chain the hub lives on
    /// @param hub the GovernanceHub, the only accepted message sender
    /// @param minDelay local minimum seconds between queueing and execution
    /// @param gracePeriod seconds after the activation time during which execution stays possible
    /// @param requiredConfirmations adapters that must confirm a message (1..adapters.length)
    /// @param adapters the trusted adapters, at most MAX_ADAPTERS, index = confirmation bit
    /// @param fallbackAdapters the adapters (a subset of `adapters`) whose confirmations alone make
    /// an upgrade wait `fallbackDelay` instead of `minDelay`
    /// @param fallbackDelay seconds an upgrade confirmed by fallback adapters only waits after it is
    /// queued (at least the home timelock's delay; at least `minDelay`)
    /// @param guardian the per-chain canceller
    /// @param bootstrapper the only account that registers proxies, until it locks the bootstrap
    struct Config {
        uint64 hubChainId;
        address hub;
        uint32 minDelay;
        uint32 gracePeriod;
        uint8 requiredConfirmations;
        address[] adapters;
        address[] fallbackAdapters;
        uint32 fallbackDelay;
        address guardian;
        address bootstrapper;
    }

    /// @notice Emitted for every adapter confirmation counted below quorum. The confirmation that
    /// reaches quorum is recorded by {UpgradeQueued}, {EmergencyExecuted} or {CanaryReceived}
    /// instead (its count is `requiredConfirmations`; its adapter emits `MessageForwarded` for the
    /// id in the same transaction).
    event MessageConfirmed(bytes32 indexed messageId, address indexed adapter, uint256 confirmations);
    /// @notice Emitted when a message arrived after `activationTime - minDelay`, so it waits longer.
    event ActivationDelayed(bytes32 indexed messageId, uint40 activationTime, uint40 executableAt);
    /// @notice Emitted when an upgrade reached its confirmations and waits for execution.
    event UpgradeQueued(
        bytes32 indexed messageId, bytes32 indexed proposalId, uint40 executableAt, uint40 expiresAt
    );
    /// @notice Emitted for each proxy upgraded by a message.
    event UpgradeExecuted(
        bytes32 indexed messageId, address indexed proxy, address indexed implementation, bytes32 codehash
    );
    /// @notice Emitted when a pause (`paused`) or unpause message was applied to its targets.
    event EmergencyExecuted(
        bytes32 indexed messageId, bytes32 indexed actionId, bool paused, uint256 targetCount
    );
    /// @notice Emitted for every target of an applied emergency message, with what happened to it.
    /// One target's failure never keeps the others running.
    event EmergencyTargetHandled(
        bytes32 indexed messageId, address indexed target, bool paused, EmergencyOutcome outcome
    );
    /// @notice Emitted when a canary (a no-op liveness probe from the hub) reached its
    /// confirmations. It changed nothing but the message's own record (now `Executed`).
    /// @param sentAt the hub's block time at dispatch: this block's time minus it is the latency
    event CanaryReceived(bytes32 indexed messageId, bytes32 indexed canaryId, uint40 sentAt);
    /// @notice Emitted when the guardian cancelled a message.
    event MessageCancelled(bytes32 indexed messageId, address indexed guardian);
    /// @notice Emitted when the bootstrapper registered a proxy.
    event ProxyRegistered(
        address indexed proxy, ProxyKind kind, address indexed proxyAdmin, bytes32 indexed name
    );
    /// @notice Emitted when the bootstrapper closed registration for good.
    event BootstrapLocked(address indexed bootstrapper);

    /// @dev Constructor: zero hub or hub chain id.
    error ReceiverInvalidHub(uint64 hubChainId, address hub);
    /// @dev Constructor: no adapters, or more than MAX_ADAPTERS.
    error ReceiverInvalidAdapterCount(uint256 count, uint256 max);
    /// @dev Constructor: zero or repeated adapter.
    error ReceiverInvalidAdapter(address adapter);
    /// @dev Constructor: required confirmations outside 1..adapters.
    error ReceiverInvalidThreshold(uint256 required, uint256 adapters);
    /// @dev Constructor: zero grace period.
    error ReceiverInvalidGracePeriod(uint32 gracePeriod);
    /// @dev Constructor: zero guardian or bootstrapper.
    error ReceiverInvalidRole(address guardian, address bootstrapper);
    /// @dev Constructor: a fallback adapter that is not one of the adapters, or listed twice.
    error ReceiverInvalidFallbackAdapter(address adapter);
    /// @dev Constructor: fallback adapters with a delay shorter than the minimum delay.
    error ReceiverInvalidFallbackDelay(uint32 fallbackDelay, uint32 minDelay);

    /// @dev The caller is not a configured adapter.
    error ReceiverNotAdapter(address caller);
    /// @dev The message comes from another chain than the hub's.
    error ReceiverWrongSourceChain(uint64 srcChainId, uint64 hubChainId);
    /// @dev The message was sent by another contract than the hub.
    error ReceiverWrongSender(address sender, address hub);
    /// @dev The message is addressed to another chain.
    error ReceiverWrongDestination(uint64 dstChainId, uint256 chainId);
    /// @dev The message is addressed to another receiver.
    error ReceiverWrongReceiver(address receiver, address expected);
    /// @dev The message was already queued, executed or cancelled.
    error ReceiverMessageConsumed(bytes32 messageId, MessageStatus status);
    /// @dev This adapter already confirmed the message.
    error ReceiverAlreadyConfirmed(bytes32 messageId, address adapter);
    /// @dev The message reached quorum too late: it could never execute before expiry.
    error ReceiverExpiredOnArrival(bytes32 messageId, uint40 executableAt, uint40 expiresAt);
    /// @dev A payload with no actions or targets.
    error ReceiverNoActions(bytes32 messageId);
    /// @dev A payload with more actions or targets than MAX_ACTIONS_PER_CHAIN.
    error ReceiverTooManyActions(uint256 count, uint256 max);

    /// @dev `execute` of a message that is not queued.
    error ReceiverNotQueued(bytes32 messageId, MessageStatus status);
    /// @dev `execute` before the message's executable-at time.
    error ReceiverNotYetActive(bytes32 messageId, uint40 executableAt, uint256 timestamp);
    /// @dev `execute` at or after the message's expiry.
    error ReceiverExpired(bytes32 messageId, uint40 expiresAt, uint256 timestamp);
    /// @dev The target is not a registered proxy.
    error ReceiverProxyNotRegistered(address proxy);
    /// @dev The approved codehash is zero or the hash of empty code.
    error ReceiverInvalidCodehash(address implementation, bytes32 codehash);
    /// @dev The implementation has no code.
    error ReceiverImplementationWithoutCode(address implementation);
    /// @dev The implementation's code is not the approved code.
    error ReceiverCodehashMismatch(address implementation, bytes32 expected, bytes32 actual);

    /// @dev The caller is not the guardian.
    error ReceiverNotGuardian(address caller);
    /// @dev The message cannot be cancelled in its status.
    error ReceiverNotCancellable(bytes32 messageId, MessageStatus status);
    /// @dev The caller is not the bootstrapper.
    error ReceiverNotBootstrapper(address caller);
    /// @dev Registration is closed.
    error ReceiverBootstrapIsLocked();
    /// @dev The proxy is zero, has no code, is already registered, or is a Lockstep contract.
    error ReceiverInvalidProxy(address proxy);
    /// @dev The kind is None, or the ProxyAdmin does not fit the kind or is not owned by this receiver.
    error ReceiverInvalidProxyAdmin(ProxyKind kind, address proxyAdmin);
    /// @dev The current implementation given at registration has no code.
    error ReceiverInvalidImplementation(address implementation);
    /// @dev The message or its payload is not in the canonical `abi.encode` layout; `position` is
    /// the byte offset of the offending word in the part being read (message, payload or body).
    error ReceiverMalformedMessage(uint256 position);
    /// @dev An unpause stamped further in this chain's future than MAX_EMERGENCY_CLOCK_SKEW; it can
    /// be delivered again once the chain's clock has caught up (nothing was consumed).
    error ReceiverEmergencyFromFuture(bytes32 messageId, uint40 issuedAt, uint256 latest);
    /// @dev Too little gas left to give the next emergency target its full stipend; the whole
    /// delivery reverts and the message stays deliverable.
    error ReceiverEmergencyGasTooLow(bytes32 messageId, address target, uint256 gasLeft, uint256 needed);
    /// @dev The account's code is an EIP-7702 delegation designator (or other 0xEF-prefixed code):
    /// its hash names only the delegate, and the key holder can re-delegate it at any time, changing
    /// the code a proxy runs after the upgrade without any approval, so it is never accepted.
    error ReceiverDelegatedCode(address account);

    /// @notice Runs a queued upgrade once its time has come. Anyone.
    /// @dev Requires status Queued, the route still valid (after a fork changes the chain id, a
    /// queued message never runs) and `executableAt <= now < expiresAt`. Marks the message
    /// executed before any external call; if any upgrade reverts, everything reverts and the
    /// message stays queued. Emits {UpgradeExecuted} per action.
    /// @param encodedMessage `MessageCodec.encode` of the queued message
    function execute(bytes calldata encodedMessage) external;

    /// @notice Cancels a pending or queued message for good. Only the guardian.
    /// @dev Emits {MessageCancelled}.
    function cancel(bytes32 messageId) external;

    /// @notice Registers a proxy the receiver may upgrade and pause. Only the bootstrapper, until
    /// `lockBootstrap`. The receiver must own the proxy (UUPS) or its ProxyAdmin (Transparent).
    /// @dev Emits {ProxyRegistered} (and the registry's {IDeploymentRegistry.ProxyRegistered}).
    /// @param implementation the proxy's current implementation, recorded as version 1
    function registerProxy(
        address proxy,
        ProxyKind kind,
        address proxyAdmin,
        bytes32 name,
        address implementation
    ) external;

    /// @notice Closes proxy registration for good. Only the bootstrapper.
    /// @dev Emits {BootstrapLocked}.
    function lockBootstrap() external;

    /// @notice The state of a message: status, confirmations counted, and its time window.
    function messageState(bytes32 messageId)
        external
        view
        returns (MessageStatus status, uint256 confirmations, uint40 executableAt, uint40 expiresAt);

    /// @notice Whether `proxy` is registered.
    function isRegistered(address proxy) external view returns (bool);

    /// @notice How `proxy` is upgraded and through which ProxyAdmin (zero for UUPS).
    function proxyConfig(address proxy) external view returns (ProxyKind kind, address proxyAdmin);

    /// @notice The hub's chain id and address.
    function hub() external view returns (uint64 chainId, address sender);

    /// @notice The local minimum delay and the grace period, in seconds.
    function delays() external view returns (uint32 minDelay, uint32 gracePeriod);

    /// @notice The trusted adapters (index = confirmation bit) and the confirmations required.
    function adapters() external view returns (address[] memory list, uint256 requiredConfirmations);

    /// @notice The per-chain canceller.
    function guardian() external view returns (address);

    /// @notice The account that registers proxies until the bootstrap is locked.
    function bootstrapper() external view returns (address);

    /// @notice Whether registration is closed.
    function bootstrapLocked() external view returns (bool);

    /// @notice The newest pause applied to `target`: its hub time (clamped to the receiving chain's
    /// time plus MAX_EMERGENCY_CLOCK_SKEW) and hub nonce. Zero before the first pause.
    /// @dev An unpause applies to the target only if it is newer (time, then nonce).
    function lastPause(address target) external view returns (uint40 issuedAt, uint64 nonce);

    /// @notice The fallback adapters and the delay an upgrade confirmed by them alone waits.
    function fallbackConfig() external view returns (address[] memory list, uint32 fallbackDelay);

    /// @notice The DeploymentRegistry this receiver deployed and alone writes.
    function registry() external view returns (IDeploymentRegistry);
}
