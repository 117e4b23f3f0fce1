// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../interfaces/ISecurityCouncil.sol";
import {CodeStore} from "./CodeStore.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title SecurityCouncil
/// @notice The M-of-N council that proposes every upgrade on the home chain.
/// @dev Size: one contract on purpose (~550 lines). Members, terms, approvals and the emergency
/// quorum share the member snapshot each proposal takes; splitting them would spread that snapshot's
/// invariants across files.
/// @dev Trust model:
/// - Members are trusted as a quorum, never alone. Upgrades, rotations and hub configuration
///   changes need `threshold` (at least ceil(2N/3)) approvals and then wait the timelock's delay;
///   pauses and vetoes need `emergencyThreshold` (more than N/3, at most `threshold`) and act at
///   once. An unpause acts at once too but needs `threshold`: it cannot change code, and keeping a
///   fixed protocol paused for a timelock would be a denial of service, but it re-exposes what the
///   pause protected, so a pause's small quorum is not enough.
/// - The emergency path can only build `hub.dispatchEmergency` calls and timelock cancellations:
///   no code path turns an emergency or cancel quorum into an upgrade.
/// - Every timelocked call carries its proposal's expiry as a deadline that its target enforces
///   (OpenZeppelin operations never expire): nothing runs after the proposal lifetime, and
///   `schedule` refuses what would only become ready after it.
/// - Terms end in cohorts (`TERM_STAGGER`): no member set lets more than N - threshold seats end
///   together, so the council can always rotate itself when its first cohort runs out.
/// - The timelock (OpenZeppelin, unmodified) is trusted to enforce its delay. The council must
///   hold its PROPOSER_ROLE and CANCELLER_ROLE; it is deployed with the timelock's address
///   computed in advance, so neither needs a one-shot setter.
/// - The only call the council can make to itself is `setMembers`, and only through the timelock.
/// - A proposal is decided by its snapshot: the member set, term ends and thresholds current when
///   it was created. Members added later cannot approve it; members removed later still can until
///   their term in that snapshot ends. The current emergency quorum can veto such a proposal.
/// - Each proposal stores its content (the exact timelock call for upgrades, rotations and
///   configuration changes, the pause flag and targets for emergencies), so `schedule` and
///   `executeEmergency` take only its id and anyone can trigger them once approved. The content is
///   kept as the code of contracts the council deploys itself (`CodeStore`: a STOP byte, then the
///   bytes), which no one can change afterwards; it is ~3.4x cheaper than storage words, so a
///   128-chain upgrade proposal fits one Ethereum transaction (EIP-7825).
contract SecurityCouncil is ISecurityCouncil, EIP712 {
    /// @notice Smallest council.
    uint256 public constant MIN_MEMBERS = 5;
    /// @notice Largest council (fits the 16-bit approval bitmap).
    uint256 public constant MAX_MEMBERS = 9;
    /// @notice Most actions in one upgrade proposal: one per chain at the hub's chain cap (128).
    uint256 public constant MAX_ACTIONS = 128;
    /// @notice Most bytes of `upgradeToAndCall` data in one action.
    uint256 public constant MAX_ACTION_DATA = 4096;
    /// @notice Most targets in one emergency proposal: one per chain at the hub's chain cap (128).
    uint256 public constant MAX_TARGETS = 128;
    /// @notice Longest audit report URI.
    uint256 public constant MAX_URI_LENGTH = 512;
    /// @notice Upgrades, rotations and configuration changes must be approved, scheduled and run
    /// within this time of their creation.
    uint40 public constant PROPOSAL_LIFETIME = 30 days;
    /// @notice Emergency and cancel proposals must be executed within this time of their creation.
    uint40 public constant EMERGENCY_LIFETIME = 3 days;
    /// @notice Seats whose terms end less than this apart count as one cohort (see `_checkStaggered`).
    uint256 public constant TERM_STAGGER = 30 days;
    /// @notice EIP-712 type of an approval.
    bytes32 public constant APPROVAL_TYPEHASH = keccak256("Approval(bytes32 proposalId,uint8 kind)");
    /// @notice Domain tag of proposal ids.
    bytes32 public constant PROPOSAL_ID_TAG = keccak256("Lockstep.SecurityCouncil.ProposalId.v1");

    /// @dev A member's seat in one member set: `termEnd == 0` means no seat.
    struct Seat {
        uint40 termEnd;
        uint8 index;
    }

    /// @dev One member set's thresholds.
    struct Thresholds {
        uint8 threshold;
        uint8 emergencyThreshold;
    }

    TimelockController private immutable _timelock;
    IGovernanceHub private immutable _hub;

    uint32 private _membersVersion;
    uint64 private _nonce;
    mapping(uint32 version => address[] list) private _memberList;
    mapping(uint32 version => mapping(address member => Seat)) private _seats;
    mapping(uint32 version => Thresholds) private _thresholds;
    mapping(bytes32 proposalId => Proposal) private _proposals;
    mapping(bytes32 proposalId => address[] chunks) private _callCode;
    mapping(bytes32 cancelId => bytes32 proposalId) private _cancelTargets;

    modifier onlyTimelock() {
        if (msg.sender != address(_timelock)) revert CouncilOnlyTimelock(msg.sender);
        _;
    }

    /// @param members_ initial members, strictly ascending
    /// @param termEnds their term ends, each in the future
    /// @param threshold_ approvals for upgrades and rotations, in [ceil(2N/3), N]
    /// @param emergencyThreshold_ approvals for pauses and vetoes, in [floor(N/3) + 1, threshold_]
    /// @param timelock_ the timelock granting this council PROPOSER_ROLE and CANCELLER_ROLE
    /// @param hub_ the governance hub
    constructor(
        address[] memory members_,
        uint40[] memory termEnds,
        uint8 threshold_,
        uint8 emergencyThreshold_,
        TimelockController timelock_,
        IGovernanceHub hub_
    ) EIP712("Lockstep Security Council", "1") {
        if (address(timelock_) == address(0) || address(hub_) == address(0)) {
            revert CouncilZeroAddress();
        }
        _timelock = timelock_;
        _hub = hub_;
        _setMembers(members_, termEnds, threshold_, emergencyThreshold_);
    }

    // ─── Proposals ──────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ISecurityCouncil
    function proposeUpgrade(
        IGovernanceHub.ChainAction[] calldata actions,
        bytes32 auditReportHash,
        string calldata auditReportUri
    ) external returns (bytes32 proposalId) {
        _validateActions(actions);
        if (auditReportHash == bytes32(0) || bytes(auditReportUri).length > MAX_URI_LENGTH) {
            revert CouncilInvalidAuditReport(auditReportHash, bytes(auditReportUri).length);
        }
        uint40 deadline;
        (proposalId, deadline) =
            _create(ProposalKind.Upgrade, keccak256(abi.encode(actions, auditReportHash)));
        // SECURITY: the timelocked call is fixed here and can only be dispatchUpgrade on the hub,
        // which refuses it from the proposal's expiry on.
        _callCode[proposalId] =
            CodeStore.write(abi.encodeCall(IGovernanceHub.dispatchUpgrade, (proposalId, deadline, actions)));
        emit UpgradeProposed(proposalId, actions, auditReportHash, auditReportUri);
    }

    /// @inheritdoc ISecurityCouncil
    function proposeRotation(
        address[] calldata members_,
        uint40[] calldata termEnds,
        uint8 threshold_,
        uint8 emergencyThreshold_
    ) external returns (bytes32 proposalId) {
        _validateSet(members_, termEnds, threshold_, emergencyThreshold_);
        uint40 deadline = uint40(block.timestamp) + PROPOSAL_LIFETIME;
        bytes memory data = abi.encodeCall(
            ISecurityCouncil.setMembers, (deadline, members_, termEnds, threshold_, emergencyThreshold_)
        );
        (proposalId,) = _create(ProposalKind.Rotation, keccak256(data));
        _callCode[proposalId] = CodeStore.write(data);
        emit RotationProposed(proposalId, members_, termEnds, threshold_, emergencyThreshold_);
    }

    /// @inheritdoc ISecurityCouncil
    function proposeConfig(
        uint64[] calldata chainIds,
        IGovernanceHub.ChainConfig[] calldata configs,
        IGovernanceHub.ReporterUpdate[] calldata reporters
    ) external returns (bytes32 proposalId) {
        uint256 changes = chainIds.length + reporters.length;
        if (
            chainIds.length != configs.length || changes == 0 || chainIds.length > MAX_TARGETS
                || reporters.length > MAX_TARGETS
        ) revert CouncilInvalidConfig(chainIds.length, configs.length, reporters.length);
        uint40 deadline;
        (proposalId, deadline) =
            _create(ProposalKind.Config, keccak256(abi.encode(chainIds, configs, reporters)));
        // SECURITY: the timelocked call can only be `configure` on the hub, until the deadline.
        _callCode[proposalId] = CodeStore.write(
            abi.encodeCall(IGovernanceHub.configure, (proposalId, deadline, chainIds, configs, reporters))
        );
        emit ConfigProposed(proposalId, chainIds, configs, reporters);
    }

    /// @inheritdoc ISecurityCouncil
    function proposeEmergency(bool pause, IGovernanceHub.EmergencyTarget[] calldata targets)
        external
        returns (bytes32 actionId)
    {
        uint256 count = targets.length;
        if (count == 0 || count > MAX_TARGETS) revert CouncilTargetCountOutOfRange(count, MAX_TARGETS);
        for (uint256 i; i < count; ++i) {
            IGovernanceHub.EmergencyTarget calldata t = targets[i];
            if (t.chainId == 0 || t.target == address(0)) {
                revert CouncilInvalidEmergencyTarget(i, t.chainId, t.target);
            }
        }
        (actionId,) = _create(ProposalKind.Emergency, keccak256(abi.encode(pause, targets)));
        _callCode[actionId] = CodeStore.write(abi.encode(pause, targets));
        emit EmergencyProposed(actionId, pause, targets);
    }

    /// @inheritdoc ISecurityCouncil
    function proposeCancel(bytes32 proposalId) external returns (bytes32 cancelId) {
        _requireCancellable(proposalId);
        (cancelId,) = _create(ProposalKind.Cancel, proposalId);
        _cancelTargets[cancelId] = proposalId;
        emit CancelProposed(cancelId, proposalId);
    }

    // ─── Approvals ──────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ISecurityCouncil
    function approve(bytes32 proposalId) external {
        Proposal storage p = _openProposal(proposalId);
        _recordApproval(p, proposalId, msg.sender);
    }

    /// @inheritdoc ISecurityCouncil
    /// @dev Reverts (rather than skips) on a signer who already approved, so a relayer learns
    /// that its batch is stale instead of paying for a partial no-op.
    function approveBySig(bytes32 proposalId, address[] calldata signers, bytes[] calldata signatures)
        external
    {
        uint256 count = signers.length;
        if (count == 0 || count > MAX_MEMBERS || count != signatures.length) {
            revert CouncilSignatureCountInvalid(count, signatures.length);
        }
        Proposal storage p = _openProposal(proposalId);
        bytes32 digest = _approvalDigest(proposalId, p.kind);
        address previous;
        for (uint256 i; i < count; ++i) {
            address signer = signers[i];
            // SECURITY: strictly ascending signers cannot repeat.
            if (signer <= previous) revert CouncilSignersNotAscending(i, signer);
            previous = signer;
            // SECURITY: SignatureChecker rejects malleable (high-s) ECDSA signatures and supports
            // ERC-1271 members; the digest binds the proposal, its kind, this contract and chain.
            if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signatures[i])) {
                revert CouncilInvalidSignature(proposalId, signer);
            }
            _recordApproval(p, proposalId, signer);
        }
    }

    // ─── Execution ──────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ISecurityCouncil
    function schedule(bytes32 proposalId) external returns (bytes32 opId) {
        Proposal storage p = _openProposal(proposalId);
        if (!_isTimelocked(p.kind)) revert CouncilWrongKind(proposalId, p.kind);
        _requireQuorum(p, proposalId);
        uint256 delay = _timelock.getMinDelay();
        // SECURITY: the target refuses the call from `expiresAt` on; never schedule what cannot run.
        uint256 readyAt = block.timestamp + delay;
        if (readyAt >= p.expiresAt) revert CouncilExpiresInTimelock(proposalId, readyAt, p.expiresAt);
        p.status = ProposalStatus.Scheduled;
        (address target, bytes memory data) = _callOf(proposalId, p.kind);
        opId = _timelock.hashOperation(target, 0, data, bytes32(0), proposalId);
        emit ProposalScheduled(proposalId, opId, delay);
        // SECURITY: salt = proposalId, so each proposal maps to exactly one timelock operation.
        _timelock.schedule(target, 0, data, bytes32(0), proposalId, delay);
    }

    /// @inheritdoc ISecurityCouncil
    function executeEmergency(bytes32 actionId) external {
        Proposal storage p = _openProposal(actionId);
        if (p.kind != ProposalKind.Emergency) revert CouncilWrongKind(actionId, p.kind);
        _requireQuorum(p, actionId);
        p.status = ProposalStatus.Executed;
        (bool pause, IGovernanceHub.EmergencyTarget[] memory targets) = _emergencyOf(actionId);
        emit EmergencyExecuted(actionId, pause, targets.length);
        // SECURITY: the emergency path can only ever call dispatchEmergency (pause or unpause).
        _hub.dispatchEmergency(actionId, pause, targets);
    }

    /// @inheritdoc ISecurityCouncil
    function executeCancel(bytes32 cancelId) external {
        Proposal storage c = _openProposal(cancelId);
        if (c.kind != ProposalKind.Cancel) revert CouncilWrongKind(cancelId, c.kind);
        _requireQuorum(c, cancelId);
        bytes32 proposalId = _cancelTargets[cancelId];
        Proposal storage p = _requireCancellable(proposalId);
        bool wasScheduled = p.status == ProposalStatus.Scheduled;
        c.status = ProposalStatus.Executed;
        p.status = ProposalStatus.Cancelled;
        emit ProposalCancelled(proposalId, cancelId, wasScheduled);
        if (wasScheduled) _timelock.cancel(operationId(proposalId));
    }

    /// @inheritdoc ISecurityCouncil
    function setMembers(
        uint40 deadline,
        address[] calldata members_,
        uint40[] calldata termEnds,
        uint8 threshold_,
        uint8 emergencyThreshold_
    ) external onlyTimelock {
        // SECURITY: a rotation forgotten in the timelock cannot bring back an old member set.
        if (block.timestamp >= deadline) revert CouncilProposalExpired(bytes32(0), deadline);
        _setMembers(members_, termEnds, threshold_, emergencyThreshold_);
    }

    // ─── Views ──────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc ISecurityCouncil
    function approvalDigest(bytes32 proposalId) external view returns (bytes32) {
        return _approvalDigest(proposalId, _proposals[proposalId].kind);
    }

    /// @inheritdoc ISecurityCouncil
    function proposal(bytes32 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc ISecurityCouncil
    function proposalCall(bytes32 proposalId) external view returns (address target, bytes memory data) {
        return _callOf(proposalId, _proposals[proposalId].kind);
    }

    /// @inheritdoc ISecurityCouncil
    function proposalCallCode(bytes32 proposalId) external view returns (address[] memory) {
        return _callCode[proposalId];
    }

    /// @inheritdoc ISecurityCouncil
    function cancelTarget(bytes32 cancelId) external view returns (bytes32) {
        return _cancelTargets[cancelId];
    }

    /// @inheritdoc ISecurityCouncil
    function operationId(bytes32 proposalId) public view returns (bytes32) {
        (address target, bytes memory data) = _callOf(proposalId, _proposals[proposalId].kind);
        return _timelock.hashOperation(target, 0, data, bytes32(0), proposalId);
    }

    /// @inheritdoc ISecurityCouncil
    function approvals(bytes32 proposalId) external view returns (uint256) {
        return _proposals[proposalId].approvalCount;
    }

    /// @inheritdoc ISecurityCouncil
    function quorum(bytes32 proposalId) public view returns (uint256) {
        Proposal storage p = _proposals[proposalId];
        Thresholds storage t = _thresholds[p.membersVersion];
        if (_isTimelocked(p.kind)) return t.threshold;
        if (p.kind == ProposalKind.Emergency) {
            // An unpause re-exposes whatever the pause protected: the full threshold, no timelock
            // (it cannot change code). Only a pause is fast.
            (bool pause,) = _emergencyOf(proposalId);
            return pause ? t.emergencyThreshold : t.threshold;
        }
        if (p.kind == ProposalKind.Cancel) return t.emergencyThreshold;
        return type(uint256).max;
    }

    /// @inheritdoc ISecurityCouncil
    function hasApproved(bytes32 proposalId, address member) external view returns (bool) {
        Proposal storage p = _proposals[proposalId];
        Seat memory seat = _seats[p.membersVersion][member];
        return seat.termEnd != 0 && (p.approvalBitmap >> seat.index) & 1 == 1;
    }

    /// @inheritdoc ISecurityCouncil
    function isMember(address account) external view returns (bool) {
        return block.timestamp < _seats[_membersVersion][account].termEnd;
    }

    /// @inheritdoc ISecurityCouncil
    function members() external view returns (address[] memory) {
        return _memberList[_membersVersion];
    }

    /// @inheritdoc ISecurityCouncil
    function termEnd(uint32 version, address member) external view returns (uint40) {
        return _seats[version][member].termEnd;
    }

    /// @inheritdoc ISecurityCouncil
    function threshold() external view returns (uint8) {
        return _thresholds[_membersVersion].threshold;
    }

    /// @inheritdoc ISecurityCouncil
    function emergencyThreshold() external view returns (uint8) {
        return _thresholds[_membersVersion].emergencyThreshold;
    }

    /// @inheritdoc ISecurityCouncil
    function membersVersion() external view returns (uint32) {
        return _membersVersion;
    }

    /// @inheritdoc ISecurityCouncil
    function proposalNonce() external view returns (uint64) {
        return _nonce;
    }

    /// @inheritdoc ISecurityCouncil
    function timelock() external view returns (address) {
        return address(_timelock);
    }

    /// @inheritdoc ISecurityCouncil
    function hub() external view returns (IGovernanceHub) {
        return _hub;
    }

    // ─── Internals ──────────────────────────────────────────────────────────────────────────

    /// @dev Creates a pending proposal snapshotted on the current member set. The id commits to
    /// a domain tag, this contract, the chain, a nonce, the kind and `contentHash`.
    function _create(ProposalKind kind, bytes32 contentHash)
        private
        returns (bytes32 proposalId, uint40 expiresAt)
    {
        uint32 version = _membersVersion;
        _requireActiveSeat(version, msg.sender);
        proposalId =
            keccak256(abi.encode(PROPOSAL_ID_TAG, address(this), block.chainid, _nonce++, kind, contentHash));
        uint40 lifetime = _isTimelocked(kind) ? PROPOSAL_LIFETIME : EMERGENCY_LIFETIME;
        expiresAt = uint40(block.timestamp) + lifetime;
        _proposals[proposalId] = Proposal({
            kind: kind,
            status: ProposalStatus.Pending,
            membersVersion: version,
            createdAt: uint40(block.timestamp),
            expiresAt: expiresAt,
            approvalBitmap: 0,
            approvalCount: 0
        });
        emit ProposalCreated(proposalId, kind, msg.sender, version, expiresAt);
    }

    /// @dev Records `member`'s approval if it holds an unexpired seat in the proposal's snapshot.
    function _recordApproval(Proposal storage p, bytes32 proposalId, address member) private {
        // SECURITY: membership and term are read from the proposal's snapshot, never the current set.
        Seat memory seat = _requireActiveSeat(p.membersVersion, member);
        uint16 bit = uint16(1) << seat.index;
        if (p.approvalBitmap & bit != 0) revert CouncilAlreadyApproved(proposalId, member);
        p.approvalBitmap |= bit;
        uint8 count = p.approvalCount + 1;
        p.approvalCount = count;
        emit ProposalApproved(proposalId, member, count);
    }

    /// @dev Returns a proposal that exists, is pending and has not expired.
    function _openProposal(bytes32 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.kind == ProposalKind.None) revert CouncilUnknownProposal(proposalId);
        if (p.status != ProposalStatus.Pending) revert CouncilNotPending(proposalId, p.status);
        if (block.timestamp >= p.expiresAt) revert CouncilProposalExpired(proposalId, p.expiresAt);
    }

    /// @dev Reverts unless the proposal has the approvals its kind needs under its snapshot.
    function _requireQuorum(Proposal storage p, bytes32 proposalId) private view {
        uint256 required = quorum(proposalId);
        if (p.approvalCount < required) revert CouncilQuorumNotMet(proposalId, p.approvalCount, required);
    }

    /// @dev Returns a pending or scheduled upgrade or rotation, or reverts.
    function _requireCancellable(bytes32 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        bool timelocked = _isTimelocked(p.kind);
        bool open = p.status == ProposalStatus.Pending || p.status == ProposalStatus.Scheduled;
        if (!timelocked || !open) revert CouncilNotCancellable(proposalId, p.kind, p.status);
    }

    /// @dev Returns `account`'s seat in member set `version` if its term has not ended.
    function _requireActiveSeat(uint32 version, address account) private view returns (Seat memory seat) {
        seat = _seats[version][account];
        if (seat.termEnd == 0) revert CouncilNotMember(account, version);
        if (block.timestamp >= seat.termEnd) revert CouncilTermEnded(account, seat.termEnd);
    }

    /// @dev The target and data of a proposal's call.
    function _callOf(bytes32 proposalId, ProposalKind kind)
        private
        view
        returns (address target, bytes memory data)
    {
        if (kind == ProposalKind.Rotation) {
            (target, data) = (address(this), CodeStore.read(_callCode[proposalId]));
        } else if (kind == ProposalKind.Upgrade || kind == ProposalKind.Config) {
            (target, data) = (address(_hub), CodeStore.read(_callCode[proposalId]));
        } else if (kind == ProposalKind.Emergency) {
            (bool pause, IGovernanceHub.EmergencyTarget[] memory targets) = _emergencyOf(proposalId);
            (target, data) =
            (address(_hub), abi.encodeCall(IGovernanceHub.dispatchEmergency, (proposalId, pause, targets)));
        }
    }

    /// @dev The pause flag and targets of an emergency proposal.
    /// @dev Upgrades, rotations and configuration changes: threshold, timelock, proposal deadline.
    function _isTimelocked(ProposalKind kind) private pure returns (bool) {
        return kind == ProposalKind.Upgrade || kind == ProposalKind.Rotation || kind == ProposalKind.Config;
    }

    function _emergencyOf(bytes32 actionId)
        private
        view
        returns (bool pause, IGovernanceHub.EmergencyTarget[] memory targets)
    {
        return abi.decode(CodeStore.read(_callCode[actionId]), (bool, IGovernanceHub.EmergencyTarget[]));
    }

    function _approvalDigest(bytes32 proposalId, ProposalKind kind) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(APPROVAL_TYPEHASH, proposalId, uint8(kind))));
    }

    function _validateActions(IGovernanceHub.ChainAction[] calldata actions) private pure {
        uint256 count = actions.length;
        if (count == 0 || count > MAX_ACTIONS) revert CouncilActionCountOutOfRange(count, MAX_ACTIONS);
        for (uint256 i; i < count; ++i) {
            IGovernanceHub.ChainAction calldata a = actions[i];
            // SECURITY: keccak256("") is the codehash of an account without code.
            if (
                a.chainId == 0 || a.proxy == address(0) || a.implementation == address(0)
                    || a.previousImplementation == address(0) || a.codehash == bytes32(0)
                    || a.codehash == keccak256("")
            ) revert CouncilInvalidAction(i, a.chainId, a.proxy, a.implementation, a.codehash);
            if (a.data.length > MAX_ACTION_DATA) {
                revert CouncilActionDataTooLong(i, a.data.length, MAX_ACTION_DATA);
            }
        }
    }

    /// @dev Checks a member set: size, ascending order, future terms and both thresholds.
    function _validateSet(
        address[] memory members_,
        uint40[] memory termEnds,
        uint8 threshold_,
        uint8 emergencyThreshold_
    ) private view {
        uint256 n = members_.length;
        if (n < MIN_MEMBERS || n > MAX_MEMBERS) {
            revert CouncilMemberCountOutOfRange(n, MIN_MEMBERS, MAX_MEMBERS);
        }
        if (termEnds.length != n) revert CouncilLengthMismatch(n, termEnds.length);
        address previous;
        for (uint256 i; i < n; ++i) {
            // SECURITY: strictly ascending from zero rejects duplicates and the zero address.
            if (members_[i] <= previous) revert CouncilMembersNotAscending(i, members_[i]);
            previous = members_[i];
            if (termEnds[i] <= block.timestamp) revert CouncilTermInPast(members_[i], termEnds[i]);
        }
        uint256 minThreshold = (2 * n + 2) / 3; // ceil(2n/3)
        if (threshold_ < minThreshold || threshold_ > n) {
            revert CouncilThresholdOutOfRange(threshold_, minThreshold, n);
        }
        uint256 minEmergency = n / 3 + 1; // strictly more than a third
        if (emergencyThreshold_ < minEmergency || emergencyThreshold_ > threshold_) {
            revert CouncilEmergencyThresholdOutOfRange(emergencyThreshold_, minEmergency, threshold_);
        }
        _checkStaggered(termEnds, n - threshold_);
    }

    /// @dev SECURITY (liveness): terms end in cohorts. At most `maxTogether` seats (members beyond
    /// the threshold) may end within TERM_STAGGER of the earliest term end, so when the first
    /// cohort's seats run out, the others can still reach the threshold and rotate the council.
    /// Bounded: n <= MAX_MEMBERS.
    function _checkStaggered(uint40[] memory termEnds, uint256 maxTogether) private pure {
        uint256 earliest = type(uint256).max;
        for (uint256 i; i < termEnds.length; ++i) {
            if (termEnds[i] < earliest) earliest = termEnds[i];
        }
        uint256 together;
        for (uint256 i; i < termEnds.length; ++i) {
            if (termEnds[i] < earliest + TERM_STAGGER) ++together;
        }
        if (together > maxTogether) revert CouncilTermsNotStaggered(together, maxTogether);
    }

    /// @dev Validates and installs a new member set under a new version.
    function _setMembers(
        address[] memory members_,
        uint40[] memory termEnds,
        uint8 threshold_,
        uint8 emergencyThreshold_
    ) private {
        _validateSet(members_, termEnds, threshold_, emergencyThreshold_);
        uint32 version = ++_membersVersion;
        for (uint256 i; i < members_.length; ++i) {
            _seats[version][members_[i]] = Seat({termEnd: termEnds[i], index: uint8(i)});
        }
        _memberList[version] = members_;
        _thresholds[version] = Thresholds({threshold: threshold_, emergencyThreshold: emergencyThreshold_});
        emit MembersRotated(version, members_, termEnds, threshold_, emergencyThreshold_);
    }
}
