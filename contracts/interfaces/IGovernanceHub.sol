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

    /// @notice Emitted when a reporter records a message's progress on its destination.
    event DeliveryStateUpdated(bytes32 indexed messageId, uint64 indexed chainId, DeliveryState state);

    /// @notice Emitted when a chain's configuration is set.
    event ChainConfigured(uint64 indexed chainId, ChainConfig config);

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
}
