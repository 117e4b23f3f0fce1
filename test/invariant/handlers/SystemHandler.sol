// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SecurityCouncil} from "../../../contracts/council/SecurityCouncil.sol";
import {VaultV1} from "../../../contracts/example/VaultV1.sol";
import {VaultV3Malicious} from "../../../contracts/example/VaultV3Malicious.sol";
import {IGovernanceHub} from "../../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../../contracts/interfaces/ISecurityCouncil.sol";
import {IUpgradeReceiver} from "../../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepDeployment} from "../../../script/LockstepDeployment.sol";
import {SystemDeliveryPaths} from "./SystemDeliveryPaths.sol";
import {SystemHandlerBase} from "./SystemHandlerBase.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice Drives the whole deployed Lockstep with bounded random actions: council members propose
/// upgrades to candidate implementations (VaultV2, VaultV3Malicious, an EOA, a contract whose code
/// changes) and emergencies, approve with random member subsets (on-chain or by EIP-712 signature),
/// schedule, and anyone executes the timelock; guardians attest with random signer subsets (some
/// below quorum) and a relayer delivers; anyone executes queued messages at random times; the chain
/// guardian cancels; users deposit and withdraw; an attacker drains whatever code lets it, and calls
/// privileged functions (`SystemAttacks`); council members ratify hub and forged messages through
/// the fallback adapter, and forged emergencies are attested (`SystemDeliveryPaths`). Every action
/// is `observed` (see `SystemHandlerBase`).
/// @dev Inputs are bounded, never assumed; failures of legitimate-but-premature actions are
/// expected and swallowed, while any success that needs a quorum the action did not have is counted.
contract SystemHandler is SystemDeliveryPaths {
    uint256 internal constant MIN_WARP = 1 minutes;
    uint256 internal constant MAX_WARP = 3 days;
    uint256 internal constant MAX_DEPOSIT = 10 ether;
    /// @dev Fewest members in one approval batch (one call rarely reaches 6 of 9 from fewer).
    uint256 internal constant MIN_APPROVERS = 2;
    /// @dev Fewest guardians in one attestation: 5..15 is below the 8-of-15 quorum 3 times in 11.
    uint256 internal constant MIN_ATTESTERS = 5;

    constructor(
        LockstepDeployment.Addresses memory a,
        address[] memory members,
        uint256[] memory memberKeys,
        address[] memory guardians,
        uint256[] memory guardianPks,
        address chainGuardian,
        address relayer,
        address bootstrapper
    )
        SystemHandlerBase(
            a, members, memberKeys, guardians, guardianPks, chainGuardian, relayer, bootstrapper
        )
    {}

    // ─── Council ────────────────────────────────────────────────────────────────────────────

    /// @notice A member proposes upgrading the vault to a candidate.
    function proposeUpgrade(uint256 memberSeed, uint256 candidateSeed) external observed {
        if (_proposalIds.length >= MAX_PROPOSALS) return;
        (address implementation, bytes32 codehash) = _candidate(candidateSeed);
        IGovernanceHub.ChainAction[] memory actions = _actions(implementation, codehash);
        vm.prank(_members[memberSeed % _members.length]);
        try _council().proposeUpgrade(actions, AUDIT_HASH, "ipfs://system-audit") returns (bytes32 id) {
            _proposalIds.push(id);
            _upgradeProposalIds.push(id);
        } catch {}
    }

    /// @notice A member proposes pausing (or unpausing) the vault.
    function proposeEmergency(uint256 memberSeed, bool pause) external observed {
        _emergencyPath = true;
        if (_proposalIds.length >= MAX_PROPOSALS) return;
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](1);
        targets[0] = IGovernanceHub.EmergencyTarget({chainId: _chainId, target: _a.vault});
        vm.prank(_members[memberSeed % _members.length]);
        try _council().proposeEmergency(pause, targets) returns (bytes32 id) {
            _proposalIds.push(id);
            _emergencyIds.push(id);
        } catch {}
    }

    /// @notice A random subset of `countSeed` (2..9) members approves a proposal, each on-chain or
    /// all together by EIP-712 signatures.
    function approve(uint256 proposalSeed, uint256 countSeed, uint256 subsetSeed, bool bySig)
        external
        observed
    {
        if (_proposalIds.length == 0) return;
        bytes32 id = _choose(_proposalIds, proposalSeed, _approvable);
        uint256 mask = _subset(_members.length, _bound(countSeed, MIN_APPROVERS, _members.length), subsetSeed);
        SecurityCouncil council = _council();
        if (!bySig) {
            for (uint256 i; i < _members.length; ++i) {
                if (mask & (1 << i) == 0) continue;
                vm.prank(_members[i]);
                try council.approve(id) {} catch {}
            }
            return;
        }
        (address[] memory signers, bytes[] memory sigs) = _memberSignatures(id, mask);
        if (signers.length == 0) return;
        try council.approveBySig(id, signers, sigs) {} catch {}
    }

    /// @notice Anyone schedules an upgrade proposal on the timelock.
    function schedule(uint256 proposalSeed) external observed {
        if (_upgradeProposalIds.length == 0) return;
        bytes32 id = _choose(_upgradeProposalIds, proposalSeed, _quorate);
        SecurityCouncil council = _council();
        bool quorate = council.approvals(id) >= council.quorum(id);
        try council.schedule(id) {
            if (!quorate) ++belowQuorumCouncilActions;
            _scheduledIds.push(id);
        } catch {}
    }

    /// @notice Anyone executes a scheduled timelock operation, ready or not (it must only work when ready).
    function executeTimelock(uint256 seed) external observed {
        if (_scheduledIds.length == 0) return;
        bytes32 id = _choose(_scheduledIds, seed, _timelockReady);
        SecurityCouncil council = _council();
        TimelockController timelock = TimelockController(payable(_a.timelock));
        bool ready = timelock.isOperationReady(council.operationId(id));
        (address target, bytes memory data) = council.proposalCall(id);
        try timelock.execute(target, 0, data, bytes32(0), id) {
            ++timelockExecutions;
            if (!ready) ++earlyTimelockExecutions;
        } catch {}
    }

    /// @notice Anyone hands an emergency proposal to the hub (it must only work at the emergency quorum).
    function executeEmergency(uint256 seed) external observed {
        _emergencyPath = true;
        if (_emergencyIds.length == 0) return;
        bytes32 id = _choose(_emergencyIds, seed, _quorate);
        SecurityCouncil council = _council();
        bool quorate = council.approvals(id) >= council.quorum(id);
        try council.executeEmergency(id) {
            if (!quorate) ++belowQuorumCouncilActions;
        } catch {}
    }

    // ─── Bridge and receiver ────────────────────────────────────────────────────────────────

    /// @notice `countSeed` (5..15) random guardians attest a message; the relayer delivers.
    function deliver(uint256 messageSeed, uint256 countSeed, uint256 subsetSeed) external observed {
        if (_messageIds.length == 0) return;
        uint256 index = _chooseIndex(_messageIds, messageSeed, _deliverable);
        _guardianDeliver(index, _bound(countSeed, MIN_ATTESTERS, _guardians.length), subsetSeed);
    }

    /// @notice Anyone executes a message at whatever time it is: early, in its window, or late.
    function execute(uint256 messageSeed, uint256 callerSeed) external observed {
        if (_messageIds.length == 0) return;
        uint256 index = _chooseIndex(_messageIds, messageSeed, _queued);
        UpgradeReceiver receiver = UpgradeReceiver(_a.receiver);
        (IUpgradeReceiver.MessageStatus status,, uint40 executableAt, uint40 expiresAt) =
            receiver.messageState(_messageIds[index]);
        bool queued = status == IUpgradeReceiver.MessageStatus.Queued;
        bool early = block.timestamp < executableAt;
        bool late = block.timestamp >= expiresAt;
        if (queued && early) ++executeTooEarly;
        else if (queued && late) ++executeExpired;
        else if (queued) ++executeInWindow;
        vm.prank(address(uint160(_bound(callerSeed, 1, type(uint160).max))));
        try receiver.execute(_encodedMessages[index]) {
            if (!queued || early || late) ++windowViolations;
        } catch {}
    }

    /// @notice The chain guardian cancels a message.
    function cancel(uint256 messageSeed) external observed {
        if (_messageIds.length == 0) return;
        vm.prank(_chainGuardian);
        try UpgradeReceiver(_a.receiver).cancel(_messageIds[messageSeed % _messageIds.length]) {
            ++cancels;
        } catch {}
    }

    // ─── World ──────────────────────────────────────────────────────────────────────────────

    /// @notice Time passes: half the time by 1 minute to 3 days, otherwise to one second before,
    /// at or after the next moment that matters (a timelock operation becoming ready, a queued
    /// message becoming executable or expiring), so runs reach, and probe, every boundary.
    function warp(uint256 seed) external observed {
        uint256 next = _nextMoment();
        if (seed % 2 == 0 || next == 0) {
            vm.warp(block.timestamp + _bound(seed / 2, MIN_WARP, MAX_WARP));
            return;
        }
        uint256 target = next - 1 + (seed / 2) % 3; // next - 1, next or next + 1
        if (target > block.timestamp) vm.warp(target);
    }

    /// @notice The metamorphic candidate's code becomes its own, a malicious twin, or nothing.
    /// @dev Never while the vault runs it: after EIP-6780 deployed code cannot change at all, and
    /// this models a pre-Cancun metamorphic contract swapped between approval and execution; no
    /// on-chain check could follow a swap of code that is already installed.
    function mutateCandidate(uint256 codeSeed) external observed {
        if (_implementation() == metamorphic) return;
        uint256 which = codeSeed % 3;
        if (which == 0) vm.etch(metamorphic, _metamorphicCode);
        else if (which == 1) vm.etch(metamorphic, _metamorphicMaliciousCode);
        else vm.etch(metamorphic, "");
        ++etches;
    }

    /// @notice A user deposits up to 10 ether.
    function deposit(uint256 userSeed, uint256 amount) external observed {
        address user = _users[userSeed % USER_COUNT];
        amount = _bound(amount, 1, MAX_DEPOSIT);
        vm.deal(user, amount);
        vm.prank(user);
        try VaultV1(_a.vault).deposit{value: amount}() {} catch {}
    }

    /// @notice A user withdraws part of their balance.
    function withdraw(uint256 userSeed, uint256 amount) external observed {
        address user = _users[userSeed % USER_COUNT];
        uint256 balance = VaultV1(_a.vault).balanceOf(user);
        if (balance == 0) return;
        vm.prank(user);
        try VaultV1(_a.vault).withdraw(_bound(amount, 1, balance)) {} catch {}
    }

    /// @notice The attacker tries V1's open `sweep` and V3's `migrate`; what it gets is counted.
    function drain() external observed {
        bool v2 = _runsV2();
        uint256 before = _attacker.balance;
        vm.prank(_attacker);
        try VaultV1(_a.vault).sweep(_attacker) {} catch {}
        vm.prank(_attacker);
        try VaultV3Malicious(_a.vault).migrate(_attacker) {} catch {}
        uint256 taken = _attacker.balance - before;
        stolen += taken;
        if (v2) stolenWhileV2 += taken;
    }

    // ─── Internals ──────────────────────────────────────────────────────────────────────────

    function _council() internal view returns (SecurityCouncil) {
        return SecurityCouncil(_a.council);
    }

    /// @dev A pending, unexpired proposal still short of its quorum.
    function _approvable(bytes32 id) internal view returns (bool) {
        SecurityCouncil council = _council();
        return _open(id) && council.approvals(id) < council.quorum(id);
    }

    /// @dev A pending, unexpired proposal at its quorum.
    function _quorate(bytes32 id) internal view returns (bool) {
        SecurityCouncil council = _council();
        return _open(id) && council.approvals(id) >= council.quorum(id);
    }

    function _open(bytes32 id) internal view returns (bool) {
        ISecurityCouncil.Proposal memory p = _council().proposal(id);
        return p.status == ISecurityCouncil.ProposalStatus.Pending && block.timestamp < p.expiresAt;
    }

    function _timelockReady(bytes32 id) internal view returns (bool) {
        return TimelockController(payable(_a.timelock)).isOperationReady(_council().operationId(id));
    }

    /// @dev The earliest future instant at which a scheduled operation becomes ready or a queued
    /// message becomes executable or expires; zero if none. Bounded by MAX_PROPOSALS.
    function _nextMoment() internal view returns (uint256 next) {
        TimelockController timelock = TimelockController(payable(_a.timelock));
        for (uint256 i; i < _scheduledIds.length; ++i) {
            next = _earliestAfterNow(next, timelock.getTimestamp(_council().operationId(_scheduledIds[i])));
        }
        for (uint256 i; i < _messageIds.length; ++i) {
            (IUpgradeReceiver.MessageStatus status,, uint40 executableAt, uint40 expiresAt) =
                UpgradeReceiver(_a.receiver).messageState(_messageIds[i]);
            if (status != IUpgradeReceiver.MessageStatus.Queued) continue;
            next = _earliestAfterNow(_earliestAfterNow(next, executableAt), expiresAt);
        }
    }

    function _earliestAfterNow(uint256 current, uint256 candidate) internal view returns (uint256) {
        if (candidate <= block.timestamp) return current;
        return current == 0 || candidate < current ? candidate : current;
    }

    /// @dev Signatures of the members in `mask` (ascending) who have not approved `id` yet.
    function _memberSignatures(bytes32 id, uint256 mask)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        SecurityCouncil council = _council();
        for (uint256 i; i < _members.length; ++i) {
            if (mask & (1 << i) != 0 && council.hasApproved(id, _members[i])) mask &= ~(1 << i);
        }
        return _signaturesOf(council.approvalDigest(id), mask);
    }
}
