// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../bridge/MessageCodec.sol";
import {UpgradePayload} from "../bridge/UpgradePayload.sol";
import {IGovernanceHub} from "../interfaces/IGovernanceHub.sol";

/// @title GovernanceHub
/// @notice The home chain's outbox for Lockstep. It turns an approved upgrade into one message
/// per target chain, all carrying the same activation time, and an emergency action into
/// immediate pause/unpause messages.
/// @dev Trust model:
/// - Only the timelock may dispatch upgrades: an upgrade has passed the council's quorum and the
///   timelock's delay before it gets here.
/// - Only the council may dispatch emergencies, which can only pause or unpause (the payload kind
///   has no implementation field), and skip the timelock by design.
/// - Only the timelock may change chain configuration or reporters (a council `Config` proposal,
///   through the timelock like an upgrade).
/// - Every timelocked call carries the proposal's deadline: an operation forgotten in the
///   timelock (OpenZeppelin operations never expire) cannot run after its proposal's lifetime.
/// - Reporters (relayers, guardian nodes) only annotate delivery progress for the final
///   "all chains ready" check; they cannot create, alter or block messages, and state only moves
///   forward. Receivers never read this state: it is bookkeeping, not authorization.
/// - Reporters may also ask for a canary: a no-op message to every configured chain that proves
///   the whole path (guardians, adapters, receivers) is alive. It can carry no target and no
///   implementation, so a receiver can only record it; at most one canary per CANARY_INTERVAL
///   bounds what a leaked reporter key can make the guardians sign and the relayer pay for. Its
///   id is derived from the outbox nonce, so it never collides with (or blocks) a proposal's.
/// - Nothing here loops over unbounded input: actions and targets are capped, and so are chains.
contract GovernanceHub is IGovernanceHub {
    /// @notice Most chains the hub can be configured for. A dispatch to all of them, through the
    /// timelock, fits Ethereum's per-transaction gas cap of 2^24 (EIP-7825) with a realistic payload:
    /// grouping per chain is linear (test/hub/GovernanceHub.txcap.t.sol measures it).
    uint256 public constant MAX_CHAINS = 128;
    /// @notice Most actions (or emergency targets) in one dispatch: one per chain at the chain cap.
    uint256 public constant MAX_ACTIONS = MAX_CHAINS;
    /// @notice Least time between two canaries.
    uint256 public constant CANARY_INTERVAL = 5 minutes;
    /// @dev Domain of canary ids (`keccak256(abi.encode(CANARY_DOMAIN, nonce))`).
    bytes32 private constant CANARY_DOMAIN = keccak256("lockstep.canary");

    /// @dev What the hub knows about a message it sent.
    struct Sent {
        uint64 chainId;
        DeliveryState state;
    }

    address private immutable _TIMELOCK;
    address private immutable _COUNCIL;

    uint64 private _nonce;
    uint64[] private _chainIds;
    mapping(uint64 chainId => ChainConfig) private _chains;
    /// @dev A configured chain's 1-based position in `_chainIds` (0: not configured). Chains are
    /// never removed, so a position never changes; it lets a dispatch group actions in one pass.
    mapping(uint64 chainId => uint256 position) private _positions;
    mapping(address reporter => bool) private _reporters;
    mapping(bytes32 id => bytes32[] messageIds) private _dispatches;
    mapping(bytes32 messageId => Sent) private _sent;
    uint40 private _lastCanaryAt;

    modifier onlyTimelock() {
        if (msg.sender != _TIMELOCK) revert HubNotTimelock(msg.sender);
        _;
    }

    /// @param timelock_ the TimelockController whose executions dispatch upgrades
    /// @param council_ the SecurityCouncil allowed to dispatch emergencies
    /// @param chainIds_ the chains the hub reaches (the hub's own chain included, if it is upgraded too)
    /// @param configs each chain's receiver and timing, in `chainIds_` order
    /// @param reporters addresses allowed to record delivery progress
    constructor(
        address timelock_,
        address council_,
        uint64[] memory chainIds_,
        ChainConfig[] memory configs,
        address[] memory reporters
    ) {
        if (timelock_ == address(0) || council_ == address(0)) {
            revert HubZeroAddress();
        }
        if (chainIds_.length != configs.length) revert HubLengthMismatch(chainIds_.length, configs.length);
        _TIMELOCK = timelock_;
        _COUNCIL = council_;
        for (uint256 i = 0; i < chainIds_.length; ++i) {
            _setChainConfig(chainIds_[i], configs[i]);
        }
        for (uint256 i = 0; i < reporters.length; ++i) {
            _setReporter(reporters[i], true);
        }
    }

    // ─── Dispatch ───────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IGovernanceHub
    /// @dev Only the timelock, before `deadline`. Emits `MessageDispatched` per target chain, then
    /// `UpgradeDispatched`. Requires every action's chain to be configured and the proposal not
    /// dispatched before.
    function dispatchUpgrade(bytes32 proposalId, uint40 deadline, ChainAction[] calldata actions)
        external
        onlyTimelock
        returns (uint40 activationTime)
    {
        _checkDeadline(proposalId, deadline);
        _checkFresh(proposalId, actions.length);
        uint256 n = actions.length;
        uint64[] memory itemChains = new uint64[](n);
        for (uint256 i = 0; i < n; ++i) {
            itemChains[i] = actions[i].chainId;
        }
        (uint64[] memory targets, uint256[] memory groupOf, uint256[] memory sizes) = _group(itemChains);
        activationTime = _activationTime(targets);
        UpgradePayload.UpgradeAction[][] memory grouped = new UpgradePayload.UpgradeAction[][](targets.length);
        for (uint256 c = 0; c < targets.length; ++c) {
            grouped[c] = new UpgradePayload.UpgradeAction[](sizes[c]);
            sizes[c] = 0; // from here on: how many of chain c's actions are placed
        }
        for (uint256 i = 0; i < n; ++i) {
            ChainAction calldata a = actions[i];
            uint256 c = groupOf[i];
            grouped[c][sizes[c]++] = UpgradePayload.UpgradeAction({
                proxy: a.proxy,
                previousImplementation: a.previousImplementation,
                implementation: a.implementation,
                codehash: a.codehash,
                data: a.data
            });
        }
        for (uint256 c = 0; c < targets.length; ++c) {
            UpgradePayload.Upgrade memory upgrade = UpgradePayload.Upgrade({
                proposalId: proposalId, activationTime: activationTime, actions: grouped[c]
            });
            _send(proposalId, targets[c], UpgradePayload.encodeUpgrade(upgrade));
        }
        emit UpgradeDispatched(proposalId, activationTime, targets.length);
    }

    /// @inheritdoc IGovernanceHub
    /// @dev Only the council (its emergency quorum). Emits `MessageDispatched` per target chain,
    /// then `EmergencyDispatched`. The payload can only pause or unpause.
    function dispatchEmergency(bytes32 actionId, bool pause, EmergencyTarget[] calldata targets) external {
        if (msg.sender != _COUNCIL) revert HubNotCouncil(msg.sender);
        _checkFresh(actionId, targets.length);
        uint256 n = targets.length;
        uint64[] memory itemChains = new uint64[](n);
        for (uint256 i = 0; i < n; ++i) {
            itemChains[i] = targets[i].chainId;
        }
        (uint64[] memory chains, uint256[] memory groupOf, uint256[] memory sizes) = _group(itemChains);
        uint256 count = chains.length;
        address[][] memory grouped = new address[][](count);
        for (uint256 c = 0; c < count; ++c) {
            grouped[c] = new address[](sizes[c]);
            sizes[c] = 0; // from here on: how many of chain c's targets are placed
        }
        for (uint256 i = 0; i < n; ++i) {
            uint256 c = groupOf[i];
            grouped[c][sizes[c]++] = targets[i].target;
        }
        for (uint256 c = 0; c < count; ++c) {
            UpgradePayload.Emergency memory emergency = UpgradePayload.Emergency({
                actionId: actionId, issuedAt: uint40(block.timestamp), targets: grouped[c]
            });
            _send(actionId, chains[c], UpgradePayload.encodeEmergency(pause, emergency));
        }
        emit EmergencyDispatched(actionId, pause, count);
    }

    /// @inheritdoc IGovernanceHub
    /// @dev Only a reporter, at most once per CANARY_INTERVAL. Emits `MessageDispatched` per
    /// configured chain, then `CanaryDispatched`.
    function dispatchCanary() external returns (bytes32 canaryId) {
        if (!_reporters[msg.sender]) revert HubNotReporter(msg.sender);
        uint40 last = _lastCanaryAt;
        uint256 next = uint256(last) + CANARY_INTERVAL;
        if (last != 0 && block.timestamp < next) revert HubCanaryTooSoon(last, next, block.timestamp);
        uint40 sentAt = uint40(block.timestamp);
        _lastCanaryAt = sentAt;
        canaryId = keccak256(abi.encode(CANARY_DOMAIN, _nonce));
        uint256 count = _chainIds.length;
        _checkFresh(canaryId, count);
        bytes memory payload =
            UpgradePayload.encodeCanary(UpgradePayload.Canary({canaryId: canaryId, sentAt: sentAt}));
        // Bounded: at most MAX_CHAINS chains are ever configured.
        for (uint256 c = 0; c < count; ++c) {
            _send(canaryId, _chainIds[c], payload);
        }
        emit CanaryDispatched(canaryId, sentAt, count, msg.sender);
    }

    // ─── Delivery tracking ──────────────────────────────────────────────────────────────────

    /// @inheritdoc IGovernanceHub
    function markDelivery(bytes32 messageId, DeliveryState state) external {
        if (!_reporters[msg.sender]) revert HubNotReporter(msg.sender);
        Sent storage sent = _sent[messageId];
        if (sent.state == DeliveryState.None) revert HubUnknownMessage(messageId);
        if (state <= sent.state) revert HubStateNotForward(messageId, sent.state, state);
        sent.state = state;
        emit DeliveryStateUpdated(messageId, sent.chainId, state);
    }

    /// @inheritdoc IGovernanceHub
    function allChainsReached(bytes32 id, DeliveryState atLeast)
        external
        view
        returns (bool ready, uint256 reached, uint256 total)
    {
        bytes32[] storage ids = _dispatches[id];
        total = ids.length;
        for (uint256 i = 0; i < total; ++i) {
            if (_sent[ids[i]].state >= atLeast) ++reached;
        }
        ready = total > 0 && reached == total;
    }

    // ─── Administration (timelock only) ────────────────────────────────────────────────────

    /// @inheritdoc IGovernanceHub
    /// @dev Emits `ChainConfigured` per chain and `ReporterSet` per reporter.
    function configure(
        bytes32 proposalId,
        uint40 deadline,
        uint64[] calldata chainIds_,
        ChainConfig[] calldata configs,
        ReporterUpdate[] calldata reporters
    ) external onlyTimelock {
        _checkDeadline(proposalId, deadline);
        if (chainIds_.length != configs.length) revert HubLengthMismatch(chainIds_.length, configs.length);
        uint256 changes = chainIds_.length + reporters.length;
        if (changes == 0 || chainIds_.length > MAX_CHAINS || reporters.length > MAX_CHAINS) {
            revert HubInvalidConfigCount(chainIds_.length, reporters.length, MAX_CHAINS);
        }
        for (uint256 i = 0; i < chainIds_.length; ++i) {
            _setChainConfig(chainIds_[i], configs[i]);
        }
        for (uint256 i = 0; i < reporters.length; ++i) {
            _setReporter(reporters[i].reporter, reporters[i].allowed);
        }
    }

    // ─── Views ──────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IGovernanceHub
    function timelock() external view returns (address) {
        return _TIMELOCK;
    }

    /// @inheritdoc IGovernanceHub
    function council() external view returns (address) {
        return _COUNCIL;
    }

    /// @inheritdoc IGovernanceHub
    function nonce() external view returns (uint64) {
        return _nonce;
    }

    /// @inheritdoc IGovernanceHub
    function chainIds() external view returns (uint64[] memory) {
        return _chainIds;
    }

    /// @inheritdoc IGovernanceHub
    function chainConfig(uint64 chainId) external view returns (ChainConfig memory) {
        return _chains[chainId];
    }

    /// @inheritdoc IGovernanceHub
    function lastCanaryAt() external view returns (uint40) {
        return _lastCanaryAt;
    }

    /// @inheritdoc IGovernanceHub
    function isReporter(address account) external view returns (bool) {
        return _reporters[account];
    }

    /// @inheritdoc IGovernanceHub
    function messagesOf(bytes32 id) external view returns (bytes32[] memory) {
        return _dispatches[id];
    }

    /// @inheritdoc IGovernanceHub
    function messageState(bytes32 messageId) external view returns (uint64 chainId, DeliveryState state) {
        Sent storage sent = _sent[messageId];
        return (sent.chainId, sent.state);
    }

    // ─── Internals ──────────────────────────────────────────────────────────────────────────

    /// @dev SECURITY: OpenZeppelin timelock operations never expire; the proposal's deadline does.
    function _checkDeadline(bytes32 proposalId, uint40 deadline) private view {
        if (block.timestamp >= deadline) revert HubProposalExpired(proposalId, deadline, block.timestamp);
    }

    function _checkFresh(bytes32 id, uint256 count) private view {
        if (count == 0 || count > MAX_ACTIONS) revert HubInvalidActionCount(count, MAX_ACTIONS);
        if (_dispatches[id].length != 0) revert HubAlreadyDispatched(id);
    }

    /// @dev Builds, records and emits one message to `chainId`'s receiver.
    function _send(bytes32 id, uint64 chainId, bytes memory payload) private {
        MessageCodec.Message memory message = MessageCodec.Message({
            version: MessageCodec.VERSION,
            nonce: _nonce++,
            srcChainId: uint64(block.chainid),
            dstChainId: chainId,
            sender: address(this),
            receiver: _chains[chainId].receiver,
            payload: payload
        });
        bytes32 messageId = MessageCodec.id(message);
        _sent[messageId] = Sent({chainId: chainId, state: DeliveryState.Dispatched});
        _dispatches[id].push(messageId);
        emit MessageDispatched(messageId, chainId, message.nonce, MessageCodec.encode(message));
    }

    /// @dev One shared activation time: late enough for the slowest chain to receive the message
    /// (its delivery margin) and then wait out its local minimum delay.
    function _activationTime(uint64[] memory targets) private view returns (uint40) {
        uint256 lead;
        for (uint256 c = 0; c < targets.length; ++c) {
            ChainConfig storage config = _chains[targets[c]];
            uint256 need = uint256(config.deliveryMargin) + config.minDelay;
            if (need > lead) lead = need;
        }
        return uint40(block.timestamp + lead);
    }

    /// @dev Groups items by chain in one pass over them (linear: the per-chain scan it replaces was
    /// quadratic and put a 128-chain dispatch over Ethereum's per-transaction gas cap).
    /// Every item's chain must be configured. The grouping is the one receivers rely on: chains in
    /// first-seen order; the caller places each chain's items in input order.
    /// @param itemChains each item's chain id, in input order
    /// @return chains the distinct chains, in first-seen order
    /// @return groupOf each item's index in `chains`
    /// @return sizes how many items each chain has
    function _group(uint64[] memory itemChains)
        private
        view
        returns (uint64[] memory chains, uint256[] memory groupOf, uint256[] memory sizes)
    {
        uint256 n = itemChains.length;
        chains = new uint64[](n);
        groupOf = new uint256[](n);
        sizes = new uint256[](n);
        // Configured position (1-based) -> 1 + the chain's index in `chains`; 0 when not seen yet.
        uint256[] memory seen = new uint256[](_chainIds.length + 1);
        uint256 count;
        for (uint256 i = 0; i < n; ++i) {
            uint64 chainId = itemChains[i];
            uint256 position = _positions[chainId];
            if (position == 0) revert HubUnknownChain(chainId);
            uint256 c = seen[position];
            if (c == 0) {
                chains[count] = chainId;
                c = ++count;
                seen[position] = c;
            }
            groupOf[i] = c - 1;
            ++sizes[c - 1];
        }
        assembly ("memory-safe") {
            mstore(chains, count) // shrink to the distinct count; the array only ever shrinks
            mstore(sizes, count)
        }
    }

    function _setChainConfig(uint64 chainId, ChainConfig memory config) private {
        if (chainId == 0 || config.receiver == address(0) || config.gracePeriod == 0) {
            revert HubInvalidChainConfig(chainId);
        }
        if (_chains[chainId].receiver == address(0)) {
            if (_chainIds.length == MAX_CHAINS) revert HubTooManyChains(_chainIds.length + 1, MAX_CHAINS);
            _chainIds.push(chainId);
            _positions[chainId] = _chainIds.length;
        }
        _chains[chainId] = config;
        emit ChainConfigured(chainId, config);
    }

    function _setReporter(address reporter, bool allowed) private {
        if (reporter == address(0)) revert HubZeroAddress();
        _reporters[reporter] = allowed;
        emit ReporterSet(reporter, allowed);
    }
}
