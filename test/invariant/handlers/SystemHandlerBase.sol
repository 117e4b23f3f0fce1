// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../../contracts/bridge/UpgradePayload.sol";
import {SecurityCouncil} from "../../../contracts/council/SecurityCouncil.sol";
import {VaultV1} from "../../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../../contracts/example/VaultV2.sol";
import {VaultV3Malicious} from "../../../contracts/example/VaultV3Malicious.sol";
import {IGovernanceHub} from "../../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../../contracts/interfaces/ISecurityCouncil.sol";
import {IUpgradeReceiver} from "../../../contracts/interfaces/IUpgradeReceiver.sol";
import {LockstepDeployment} from "../../../script/LockstepDeployment.sol";
import {GuardianSigner} from "../../utils/GuardianSigner.sol";
import {Test, Vm} from "forge-std/Test.sol";

/// @notice State shared by the system handler's actions: the deployment it drives, its actors, the
/// candidate implementations, and the ghost record the system invariants read.
/// @dev Every action runs under `observed`, which records the logs the action caused and the
/// vault's ERC-1967 slot before and after it. From the logs it learns every message the hub
/// dispatched, every upgrade and emergency the receiver executed (with the time it happened), and
/// it attributes each implementation change to the `UpgradeExecuted` that caused it. A change
/// with no such event, or during an emergency-path action, is recorded for the invariants to flag.
abstract contract SystemHandlerBase is Test, GuardianSigner {
    /// @dev Most proposals (upgrade and emergency) the handler creates in one run; each proposal
    /// dispatches exactly one message (one chain), so this also bounds the messages.
    uint256 internal constant MAX_PROPOSALS = 8;
    /// @dev The ERC-1967 implementation slot.
    bytes32 internal constant IMPLEMENTATION_SLOT =
        0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    /// @dev The candidate implementations a proposal may name (the metamorphic one has two tickets:
    /// it is the one only the receiver's codehash check stands against).
    uint256 internal constant CANDIDATE_COUNT = 5;
    /// @dev The users who deposit into the vault.
    uint256 internal constant USER_COUNT = 3;
    /// @dev The audit report every proposal cites.
    bytes32 internal constant AUDIT_HASH = keccak256("lockstep.system.audit");

    /// @notice What the handler knows about one dispatched message, from its decoded payload and
    /// from the receiver's events.
    struct MessageRecord {
        bytes32 proposalId; // upgrade: the council proposal; emergency: the action id
        bool upgrade;
        bool pause;
        address implementation; // upgrade only
        bytes32 codehash; // upgrade only: the codehash the council approved
        uint40 activationTime; // upgrade only
        uint8 quorumSigners; // most guardian signatures of a successful delivery (0: never delivered)
        uint40 queuedAt;
        uint40 executedAt;
        uint8 executions; // UpgradeExecuted events seen for this message
        bool forged; // built by the handler with the hub's envelope, never dispatched by the hub
        uint64 nonce; // the envelope's nonce
        uint40 issuedAt; // emergency only: the hub time it carries
        uint8 fallbackSigners; // most signers of a successful fallback ratification (0: never ratified)
        uint8 confirmations; // adapters whose confirmation the receiver accepted (1: guardian, 2: fallback)
        uint8 vaultOutcome; // emergency only: 1 + the EmergencyOutcome reported for the vault (0: none)
    }

    /// @notice One implementation the vault has run, in order; index 0 is the deployed V1. An
    /// upgrade to the implementation already running counts as an install of its own.
    struct Install {
        address implementation;
        bytes32 codehash; // its codehash when it was installed
        bytes32 messageId; // the message whose UpgradeExecuted installed it (zero if none)
        uint40 at;
    }

    // ─── Deployment and actors ──────────────────────────────────────────────────────────────
    LockstepDeployment.Addresses internal _a;
    uint64 internal immutable _chainId;
    address[] internal _members;
    uint256[] internal _memberKeys;
    address[] internal _guardians;
    uint256[] internal _guardianPks;
    address internal immutable _chainGuardian;
    address internal immutable _relayer;
    address internal immutable _bootstrapper;
    address internal immutable _attacker = makeAddr("system.attacker");
    uint256 internal immutable _forgerKey = uint256(keccak256("system.forger"));
    address[USER_COUNT] internal _users;

    // ─── Candidates ─────────────────────────────────────────────────────────────────────────
    /// @notice VaultV3Malicious, deployed by the handler.
    address public immutable v3Malicious;
    /// @notice An address that never holds code (proposed with V2's codehash, a lie).
    address public immutable eoaCandidate = makeAddr("system.eoa-implementation");
    /// @notice A VaultV2 deployment whose code the handler swaps with `vm.etch` between its own
    /// code, a malicious twin (V3's code retargeted to this address) and no code at all.
    address public immutable metamorphic;
    bytes internal _metamorphicCode;
    bytes internal _metamorphicMaliciousCode;

    // ─── Ghosts ─────────────────────────────────────────────────────────────────────────────
    bytes32[] internal _proposalIds;
    bytes32[] internal _upgradeProposalIds;
    bytes32[] internal _emergencyIds;
    bytes32[] internal _scheduledIds;
    bytes[] internal _encodedMessages;
    bytes32[] internal _messageIds;
    mapping(bytes32 messageId => MessageRecord) internal _messages;
    Install[] internal _installs;

    /// @notice Implementation changes made by an emergency-path action (must stay 0).
    uint256 public emergencyImplementationChanges;
    /// @notice Privileged calls by attackers that succeeded (must stay 0).
    uint256 public attackerSuccesses;
    /// @notice Attacker calls that failed with another error than the expected one (must stay 0).
    uint256 public attacksWithUnexpectedError;
    /// @notice Deliveries with fewer guardian signatures than the quorum that succeeded (must stay 0).
    uint256 public belowQuorumDeliveries;
    /// @notice Council actions that went through below their quorum (must stay 0).
    uint256 public belowQuorumCouncilActions;
    /// @notice Timelock executions of operations that were not ready (must stay 0).
    uint256 public earlyTimelockExecutions;
    /// @notice Receiver executions outside [executableAt, expiresAt) or of a non-queued message (must stay 0).
    uint256 public windowViolations;
    /// @notice Wei the attacker took from the vault, in total and while V2 code ran.
    uint256 public stolen;
    uint256 public stolenWhileV2;

    // ─── Call counters (coverage) ───────────────────────────────────────────────────────────
    uint256 public attacksTried;
    uint256 public upgradesExecuted;
    uint256 public pausesApplied;
    uint256 public unpausesApplied;
    uint256 public timelockExecutions;
    uint256 public deliveries;
    uint256 public cancels;
    uint256 public etches;
    uint256 public executeTooEarly;
    uint256 public executeInWindow;
    uint256 public executeExpired;

    /// @dev Whether the running action belongs to the emergency path.
    bool internal _emergencyPath;

    constructor(
        LockstepDeployment.Addresses memory a,
        address[] memory members,
        uint256[] memory memberKeys,
        address[] memory guardians,
        uint256[] memory guardianPks,
        address chainGuardian,
        address relayer,
        address bootstrapper
    ) {
        _a = a;
        _chainId = uint64(block.chainid);
        _members = members;
        _memberKeys = memberKeys;
        _guardians = guardians;
        _guardianPks = guardianPks;
        _chainGuardian = chainGuardian;
        _relayer = relayer;
        _bootstrapper = bootstrapper;
        for (uint256 i; i < USER_COUNT; ++i) {
            _users[i] = makeAddr(string.concat("system.user.", vm.toString(i)));
        }

        v3Malicious = address(new VaultV3Malicious());
        metamorphic = address(new VaultV2());
        _metamorphicCode = metamorphic.code;
        // The malicious twin keeps UUPS working at `metamorphic`: its `__self` immutable must name
        // that address, or OpenZeppelin's own proxy checks would refuse it before the receiver's
        // codehash check is ever reached.
        _metamorphicMaliciousCode = _retarget(v3Malicious.code, v3Malicious, metamorphic);

        address current = _implementation();
        _installs.push(Install(current, current.codehash, bytes32(0), uint40(block.timestamp)));
    }

    modifier observed() {
        vm.recordLogs();
        address before = _implementation();
        _emergencyPath = false;
        _;
        _observe(before);
    }

    // ─── Views for the invariants ───────────────────────────────────────────────────────────

    /// @notice The deployment the handler drives.
    function deployment() external view returns (LockstepDeployment.Addresses memory) {
        return _a;
    }

    /// @notice How many messages the hub dispatched in this run.
    function messageCount() external view returns (uint256) {
        return _messageIds.length;
    }

    /// @notice The `index`-th dispatched message id.
    function messageId(uint256 index) external view returns (bytes32) {
        return _messageIds[index];
    }

    /// @notice What the handler knows of `id`.
    function messageRecord(bytes32 id) external view returns (MessageRecord memory) {
        return _messages[id];
    }

    /// @notice How many implementations the vault has run (the deployed V1 included).
    function installCount() external view returns (uint256) {
        return _installs.length;
    }

    /// @notice The `index`-th implementation the vault ran.
    function install(uint256 index) external view returns (Install memory) {
        return _installs[index];
    }

    /// @notice The users who deposit.
    function users() external view returns (address[USER_COUNT] memory) {
        return _users;
    }

    // ─── Observation ────────────────────────────────────────────────────────────────────────

    /// @dev Learns from the action's logs and records any implementation change.
    function _observe(address before) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool emergency = _emergencyPath;
        bytes32 installedBy;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            bytes32 topic = log.topics[0];
            if (log.emitter == _a.hub && topic == IGovernanceHub.MessageDispatched.selector) {
                (, bytes memory encoded) = abi.decode(log.data, (uint64, bytes));
                _recordMessage(bytes32(log.topics[1]), encoded);
            } else if (log.emitter == _a.receiver && topic == IUpgradeReceiver.UpgradeExecuted.selector) {
                MessageRecord storage m = _messages[log.topics[1]];
                ++m.executions;
                m.executedAt = uint40(block.timestamp);
                ++upgradesExecuted;
                installedBy = log.topics[1];
            } else if (log.emitter == _a.receiver && topic == IUpgradeReceiver.UpgradeQueued.selector) {
                _messages[log.topics[1]].queuedAt = uint40(block.timestamp);
            } else if (
                log.emitter == _a.receiver && topic == IUpgradeReceiver.EmergencyTargetHandled.selector
            ) {
                (, IUpgradeReceiver.EmergencyOutcome outcome) =
                    abi.decode(log.data, (bool, IUpgradeReceiver.EmergencyOutcome));
                if (address(uint160(uint256(log.topics[2]))) == _a.vault) {
                    _messages[log.topics[1]].vaultOutcome = uint8(outcome) + 1;
                }
            } else if (log.emitter == _a.receiver && topic == IUpgradeReceiver.EmergencyExecuted.selector) {
                emergency = true;
                (bool paused,) = abi.decode(log.data, (bool, uint256));
                if (paused) ++pausesApplied;
                else ++unpausesApplied;
            } else if (log.emitter == _a.council && topic == ISecurityCouncil.EmergencyExecuted.selector) {
                emergency = true;
            }
        }
        address current = _implementation();
        // An upgrade to the implementation already running is still an install (and a version).
        if (current == before && installedBy == bytes32(0)) return;
        if (emergency && current != before) ++emergencyImplementationChanges;
        _installs.push(Install(current, current.codehash, installedBy, uint40(block.timestamp)));
    }

    /// @dev Records a dispatched message and what its payload says.
    function _recordMessage(bytes32 id, bytes memory encoded) internal {
        MessageCodec.Message memory message = abi.decode(encoded, (MessageCodec.Message));
        (uint8 kind, bytes memory body) = abi.decode(message.payload, (uint8, bytes));
        MessageRecord storage m = _messages[id];
        m.nonce = message.nonce;
        if (kind == UpgradePayload.KIND_UPGRADE) {
            UpgradePayload.Upgrade memory upgrade = UpgradePayload.decodeUpgrade(body);
            m.upgrade = true;
            m.proposalId = upgrade.proposalId;
            m.activationTime = upgrade.activationTime;
            m.implementation = upgrade.actions[0].implementation;
            m.codehash = upgrade.actions[0].codehash;
        } else {
            UpgradePayload.Emergency memory emergency = UpgradePayload.decodeEmergency(body);
            m.proposalId = emergency.actionId;
            m.issuedAt = emergency.issuedAt;
            m.pause = kind == UpgradePayload.KIND_PAUSE;
        }
        _encodedMessages.push(encoded);
        _messageIds.push(id);
    }

    // ─── Helpers ────────────────────────────────────────────────────────────────────────────

    function _receiverStatus(bytes32 id) internal view returns (IUpgradeReceiver.MessageStatus status) {
        (status,,,) = IUpgradeReceiver(_a.receiver).messageState(id);
    }

    /// @dev Not yet queued, applied or cancelled: a confirmation may still take effect.
    function _deliverable(bytes32 id) internal view returns (bool) {
        return _receiverStatus(id) <= IUpgradeReceiver.MessageStatus.Pending;
    }

    function _queued(bytes32 id) internal view returns (bool) {
        return _receiverStatus(id) == IUpgradeReceiver.MessageStatus.Queued;
    }

    /// @dev Usually the first item from `seed` on that `wanted` accepts (so a run makes progress);
    /// one time in four, or when none is wanted, the item at `seed` as is (so premature and stale
    /// calls are tried too). Bounded by the list length (at most MAX_PROPOSALS + MAX_FORGED).
    function _chooseIndex(bytes32[] storage list, uint256 seed, function(bytes32) view returns (bool) wanted)
        internal
        view
        returns (uint256)
    {
        uint256 length = list.length;
        uint256 start = seed % length;
        if ((seed / length) % 4 == 0) return start;
        for (uint256 k; k < length; ++k) {
            uint256 index = (start + k) % length;
            if (wanted(list[index])) return index;
        }
        return start;
    }

    function _choose(bytes32[] storage list, uint256 seed, function(bytes32) view returns (bool) wanted)
        internal
        view
        returns (bytes32)
    {
        return list[_chooseIndex(list, seed, wanted)];
    }

    /// @dev The vault's current implementation, read from its ERC-1967 slot.
    function _implementation() internal view returns (address) {
        return address(uint160(uint256(vm.load(_a.vault, IMPLEMENTATION_SLOT))));
    }

    /// @dev Whether the vault runs VaultV2's logic (the deployed V2 or the metamorphic's own code).
    function _runsV2() internal view returns (bool) {
        return VaultV1(_a.vault).version() == 2;
    }

    /// @dev A candidate implementation and the codehash a proposal claims for it.
    function _candidate(uint256 seed) internal view returns (address implementation, bytes32 codehash) {
        uint256 which = seed % CANDIDATE_COUNT;
        if (which == 0) return (_a.vaultV2, _a.vaultV2.codehash);
        if (which == 1) return (v3Malicious, v3Malicious.codehash);
        // An EOA cannot be proposed with its own (empty) codehash: it claims V2's.
        if (which == 2) return (eoaCandidate, _a.vaultV2.codehash);
        return (metamorphic, metamorphic.codehash); // 3 or 4
    }

    /// @dev `count` distinct indices below `n` chosen from `seed`, as an ascending bitmap.
    /// Bounded: at most `n` (≤ 15) probes per pick.
    function _subset(uint256 n, uint256 count, uint256 seed) internal pure returns (uint256 mask) {
        for (uint256 k; k < count; ++k) {
            uint256 index = uint256(keccak256(abi.encode(seed, k))) % n;
            while (mask & (1 << index) != 0) {
                index = (index + 1) % n;
            }
            mask |= 1 << index;
        }
    }

    /// @dev `code` with every 32-byte word equal to `from` (an immutable address) replaced by `to`.
    function _retarget(bytes memory code, address from, address to) internal pure returns (bytes memory) {
        uint256 needle = uint256(uint160(from));
        uint256 replacement = uint256(uint160(to));
        // The word ending at byte `end` of the data sits at memory `code + end`.
        for (uint256 end = 32; end <= code.length; ++end) {
            uint256 word;
            assembly ("memory-safe") {
                word := mload(add(code, end))
            }
            if (word != needle) continue;
            assembly ("memory-safe") {
                mstore(add(code, end), replacement)
            }
        }
        return code;
    }
}
