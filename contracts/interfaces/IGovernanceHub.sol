// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGovernanceHub
/// @notice The home chain's outbox. The timelock hands it an approved upgrade; it fixes one
/// activation time for every target chain and emits one message per chain for the bridges to
/// carry. The council hands it emergency pauses directly. It tracks each message's state per
/// chain, so "every chain is ready" can be checked before anyone executes.
interface IGovernanceHub {
    /// @notice One upgrade on one chain, as approved by the council.
    /// @param previousImplementation the implementation the proxy must run when the upgrade
    /// executes (the receiver refuses otherwise)
    struct ChainAction {
        uint64 chainId;
        address proxy;
        address previousImplementation;
        address implementation;
        bytes32 codehash;
        bytes data;
    }

    /// @notice How the hub reaches one chain.
    /// @param receiver the chain's UpgradeReceiver
    /// @param deliveryMargin seconds the bridge is given to deliver a message there
    /// @param minDelay the receiver's local minimum delay between queueing and execution
    /// @param gracePeriod seconds after the activation time during which execution stays possible
    struct ChainConfig {
        address receiver;
        uint32 deliveryMargin;
        uint32 minDelay;
        uint32 gracePeriod;
    }

    /// @notice One pause or unpause target on one chain.
    struct EmergencyTarget {
        uint64 chainId;
        address target;
    }

    /// @notice Per-proposal, per-chain progress of a message.
    enum DeliveryState {
        None,
        Dispatched,
        Queued,
        Executed
    }

    /// @notice Emitted for every outgoing message: the outbox the guardians watch.
    /// @param messageId `MessageCodec.id` of the message
    /// @param dstChainId destination chain
    /// @param nonce the hub's outbox nonce
    /// @param message `MessageCodec.encode` of the message
    event MessageDispatched(
        bytes32 indexed messageId, uint64 indexed dstChainId, uint64 nonce, bytes message
    );

    /// @notice Emitted once per upgrade proposal dispatched by the timelock.
    event UpgradeDispatched(bytes32 indexed proposalId, uint40 activationTime, uint256 chainCount);

    /// @notice Emitted once per emergency action dispatched by the council.
    event EmergencyDispatched(bytes32 indexed actionId, bool pause, uint256 chainCount);

    /// @notice Emitted once per canary, after its `MessageDispatched` to every configured chain.
    /// @param canaryId the canary's id (its messages are `messagesOf(canaryId)`)
    /// @param sentAt the hub's block time, carried in every canary message
    /// @param sender the reporter that asked for it
    event CanaryDispatched(
        bytes32 indexed canaryId, uint40 sentAt, uint256 chainCount, address indexed sender
    );

    /// @notice Emitted when a reporter records a message's progress on its destination.
    event DeliveryStateUpdated(bytes32 indexed messageId, uint64 indexed chainId, DeliveryState state);

    /// @notice Emitted when a chain's configuration is set.
    event ChainConfigured(uint64 indexed chainId, ChainConfig config);

    /// @notice Emitted when a reporter is added or removed.
    event ReporterSet(address indexed reporter, bool allowed);

    /// @dev A zero address was given where a contract is required.
    error HubZeroAddress();
    /// @dev The caller is not the timelock.
    error HubNotTimelock(address caller);
    /// @dev The caller is not the council.
    error HubNotCouncil(address caller);
    /// @dev The caller is not a reporter.
    error HubNotReporter(address caller);
    /// @dev No chain configuration exists for the chain id.
    error HubUnknownChain(uint64 chainId);
    /// @dev A chain configuration is invalid (zero receiver, zero chain id or zero grace period).
    error HubInvalidChainConfig(uint64 chainId);
    /// @dev Too many chains configured.
    error HubTooManyChains(uint256 count, uint256 max);
    /// @dev A dispatch carried no actions, or more than allowed.
    error HubInvalidActionCount(uint256 count, uint256 max);
    /// @dev The proposal or emergency action was dispatched before.
    error HubAlreadyDispatched(bytes32 id);
    /// @dev The message was never dispatched by this hub.
    error HubUnknownMessage(bytes32 messageId);
    /// @dev A delivery state update would not move the message forward.
    error HubStateNotForward(bytes32 messageId, DeliveryState current, DeliveryState next);
    /// @dev Two array arguments differ in length.
    error HubLengthMismatch(uint256 a, uint256 b);
    /// @dev A timelocked call ran at or after its proposal's deadline.
    error HubProposalExpired(bytes32 proposalId, uint40 deadline, uint256 timestamp);
    /// @dev A configuration proposal changes nothing, or more than MAX_CHAINS chains or reporters.
    error HubInvalidConfigCount(uint256 chains, uint256 reporters, uint256 max);

    /// @dev A canary was asked for before `CANARY_INTERVAL` passed since the last one.
    error HubCanaryTooSoon(uint40 lastCanaryAt, uint256 nextAllowedAt, uint256 timestamp);

    /// @notice One reporter allowed (`allowed`) or disallowed.
    struct ReporterUpdate {
        address reporter;
        bool allowed;
    }

    /// @notice Dispatches an approved upgrade to every chain it names. Only the timelock, before
    /// `deadline` (the proposal's lifetime: an operation forgotten in the timelock never runs).
    /// @return activationTime the one time at which every chain may execute
    function dispatchUpgrade(bytes32 proposalId, uint40 deadline, ChainAction[] calldata actions)
        external
        returns (uint40 activationTime);

    /// @notice Adds or replaces chain configurations and allows or disallows reporters. Only the
    /// timelock (a council `Config` proposal), before `deadline`.
    function configure(
        bytes32 proposalId,
        uint40 deadline,
        uint64[] calldata chainIds,
        ChainConfig[] calldata configs,
        ReporterUpdate[] calldata reporters
    ) external;

    /// @notice Dispatches a pause (or unpause) to every target's chain, at once. Only the council.
    function dispatchEmergency(bytes32 actionId, bool pause, EmergencyTarget[] calldata targets) external;

    /// @notice Sends a no-op canary message to every configured chain, through the same outbox,
    /// guardians, adapters and receiver checks as an upgrade. Only a reporter, at most once per
    /// `CANARY_INTERVAL`. A receiver only records a canary as consumed and emits `CanaryReceived`.
    /// @return canaryId the canary's id, under which its messages are tracked
    function dispatchCanary() external returns (bytes32 canaryId);

    /// @notice The hub block time of the last canary (0 before the first).
    function lastCanaryAt() external view returns (uint40);

    /// @notice Records a message's progress on its destination (queued, then executed).
    /// @dev Only a reporter. State only moves forward. Emits `DeliveryStateUpdated`.
    function markDelivery(bytes32 messageId, DeliveryState state) external;

    /// @notice Whether every message of a proposal (or emergency action) reached `atLeast`.
    /// @return ready true when all messages did
    /// @return reached how many messages did
    /// @return total how many messages the dispatch sent
    function allChainsReached(bytes32 id, DeliveryState atLeast)
        external
        view
        returns (bool ready, uint256 reached, uint256 total);

    /// @notice The timelock allowed to dispatch upgrades.
    function timelock() external view returns (address);

    /// @notice The council allowed to dispatch emergencies.
    function council() external view returns (address);

    /// @notice The next outbox nonce.
    function nonce() external view returns (uint64);

    /// @notice Every configured chain id, in configuration order.
    function chainIds() external view returns (uint64[] memory);

    /// @notice A chain's configuration (`receiver == address(0)` when unknown).
    function chainConfig(uint64 chainId) external view returns (ChainConfig memory);

    /// @notice Whether `account` may record delivery progress.
    function isReporter(address account) external view returns (bool);

    /// @notice The messages a proposal (or emergency action) was dispatched as.
    function messagesOf(bytes32 id) external view returns (bytes32[] memory);

    /// @notice A message's destination and delivery state.
    function messageState(bytes32 messageId) external view returns (uint64 chainId, DeliveryState state);
}
