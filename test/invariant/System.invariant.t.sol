// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Over 400 lines on purpose: the whole-system invariants share one deployment and one handler set.

import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IFallbackAdapter} from "../../contracts/interfaces/IFallbackAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepFixture} from "../utils/LockstepFixture.sol";
import {SystemDeliveryPaths} from "./handlers/SystemDeliveryPaths.sol";
import {SystemHandler} from "./handlers/SystemHandler.sol";
import {SystemHandlerBase} from "./handlers/SystemHandlerBase.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice System invariants over the whole deployed Lockstep (council 6-of-9, timelock, hub,
/// guardians 8-of-15, receiver, registry, example vault), driven by `SystemHandler`. Where the
/// receiver and council invariants each look at one component, these look at the composition:
/// the vault only ever runs code that a council quorum approved, a guardian quorum carried and the
/// receiver executed once, inside its window, or that at least the council threshold ratified
/// through the fallback and that waited the timelock delay; the emergency path never changes code,
/// and no emergency message (forged, attested, reordered) blocks a later one; attackers without a
/// quorum get nowhere.
/// forge-config: default.invariant.runs = 24
/// forge-config: default.invariant.depth = 256
contract SystemInvariantTest is LockstepFixture {
    /// @dev The receiver's confirmation bits (adapters [guardian, fallback]).
    uint8 internal constant GUARDIAN_BIT = 1;
    uint8 internal constant FALLBACK_BIT = 2;
    /// @dev The council's threshold (6 of 9).
    uint256 internal constant COUNCIL_THRESHOLD = 6;

    SystemHandler internal handler;
    Addresses internal a;

    function setUp() public {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_750_000_000);
        uint64[] memory chains = new uint64[](1);
        chains[0] = HUB_CHAIN;
        _setUpKeys(15, 8, chains);
        a = _deployChain();
        handler = new SystemHandler(
            a, members, memberKeys, guardians, guardianPks, chainGuardian, relayer, deployer
        );

        bytes4[] memory selectors = new bytes4[](31);
        selectors[0] = handler.proposeUpgrade.selector;
        selectors[1] = handler.proposeEmergency.selector;
        selectors[2] = handler.approve.selector;
        selectors[3] = handler.schedule.selector;
        selectors[4] = handler.executeTimelock.selector;
        selectors[5] = handler.executeEmergency.selector;
        selectors[6] = handler.deliver.selector;
        selectors[7] = handler.execute.selector;
        selectors[8] = handler.cancel.selector;
        selectors[9] = handler.warp.selector;
        selectors[10] = handler.mutateCandidate.selector;
        selectors[11] = handler.deposit.selector;
        selectors[12] = handler.withdraw.selector;
        selectors[13] = handler.drain.selector;
        selectors[14] = handler.attack.selector;
        // Extra tickets (the fuzzer picks a listed selector uniformly) for the pipeline's
        // bottlenecks, so a typical run reaches execution (about half the runs upgrade the vault),
        // and for the code swap, the attack only the receiver's codehash check stops.
        selectors[15] = handler.approve.selector;
        selectors[16] = handler.deliver.selector;
        selectors[17] = handler.schedule.selector;
        selectors[18] = handler.executeTimelock.selector;
        selectors[19] = handler.execute.selector;
        selectors[20] = handler.warp.selector;
        selectors[21] = handler.warp.selector;
        selectors[22] = handler.execute.selector;
        selectors[23] = handler.mutateCandidate.selector;
        selectors[24] = handler.mutateCandidate.selector;
        // The fallback path and forged messages (upgrades the fallback may carry, emergencies
        // with any nonce and hub time).
        selectors[25] = handler.ratify.selector;
        selectors[26] = handler.ratify.selector;
        selectors[27] = handler.forgeUpgrade.selector;
        selectors[28] = handler.forgeEmergency.selector;
        // Council roots: any message under a root signed by 1..9 members.
        selectors[29] = handler.rootDeliver.selector;
        selectors[30] = handler.rootDeliver.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ─── Invariants ─────────────────────────────────────────────────────────────────────────

    /// @dev 1. No upgrade without the council threshold and the timelock delay, by any path. Every
    /// implementation the vault ever ran is V1, or was installed by the receiver executing one
    /// upgrade message (its approved implementation and code) that either
    /// - came through the main path: a proposal with its council quorum, through the timelock,
    ///   dispatched by the hub, confirmed by a guardian quorum; or
    /// - was confirmed by the council fallback alone (hub-dispatched or not), ratified by at least
    ///   the council threshold of members, and executed no earlier than the home timelock delay
    ///   after it was queued.
    function invariant_NoUpgradeWithoutCouncilThresholdAndTimelockDelay() external view {
        uint256 count = handler.installCount();
        assertEq(handler.install(count - 1).implementation, _implementation(a.vault), "history is current");
        assertEq(handler.install(0).implementation, a.vaultV1);
        for (uint256 i = 1; i < count; ++i) {
            SystemHandlerBase.Install memory installed = handler.install(i);
            assertTrue(installed.messageId != bytes32(0), "implementation changed without UpgradeExecuted");
            SystemHandlerBase.MessageRecord memory m = handler.messageRecord(installed.messageId);
            assertTrue(m.upgrade, "installed by a non-upgrade message");
            assertEq(m.implementation, installed.implementation);
            assertEq(installed.codehash, m.codehash, "installed code is the approved code");
            assertEq(uint8(_status(installed.messageId)), uint8(IUpgradeReceiver.MessageStatus.Executed));
            if (m.confirmations & GUARDIAN_BIT != 0) _assertMainPath(installed, m);
            else _assertFallbackPath(installed, m);
        }
        assertEq(handler.belowQuorumDeliveries(), 0);
        assertEq(handler.belowQuorumCouncilActions(), 0);
    }

    /// @dev 1b. The fallback never carried a message ratified by fewer members than the council
    /// threshold (nor below its own floor, which is that threshold).
    function invariant_FallbackNeverRatifiesBelowCouncilThreshold() external view {
        assertEq(handler.belowThresholdRatifications(), 0, "ratified below the council threshold");
        IFallbackAdapter adapter = IFallbackAdapter(a.fallbackAdapter);
        assertGe(adapter.threshold(), adapter.minThreshold());
        assertGe(adapter.minThreshold(), SecurityCouncil(a.council).threshold());
        uint256 count = handler.messageCount();
        for (uint256 i; i < count; ++i) {
            SystemHandlerBase.MessageRecord memory m = handler.messageRecord(handler.messageId(i));
            if (m.fallbackSigners != 0) assertGe(m.fallbackSigners, COUNCIL_THRESHOLD, "fallback signers");
        }
    }

    /// @dev 1c. A council root never carried a message its signers could not: a pause needs the
    /// emergency threshold, anything else the threshold (never below the council's).
    function invariant_RootsNeverExceedTheirAuthority() external view {
        assertEq(handler.rootsBeyondTheirAuthority(), 0, "a root carried more than its signers may");
    }

    /// @dev 2. A message takes effect at most once, and the registry counts exactly the upgrades.
    function invariant_MessageTakesEffectAtMostOnce() external view {
        uint256 count = handler.messageCount();
        uint256 executions;
        for (uint256 i; i < count; ++i) {
            bytes32 id = handler.messageId(i);
            SystemHandlerBase.MessageRecord memory m = handler.messageRecord(id);
            assertLe(m.executions, 1, "executed twice");
            if (m.upgrade) {
                assertEq(m.executions == 1, _status(id) == IUpgradeReceiver.MessageStatus.Executed);
            }
            executions += m.executions;
        }
        assertEq(executions, handler.upgradesExecuted());
        IDeploymentRegistry.Entry memory entry = IDeploymentRegistry(a.registry).entry(a.vault);
        assertEq(entry.version, executions + 1, "registry version = upgrades + 1");
        assertEq(handler.installCount(), executions + 1, "one install per upgrade");
    }

    /// @dev 3. Nothing executes before its activation time (and the receiver's minimum delay) or
    /// at or after its expiry; the timelock never runs an operation early.
    function invariant_NothingExecutesOutsideItsWindow() external view {
        uint256 count = handler.messageCount();
        for (uint256 i; i < count; ++i) {
            bytes32 id = handler.messageId(i);
            SystemHandlerBase.MessageRecord memory m = handler.messageRecord(id);
            if (m.executions == 0) continue;
            (,, uint40 executableAt, uint40 expiresAt) = UpgradeReceiver(a.receiver).messageState(id);
            assertGe(m.executedAt, m.activationTime, "before activation");
            assertGe(m.executedAt, uint256(m.queuedAt) + MIN_DELAY, "before the local minimum delay");
            assertGe(m.executedAt, executableAt);
            assertLt(m.executedAt, uint256(m.activationTime) + GRACE_PERIOD, "after expiry");
            assertLt(m.executedAt, expiresAt);
        }
        assertEq(handler.windowViolations(), 0);
        assertEq(handler.earlyTimelockExecutions(), 0);
    }

    /// @dev 4. The running implementation's code is the code that was approved for it, and the
    /// registry agrees.
    function invariant_RunningCodeIsApproved() external view {
        address running = _implementation(a.vault);
        SystemHandlerBase.Install memory last = handler.install(handler.installCount() - 1);
        bytes32 approved = last.messageId == bytes32(0)
            ? a.vaultV1.codehash
            : handler.messageRecord(last.messageId).codehash;
        assertEq(running.codehash, approved, "running code is not the approved code");
        IDeploymentRegistry.Entry memory entry = IDeploymentRegistry(a.registry).entry(a.vault);
        assertEq(entry.implementation, running);
        assertEq(entry.codehash, approved);
    }

    /// @dev 5. The emergency path (proposals, council execution, delivered pause/unpause) never
    /// changes an implementation.
    function invariant_EmergencyNeverChangesCode() external view {
        assertEq(handler.emergencyImplementationChanges(), 0);
    }

    /// @dev 6. While V2's logic runs, nobody takes deposits: the vault holds the deposits minus
    /// what was stolen earlier (V1's open sweep, V3's drain), and nothing is stolen under V2.
    /// V1 is deliberately drainable, so nothing is asserted while it runs.
    function invariant_VaultSolventUnderV2() external view {
        assertEq(handler.stolenWhileV2(), 0, "stolen under V2");
        if (VaultV1(a.vault).version() != 2) return;
        assertGe(a.vault.balance + handler.stolen(), VaultV1(a.vault).totalDeposits());
        if (handler.stolen() == 0) assertGe(a.vault.balance, VaultV1(a.vault).totalDeposits());
    }

    /// @dev 7. Every privileged call made without a quorum failed, with its access check's error.
    function invariant_AttackersAlwaysFail() external view {
        assertEq(handler.attackerSuccesses(), 0, "an attack succeeded");
        assertEq(handler.attacksWithUnexpectedError(), 0, "an attack failed for the wrong reason");
    }

    /// @dev 8. No emergency message blocks a later one. For every emergency delivery attempt with
    /// enough signatures (guardian quorum or fallback threshold) of a message not consumed yet:
    /// - it succeeded, unless it is an unpause stamped more than MAX_EMERGENCY_CLOCK_SKEW in the
    ///   chain's future, which reverted with `ReceiverEmergencyFromFuture` (left unconsumed);
    /// - a pause (hub-dispatched or forged, whatever its nonce or age) left the vault paused;
    /// - an unpause newer than every pause recorded for the vault (hub time clamped to delivery
    ///   time + skew, then nonce) unpaused it; an older one is `Stale` and changed nothing.
    /// The receiver's `lastPause(vault)` is the handler's model of it.
    function invariant_NoEmergencyBlocksALaterOne() external view {
        uint256 count = handler.emergencyDeliveryCount();
        for (uint256 i; i < count; ++i) {
            SystemDeliveryPaths.EmergencyDelivery memory d = handler.emergencyDelivery(i);
            SystemHandlerBase.MessageRecord memory m = handler.messageRecord(d.messageId);
            if (!m.pause && d.fromFuture) {
                assertFalse(d.ok, "an unpause from the future applied");
                assertEq(d.error, IUpgradeReceiver.ReceiverEmergencyFromFuture.selector);
                continue;
            }
            if (!m.forged) assertTrue(d.ok, "a legitimate emergency delivery reverted");
            assertTrue(d.ok, "an attested emergency delivery reverted");
            assertTrue(m.vaultOutcome != 0, "no outcome for the vault");
            IUpgradeReceiver.EmergencyOutcome outcome = IUpgradeReceiver.EmergencyOutcome(m.vaultOutcome - 1);
            if (m.pause) {
                assertTrue(d.pausedAfter, "a pause left the vault running");
                assertTrue(outcome <= IUpgradeReceiver.EmergencyOutcome.Unchanged, "pause outcome");
            } else if (d.newerThanPauses) {
                assertFalse(d.pausedAfter, "a newer unpause left the vault paused");
                assertTrue(outcome <= IUpgradeReceiver.EmergencyOutcome.Unchanged, "unpause outcome");
            } else {
                assertEq(uint8(outcome), uint8(IUpgradeReceiver.EmergencyOutcome.Stale), "stale unpause");
                assertEq(d.pausedAfter, d.pausedBefore, "a stale unpause changed the vault");
            }
        }
        (uint40 issuedAt, uint64 nonce) = UpgradeReceiver(a.receiver).lastPause(a.vault);
        assertEq((uint256(issuedAt) << 64) | nonce, handler.modelLastPause(), "newest pause recorded");
    }

    // ─── The handler reaches what the invariants are about ──────────────────────────────────

    /// @dev One approved upgrade to V2 and one emergency pause, through the handler's own actions.
    function test_HandlerReachesExecution() external {
        handler.proposeUpgrade(0, 0); // VaultV2
        handler.approve(0, 9, 1, true); // all nine, by signature
        handler.schedule(0);
        _warpBy(TIMELOCK_DELAY);
        handler.executeTimelock(0);
        handler.deliver(0, 15, 2); // every guardian
        handler.execute(0, 1); // too early
        _warpBy(DELIVERY_MARGIN + MIN_DELAY);
        handler.execute(0, 1);
        assertEq(handler.upgradesExecuted(), 1);
        assertEq(handler.executeTooEarly(), 1);
        assertEq(handler.executeInWindow(), 1);
        assertEq(_implementation(a.vault), a.vaultV2);
        assertEq(handler.installCount(), 2);

        handler.proposeEmergency(3, true);
        handler.approve(1, 4, 5, false); // four members on-chain: the emergency quorum
        handler.executeEmergency(0);
        handler.deliver(1, 8, 7); // exactly the guardian quorum
        assertEq(handler.pausesApplied(), 1);
        assertTrue(VaultV1(a.vault).paused());
        assertEq(_implementation(a.vault), a.vaultV2);
        assertEq(handler.emergencyImplementationChanges(), 0);
    }

    /// @dev Below-quorum approvals and attestations get nowhere, and are not counted as successes.
    function test_HandlerBelowQuorumGetsNowhere() external {
        handler.proposeUpgrade(0, 1); // VaultV3Malicious
        handler.approve(0, 5, 1, false); // five of nine: one short
        handler.schedule(0);
        _warpBy(TIMELOCK_DELAY);
        handler.executeTimelock(0);
        assertEq(handler.messageCount(), 0);
        assertEq(handler.timelockExecutions(), 0);

        handler.approve(0, 9, 1, true); // the rest sign
        handler.schedule(0);
        handler.executeTimelock(0); // scheduled just now: not ready
        assertEq(handler.timelockExecutions(), 0);
        _warpBy(TIMELOCK_DELAY);
        handler.executeTimelock(0);
        handler.deliver(0, 7, 3); // seven of fifteen
        assertEq(handler.deliveries(), 0);
        assertEq(uint8(_status(handler.messageId(0))), uint8(IUpgradeReceiver.MessageStatus.None));
        assertEq(handler.belowQuorumDeliveries(), 0);
        assertEq(handler.belowQuorumCouncilActions(), 0);
    }

    /// @dev Every kind of attack, from every kind of caller, fails with its access check's error.
    function test_HandlerAttacksFailWithTheExpectedError() external {
        for (uint256 kind; kind < 10; ++kind) {
            for (uint256 caller; caller < 6; ++caller) {
                handler.attack(kind, caller, kind + caller);
            }
        }
        assertEq(handler.attacksTried(), 60);
        assertEq(handler.attackerSuccesses(), 0);
        assertEq(handler.attacksWithUnexpectedError(), 0);
    }

    /// @dev An approved metamorphic implementation whose code is swapped before execution is
    /// refused; once its approved code is back, it installs.
    function test_MetamorphicSwapIsRefusedAtExecution() external {
        handler.proposeUpgrade(0, 3); // the metamorphic candidate, with its own code
        handler.approve(0, 6, 4, true);
        handler.schedule(0);
        _warpBy(TIMELOCK_DELAY);
        handler.executeTimelock(0);
        handler.deliver(0, 10, 5);
        _warpBy(DELIVERY_MARGIN + MIN_DELAY);
        handler.mutateCandidate(1); // the malicious twin
        handler.execute(0, 1);
        assertEq(handler.upgradesExecuted(), 0);
        assertEq(_implementation(a.vault), a.vaultV1);
        // Only the codehash check stopped it: the twin is a working UUPS implementation there.
        uint256 snapshot = vm.snapshotState();
        address metamorphic = handler.metamorphic();
        vm.prank(a.receiver);
        VaultV1(a.vault).upgradeToAndCall(metamorphic, "");
        assertEq(VaultV1(a.vault).version(), 3);
        vm.revertToState(snapshot);
        handler.mutateCandidate(2); // no code
        handler.execute(0, 1);
        assertEq(handler.upgradesExecuted(), 0);
        handler.mutateCandidate(0); // its approved code again
        handler.execute(0, 1);
        assertEq(handler.upgradesExecuted(), 1);
        assertEq(_implementation(a.vault), handler.metamorphic());
        assertEq(VaultV1(a.vault).version(), 2);
    }

    /// @dev A forged upgrade (to VaultV3Malicious, its own codehash) that six members ratify through
    /// the fallback is queued for the timelock delay, not the receiver's minimum delay.
    function test_HandlerFallbackPathWaitsTheTimelockDelay() external {
        handler.forgeUpgrade(1, 1, 6, 3); // activatable at once; six members ratify
        bytes32 id = handler.messageId(0);
        SystemHandlerBase.MessageRecord memory m = handler.messageRecord(id);
        assertTrue(m.forged);
        assertEq(m.fallbackSigners, 6);
        assertEq(m.confirmations, FALLBACK_BIT);
        assertEq(m.queuedAt, block.timestamp);
        (,, uint40 executableAt,) = UpgradeReceiver(a.receiver).messageState(id);
        assertEq(executableAt, block.timestamp + TIMELOCK_DELAY);

        _warpBy(MIN_DELAY); // past the main path's delay, inside the fallback's
        handler.execute(0, 1);
        assertEq(handler.executeTooEarly(), 1);
        assertEq(handler.upgradesExecuted(), 0);
        _warpBy(TIMELOCK_DELAY - MIN_DELAY);
        handler.execute(0, 1);
        assertEq(handler.upgradesExecuted(), 1);
        assertEq(_implementation(a.vault), handler.v3Malicious());
        assertEq(handler.install(1).at, uint256(m.queuedAt) + TIMELOCK_DELAY);
        this.invariant_NoUpgradeWithoutCouncilThresholdAndTimelockDelay();
    }

    /// @dev A forged upgrade ratified by one to five members gets nowhere; six queue it.
    function test_HandlerForgedFallbackBelowThresholdFails() external {
        handler.forgeUpgrade(1, 1, 5, 3); // five of nine: one short
        bytes32 id = handler.messageId(0);
        for (uint256 count = 1; count < COUNCIL_THRESHOLD; ++count) {
            handler.ratify(0, count, count);
        }
        assertEq(handler.ratifications(), 0);
        assertEq(handler.belowThresholdRatifications(), 0);
        assertEq(uint8(_status(id)), uint8(IUpgradeReceiver.MessageStatus.None));
        handler.deliver(0, 15, 0); // no guardian attests what the hub never sent
        assertEq(handler.deliveries(), 0);
        handler.ratify(0, COUNCIL_THRESHOLD, 7);
        assertEq(handler.ratifications(), 1);
        assertEq(uint8(_status(id)), uint8(IUpgradeReceiver.MessageStatus.Queued));
    }

    /// @dev Through council roots: a forged upgrade needs six signers and then waits the timelock
    /// delay; a forged pause needs the emergency quorum (four) and applies at once.
    function test_HandlerRootPathKeepsEachAuthority() external {
        _rootPathKeepsEachAuthority(0);
        assertEq(handler.oneTransactionRootAttempts(), 0);
    }

    /// @dev The same through `setRootAndExecuteLeaf`: root and leaf in one transaction.
    function test_HandlerRootPathKeepsEachAuthorityInOneTransaction() external {
        _rootPathKeepsEachAuthority(1 << 128);
        assertEq(handler.oneTransactionRootAttempts(), handler.rootAttempts());
    }

    /// @dev `oneTransaction`: the seed bit that makes the handler submit root and leaf together.
    function _rootPathKeepsEachAuthority(uint256 oneTransaction) internal {
        handler.forgeUpgrade(1, 1, 1, 3); // one member's ratification: refused
        bytes32 upgrade = handler.messageId(0);
        for (uint256 count = 1; count < COUNCIL_THRESHOLD; ++count) {
            handler.rootDeliver(0, count, count | oneTransaction);
        }
        assertEq(handler.rootDeliveries(), 0);
        assertEq(uint8(_status(upgrade)), uint8(IUpgradeReceiver.MessageStatus.None));
        handler.rootDeliver(0, COUNCIL_THRESHOLD, 7 | oneTransaction);
        assertEq(handler.rootDeliveries(), 1);
        (,, uint40 executableAt,) = UpgradeReceiver(a.receiver).messageState(upgrade);
        assertEq(executableAt, block.timestamp + TIMELOCK_DELAY, "the timelock's delay");

        handler.forgeEmergency(true, 0, 1, 1, 1); // a past pause, one member's ratification: refused
        assertFalse(VaultV1(a.vault).paused());
        handler.rootDeliver(1, 3, 5 | oneTransaction);
        assertFalse(VaultV1(a.vault).paused(), "three members cannot pause");
        handler.rootDeliver(1, 4, 5 | oneTransaction);
        assertTrue(VaultV1(a.vault).paused(), "the emergency quorum pauses at once");
        assertEq(handler.rootsBeyondTheirAuthority(), 0);
        this.invariant_NoEmergencyBlocksALaterOne();
    }

    /// @dev An attested forged pause (nonce 2^64 - 1, hub time near 2^40) pauses, but holds the
    /// council's unpause back only for the clock skew; an unpause from beyond the skew is refused
    /// unconsumed; a hub pause delivered after a newer unpause still pauses.
    function test_HandlerEmergencyOrderingNeverBlocks() external {
        handler.forgeEmergency(true, 3, 0, 8, 0); // far-future pause, attested by 8 guardians
        assertTrue(VaultV1(a.vault).paused());
        (uint40 issuedAt, uint64 nonce) = UpgradeReceiver(a.receiver).lastPause(a.vault);
        assertEq(issuedAt, block.timestamp + 1 hours);
        assertEq(nonce, type(uint64).max);

        handler.proposeEmergency(0, true); // a hub pause, delivered last
        handler.approve(0, 9, 1, true);
        handler.executeEmergency(0);
        _warpBy(1 minutes);
        handler.proposeEmergency(0, false); // an unpause within the hour: stale
        handler.approve(1, 9, 1, true);
        handler.executeEmergency(1);
        handler.ratify(2, 6, 2); // through the fallback
        assertTrue(VaultV1(a.vault).paused());
        assertEq(handler.messageRecord(handler.messageId(2)).vaultOutcome, 1 + 4); // Stale

        _warpBy(1 hours);
        handler.proposeEmergency(0, false); // after the skew: applies
        handler.approve(2, 9, 1, true);
        handler.executeEmergency(2);
        handler.deliver(3, 8, 0);
        assertFalse(VaultV1(a.vault).paused());

        handler.forgeEmergency(false, 2, 1, 8, 0); // an unpause stamped beyond the skew
        SystemDeliveryPaths.EmergencyDelivery memory refused = handler.emergencyDelivery(3);
        assertFalse(refused.ok);
        assertEq(refused.error, IUpgradeReceiver.ReceiverEmergencyFromFuture.selector);
        assertEq(uint8(_status(handler.messageId(4))), uint8(IUpgradeReceiver.MessageStatus.None));

        handler.deliver(1, 8, 0); // the older hub pause, reordered after the unpause
        assertTrue(VaultV1(a.vault).paused());
        assertEq(handler.emergencyDeliveryCount(), 5);
        this.invariant_NoEmergencyBlocksALaterOne();
    }

    // ─── Helpers ────────────────────────────────────────────────────────────────────────────

    /// @dev The handler's plain warp: an even seed moves time by `seed / 2` (bounded to 1 min..3 days).
    function _warpBy(uint256 seconds_) internal {
        handler.warp(seconds_ * 2);
    }

    /// @dev The main path: council quorum, timelock, hub dispatch, guardian quorum.
    function _assertMainPath(
        SystemHandlerBase.Install memory installed,
        SystemHandlerBase.MessageRecord memory m
    ) internal view {
        assertFalse(m.forged, "the hub never sent it");
        _assertCouncilQuorum(m.proposalId);
        bytes32 operation = SecurityCouncil(a.council).operationId(m.proposalId);
        assertTrue(TimelockController(payable(a.timelock)).isOperationDone(operation), "through the timelock");
        assertTrue(_dispatchedFor(m.proposalId, installed.messageId), "hub dispatched it");
        assertGe(m.quorumSigners, IGuardianAdapter(a.guardianAdapter).quorum(0), "guardian quorum");
        assertGe(m.quorumSigners, 8);
    }

    /// @dev The fallback path: the fallback alone confirmed it, with the council threshold of
    /// members, and it ran no earlier than the timelock delay after it was queued.
    function _assertFallbackPath(
        SystemHandlerBase.Install memory installed,
        SystemHandlerBase.MessageRecord memory m
    ) internal view {
        assertEq(m.confirmations, FALLBACK_BIT, "confirmed by the fallback alone");
        assertEq(_confirmationCount(installed.messageId), 1, "the receiver counted one confirmation");
        assertEq(m.quorumSigners, 0, "no guardian delivery");
        assertGe(m.fallbackSigners, COUNCIL_THRESHOLD, "fallback below the council threshold");
        assertTrue(m.queuedAt != 0, "queued");
        assertGe(
            installed.at, uint256(m.queuedAt) + TIMELOCK_DELAY, "fallback upgrade before the timelock delay"
        );
        assertGe(m.executedAt, uint256(m.queuedAt) + TIMELOCK_DELAY);
    }

    function _assertCouncilQuorum(bytes32 proposalId) internal view {
        SecurityCouncil council = SecurityCouncil(a.council);
        ISecurityCouncil.Proposal memory p = council.proposal(proposalId);
        assertEq(uint8(p.kind), uint8(ISecurityCouncil.ProposalKind.Upgrade));
        assertEq(uint8(p.status), uint8(ISecurityCouncil.ProposalStatus.Scheduled));
        assertGe(council.approvals(proposalId), council.quorum(proposalId), "council quorum");
        assertGe(council.approvals(proposalId), 6);
    }

    function _dispatchedFor(bytes32 proposalId, bytes32 messageId) internal view returns (bool) {
        bytes32[] memory ids = GovernanceHub(a.hub).messagesOf(proposalId);
        for (uint256 i; i < ids.length; ++i) {
            if (ids[i] == messageId) return true;
        }
        return false;
    }

    function _confirmationCount(bytes32 messageId) internal view returns (uint256 count) {
        (, count,,) = UpgradeReceiver(a.receiver).messageState(messageId);
    }

    function _status(bytes32 messageId) internal view returns (IUpgradeReceiver.MessageStatus status) {
        (status,,,) = UpgradeReceiver(a.receiver).messageState(messageId);
    }
}
