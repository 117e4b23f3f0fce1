// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IFallbackAdapter} from "../../contracts/interfaces/IFallbackAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";

/// @title The fallback shortcut (independent review, finding 1, high)
/// @notice What the review did: the shipped deployment gave the satellites' fallback council the
/// same nine people at threshold 5 and let the receiver accept one confirmation. The fallback
/// adapter forwards any message carrying the hub's envelope, so five keys (one fewer than the
/// council's 6-of-9) got a message the hub never sent accepted on a chain and executed after the
/// receiver's one-hour minimum delay: no proposal, no 48-hour timelock. Like Ronin, the attack
/// needs no bug, only a path weaker than the one everyone watches.
/// @notice Lockstep's defence: no path is weaker than the main one. The fallback's threshold can
/// never be below the council's (deployment and every rotation: `minThreshold`), and the receiver
/// lists it as a fallback adapter, so an upgrade it alone confirmed waits the home timelock's delay
/// on the chain itself, in full view, while the chain guardian can cancel it. A pause stays fast.
contract FallbackShortcutTest is IncidentFixture {
    CouncilFallbackAdapter internal fallbackAdapter;

    function setUp() public override {
        super.setUp();
        fallbackAdapter = CouncilFallbackAdapter(a.fallbackAdapter);
    }

    function test_RevertWhen_FiveKeysRatifyAMessageTheHubNeverSent() external {
        (bytes memory forged, bytes32 id) = _forgedDrain();
        ChainState memory before = _state();
        (address[] memory signers, bytes[] memory sigs) = _ratifiedBy(id, 5);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdNotMet.selector, 5, 6));
        fallbackAdapter.ratify(forged, signers, sigs);
        _assertNeverSeen(id);
        _assertUnchanged(before);
    }

    function test_CouncilThresholdOnTheFallbackStillWaitsTheTimelockDelay() external {
        (bytes memory forged, bytes32 id) = _forgedDrain();
        ChainState memory before = _state();
        (address[] memory signers, bytes[] memory sigs) = _ratifiedBy(id, 6);
        uint256 queuedAt = block.timestamp;
        fallbackAdapter.ratify(forged, signers, sigs);

        (,, uint40 executableAt,) = receiver.messageState(id);
        assertEq(executableAt, queuedAt + TIMELOCK_DELAY, "the home timelock's delay, on this chain");
        // Where the receiver's minimum delay used to be enough, it is refused.
        vm.warp(queuedAt + DELIVERY_MARGIN + MIN_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotYetActive.selector, id, executableAt, block.timestamp
            )
        );
        receiver.execute(forged);
        _assertUnchanged(before);

        // Meanwhile the chain guardian sees it and vetoes it.
        vm.prank(chainGuardian);
        receiver.cancel(id);
        vm.warp(executableAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverNotQueued.selector, id, IUpgradeReceiver.MessageStatus.Cancelled
            )
        );
        receiver.execute(forged);
        _assertUnchanged(before);
    }

    function testFuzz_NoFallbackCoalitionIsFasterThanTheTimelock(uint8 signerCount, uint32 wait) external {
        signerCount = uint8(bound(signerCount, 1, 9));
        (bytes memory forged, bytes32 id) = _forgedDrain();
        (address[] memory signers, bytes[] memory sigs) = _ratifiedBy(id, signerCount);
        uint256 start = block.timestamp;
        (bool ratified,) =
            address(fallbackAdapter).call(abi.encodeCall(fallbackAdapter.ratify, (forged, signers, sigs)));
        assertEq(ratified, signerCount >= council.threshold(), "never fewer keys than the council");
        vm.warp(start + bound(wait, 0, 3 days));
        (bool executed,) = address(receiver).call(abi.encodeCall(receiver.execute, (forged)));
        if (executed) {
            assertGe(signerCount, council.threshold());
            assertGe(block.timestamp, start + TIMELOCK_DELAY, "never a shorter delay than the timelock");
        }
    }

    function test_RevertWhen_FallbackRotatesBelowTheCouncilThreshold() external {
        uint32 nonce = fallbackAdapter.rotationNonce();
        bytes32 digest = fallbackAdapter.rotationDigest(members, 5, nonce);
        (address[] memory signers, bytes[] memory sigs) = _signedBy(digest, 9);
        vm.expectRevert(abi.encodeWithSelector(IFallbackAdapter.FallbackThresholdBelowMinimum.selector, 5, 6));
        fallbackAdapter.rotateMembers(members, 5, nonce, signers, sigs);
        assertEq(fallbackAdapter.threshold(), 6);
    }

    function test_FallbackPauseStaysFast() external {
        address[] memory targets = new address[](1);
        targets[0] = a.vault;
        (bytes memory pause, bytes32 id) = _forge(
            HUB_CHAIN,
            UpgradePayload.encodeEmergency(
                true, UpgradePayload.Emergency("halt", uint40(block.timestamp), targets)
            )
        );
        (address[] memory signers, bytes[] memory sigs) = _ratifiedBy(id, 6);
        fallbackAdapter.ratify(pause, signers, sigs);
        assertTrue(VaultV1(a.vault).paused(), "paused in the same transaction");
    }

    // ─── helpers ────────────────────────────────────────────────────────────────────────────

    /// @dev The first `count` fallback members (the council's people) ratify `messageId`.
    function _ratifiedBy(bytes32 messageId, uint256 count)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        return _signedBy(fallbackAdapter.ratificationDigest(messageId), count);
    }
}
