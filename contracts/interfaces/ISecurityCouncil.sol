// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "./IGovernanceHub.sol";

/// @title ISecurityCouncil
/// @notice The home chain's M-of-N security council. It is the only proposer and canceller of an
/// OpenZeppelin `TimelockController` and the only caller of the hub's emergency path.
/// @dev Every decision is a proposal with a kind. Upgrades and member rotations need the
/// threshold and go through the timelock; emergency pauses and cancellations need the emergency
/// threshold and take effect at once. Each proposal is decided by the member set (and the two
/// thresholds) that was current when it was created: its snapshot version.
interface ISecurityCouncil {
    /// @notice What a proposal does once approved.
    /// @dev `Upgrade`: schedule `hub.dispatchUpgrade` on the timelock (threshold).
    /// `Rotation`: schedule `council.setMembers` on the timelock (threshold).
    /// `Emergency`: call `hub.dispatchEmergency` at once (emergency threshold).
    /// `Cancel`: veto a pending or scheduled upgrade, rotation or config change (emergency threshold).
    /// `Config`: schedule `hub.configure` (chain configurations, reporters) on the timelock (threshold).
    /// An `Emergency` that unpauses needs the threshold (see `quorum`): only a pause is fast.
    enum ProposalKind {
        None,
        Upgrade,
        Rotation,
        Emergency,
        Cancel,
        Config
    }

    /// @notice Where a proposal stands. `Scheduled` means handed to the timelock; `Executed` means
    /// an emergency or cancel proposal took effect.
    enum ProposalStatus {
        None,
        Pending,
        Scheduled,
        Executed,
        Cancelled
    }

    /// @notice A proposal's record (one storage slot).
    /// @param kind what the proposal does
    /// @param status where it stands
    /// @param membersVersion the member set (snapshot) that decides it
    /// @param createdAt creation time
    /// @param expiresAt time from which it can no longer be approved, scheduled or executed
    /// @param approvalBitmap bit `i` is set when the member at index `i` of the snapshot approved
    /// @param approvalCount number of set bits in `approvalBitmap`
    struct Proposal {
        ProposalKind kind;
        ProposalStatus status;
        uint32 membersVersion;
        uint40 createdAt;
        uint40 expiresAt;
        uint16 approvalBitmap;
        uint8 approvalCount;
    }

    /// @dev Emitted when any proposal is created; the kind-specific event follows.
    event ProposalCreated(
        bytes32 indexed proposalId,
        ProposalKind indexed kind,
        address indexed proposer,
        uint32 membersVersion,
        uint40 expiresAt
    );
    /// @dev Emitted with an upgrade proposal's content.
    event UpgradeProposed(
        bytes32 indexed proposalId,
        IGovernanceHub.ChainAction[] actions,
        bytes32 auditReportHash,
        string auditReportUri
    );
    /// @dev Emitted with a rotation proposal's content.
    event RotationProposed(
        bytes32 indexed proposalId,
        address[] members,
        uint40[] termEnds,
        uint8 threshold,
        uint8 emergencyThreshold
    );
    /// @dev Emitted with a configuration proposal's content.
    event ConfigProposed(
        bytes32 indexed proposalId,
        uint64[] chainIds,
        IGovernanceHub.ChainConfig[] configs,
        IGovernanceHub.ReporterUpdate[] reporters
    );
    /// @dev Emitted with an emergency proposal's content.
    event EmergencyProposed(bytes32 indexed actionId, bool pause, IGovernanceHub.EmergencyTarget[] targets);
    /// @dev Emitted with a cancel proposal's target.
    event CancelProposed(bytes32 indexed cancelId, bytes32 indexed proposalId);
    /// @dev Emitted for every approval, on-chain or by signature.
    event ProposalApproved(bytes32 indexed proposalId, address indexed member, uint8 approvalCount);
    /// @dev Emitted when an approved upgrade or rotation was scheduled on the timelock.
    event ProposalScheduled(bytes32 indexed proposalId, bytes32 indexed operationId, uint256 delay);
    /// @dev Emitted when a cancel proposal vetoed `proposalId` (and cancelled its timelock operation
    /// when `wasScheduled`).
    event ProposalCancelled(bytes32 indexed proposalId, bytes32 indexed cancelId, bool wasScheduled);
    /// @dev Emitted when an emergency proposal was handed to the hub.
    event EmergencyExecuted(bytes32 indexed actionId, bool pause, uint256 targetCount);
    /// @dev Emitted when a new member set became current (constructor or timelocked rotation).
    event MembersRotated(
        uint32 indexed membersVersion,
        address[] members,
        uint40[] termEnds,
        uint8 threshold,
        uint8 emergencyThreshold
    );

    /// @dev The member count is outside [MIN_MEMBERS, MAX_MEMBERS].
    error CouncilMemberCountOutOfRange(uint256 count, uint256 min, uint256 max);
    /// @dev `members` and `termEnds` differ in length.
    error CouncilLengthMismatch(uint256 members, uint256 termEnds);
    /// @dev Members must be strictly ascending (which also rejects duplicates and the zero address).
    error CouncilMembersNotAscending(uint256 index, address member);
    /// @dev A new member's term would already be over.
    error CouncilTermInPast(address member, uint40 termEnd);
    /// @dev The threshold is outside [ceil(2N/3), N].
    error CouncilThresholdOutOfRange(uint8 threshold, uint256 min, uint256 max);
    /// @dev The emergency threshold is outside [floor(N/3) + 1, threshold].
    error CouncilEmergencyThresholdOutOfRange(uint8 emergencyThreshold, uint256 min, uint256 max);
    /// @dev The hub or the timelock is the zero address.
    error CouncilZeroAddress();
    /// @dev Only the timelock may call this function.
    error CouncilOnlyTimelock(address caller);
    /// @dev `account` is not a member of the member set `membersVersion`.
    error CouncilNotMember(address account, uint32 membersVersion);
    /// @dev `member`'s term in the relevant member set ended at `termEnd`.
    error CouncilTermEnded(address member, uint40 termEnd);
    /// @dev An upgrade proposal has no action or more than MAX_ACTIONS.
    error CouncilActionCountOutOfRange(uint256 count, uint256 max);
    /// @dev Action `index` has a zero chain id, proxy or implementation, or an empty codehash.
    error CouncilInvalidAction(
        uint256 index, uint64 chainId, address proxy, address implementation, bytes32 codehash
    );
    /// @dev Action `index` carries more than MAX_ACTION_DATA bytes of call data.
    error CouncilActionDataTooLong(uint256 index, uint256 length, uint256 max);
    /// @dev The audit report hash is zero or its URI is longer than MAX_URI_LENGTH.
    error CouncilInvalidAuditReport(bytes32 auditReportHash, uint256 uriLength);
    /// @dev An emergency proposal has no target or more than MAX_TARGETS.
    error CouncilTargetCountOutOfRange(uint256 count, uint256 max);
    /// @dev Emergency target `index` has a zero chain id or address.
    error CouncilInvalidEmergencyTarget(uint256 index, uint64 chainId, address target);
    /// @dev No proposal has this id.
    error CouncilUnknownProposal(bytes32 proposalId);
    /// @dev The proposal is of another kind than the function expects.
    error CouncilWrongKind(bytes32 proposalId, ProposalKind kind);
    /// @dev The proposal is no longer pending.
    error CouncilNotPending(bytes32 proposalId, ProposalStatus status);
    /// @dev The proposal expired at `expiresAt`.
    error CouncilProposalExpired(bytes32 proposalId, uint40 expiresAt);
    /// @dev `member` already approved the proposal.
    error CouncilAlreadyApproved(bytes32 proposalId, address member);
    /// @dev The proposal has `approvals` approvals and needs `required`.
    error CouncilQuorumNotMet(bytes32 proposalId, uint256 approvals, uint256 required);
    /// @dev `signers` and `signatures` differ in length, or are empty or longer than MAX_MEMBERS.
    error CouncilSignatureCountInvalid(uint256 signers, uint256 signatures);
    /// @dev Signers must be strictly ascending.
    error CouncilSignersNotAscending(uint256 index, address signer);
    /// @dev `signer`'s signature over the approval digest is invalid.
    error CouncilInvalidSignature(bytes32 proposalId, address signer);
    /// @dev Scheduling now would make the proposal ready only at or after its expiry (it could never run).
    error CouncilExpiresInTimelock(bytes32 proposalId, uint256 readyAt, uint40 expiresAt);
    /// @dev More than `maxSimultaneous` seats end within TERM_STAGGER of the earliest term end: once
    /// they end, fewer than the threshold remain and the council could no longer rotate itself.
    error CouncilTermsNotStaggered(uint256 endingTogether, uint256 maxSimultaneous);
    /// @dev A configuration proposal changes nothing, or its arrays are too long or differ in length.
    error CouncilInvalidConfig(uint256 chains, uint256 configs, uint256 reporters);
    /// @dev The proposal cannot be vetoed: it is not a pending or scheduled upgrade or rotation.
    error CouncilNotCancellable(bytes32 proposalId, ProposalKind kind, ProposalStatus status);

    /// @notice Proposes an upgrade of proxies on one or more chains. Only a current member.
    /// @dev Emits ProposalCreated and UpgradeProposed.
    function proposeUpgrade(
        IGovernanceHub.ChainAction[] calldata actions,
        bytes32 auditReportHash,
        string calldata auditReportUri
    ) external returns (bytes32 proposalId);

    /// @notice Proposes replacing the member set, through the timelock. Only a current member.
    /// @dev Emits ProposalCreated and RotationProposed.
    function proposeRotation(
        address[] calldata members,
        uint40[] calldata termEnds,
        uint8 threshold,
        uint8 emergencyThreshold
    ) external returns (bytes32 proposalId);

    /// @notice Proposes chain configurations and reporter changes on the hub, through the timelock.
    /// Only a current member.
    /// @dev Emits ProposalCreated and ConfigProposed.
    function proposeConfig(
        uint64[] calldata chainIds,
        IGovernanceHub.ChainConfig[] calldata configs,
        IGovernanceHub.ReporterUpdate[] calldata reporters
    ) external returns (bytes32 proposalId);

    /// @notice Proposes an immediate pause (or unpause) of targets. Only a current member.
    /// @dev Emits ProposalCreated and EmergencyProposed.
    function proposeEmergency(bool pause, IGovernanceHub.EmergencyTarget[] calldata targets)
        external
        returns (bytes32 actionId);

    /// @notice Proposes vetoing a pending or scheduled upgrade or rotation. Only a current member.
    /// @dev Emits ProposalCreated and CancelProposed.
    function proposeCancel(bytes32 proposalId) external returns (bytes32 cancelId);

    /// @notice Approves a proposal as the caller. Only an unexpired member of its snapshot.
    /// @dev Emits ProposalApproved.
    function approve(bytes32 proposalId) external;

    /// @notice Records the EIP-712 approvals of `signers` (strictly ascending). Anyone may relay.
    /// @dev Emits ProposalApproved per signer. Reverts as a whole on any bad or repeated signer.
    function approveBySig(bytes32 proposalId, address[] calldata signers, bytes[] calldata signatures)
        external;

    /// @notice Schedules an approved upgrade or rotation on the timelock. Anyone.
    /// @dev Emits ProposalScheduled.
    function schedule(bytes32 proposalId) external returns (bytes32 operationId);

    /// @notice Hands an approved emergency proposal to the hub. Anyone.
    /// @dev Emits EmergencyExecuted.
    function executeEmergency(bytes32 actionId) external;

    /// @notice Carries out an approved cancel proposal. Anyone.
    /// @dev Emits ProposalCancelled.
    function executeCancel(bytes32 cancelId) external;

    /// @notice Replaces the member set and thresholds. Only the timelock, before `deadline` (the
    /// rotation proposal's expiry).
    /// @dev Emits MembersRotated.
    function setMembers(
        uint40 deadline,
        address[] calldata members,
        uint40[] calldata termEnds,
        uint8 threshold,
        uint8 emergencyThreshold
    ) external;

    /// @notice The EIP-712 digest a member signs to approve `proposalId`.
    function approvalDigest(bytes32 proposalId) external view returns (bytes32);

    /// @notice A proposal's record.
    function proposal(bytes32 proposalId) external view returns (Proposal memory);

    /// @notice The call a proposal makes once approved (empty for cancel proposals).
    function proposalCall(bytes32 proposalId) external view returns (address target, bytes memory data);

    /// @notice The contracts whose code holds a proposal's stored content (a STOP byte, then the
    /// bytes), in order: deployed by the council when the proposal was created, never changed.
    /// Empty for cancel proposals and unknown ids.
    function proposalCallCode(bytes32 proposalId) external view returns (address[] memory);

    /// @notice The proposal a cancel proposal vetoes.
    function cancelTarget(bytes32 cancelId) external view returns (bytes32);

    /// @notice The timelock operation id an upgrade or rotation is (or would be) scheduled under.
    function operationId(bytes32 proposalId) external view returns (bytes32);

    /// @notice A proposal's approval count.
    function approvals(bytes32 proposalId) external view returns (uint256);

    /// @notice The approvals a proposal needs, under its snapshot's thresholds.
    function quorum(bytes32 proposalId) external view returns (uint256);

    /// @notice Whether `member` approved `proposalId`.
    function hasApproved(bytes32 proposalId, address member) external view returns (bool);

    /// @notice Whether `account` is a current member whose term has not ended.
    function isMember(address account) external view returns (bool);

    /// @notice The current member set, ascending.
    function members() external view returns (address[] memory);

    /// @notice `member`'s term end in member set `version` (0 when not a member of it).
    function termEnd(uint32 version, address member) external view returns (uint40);

    /// @notice The current threshold (upgrades and rotations).
    function threshold() external view returns (uint8);

    /// @notice The current emergency threshold (pauses and cancels).
    function emergencyThreshold() external view returns (uint8);

    /// @notice The current member set version (bumped by every rotation).
    function membersVersion() external view returns (uint32);

    /// @notice The nonce the next proposal of any kind is created with (each creation uses one).
    /// @dev With it an off-chain tool recomputes a proposal's id from its content alone:
    /// `keccak256(abi.encode(PROPOSAL_ID_TAG, council, chainid, nonce, kind, contentHash))`. It is
    /// read, not trusted: a proposal created in the same block by another member takes the nonce
    /// first, so a tool matches the id it got against the ids of the few nonces since.
    function proposalNonce() external view returns (uint64);

    /// @notice The timelock the council proposes to.
    function timelock() external view returns (address);

    /// @notice The hub upgrades and emergencies are dispatched to.
    function hub() external view returns (IGovernanceHub);
}
