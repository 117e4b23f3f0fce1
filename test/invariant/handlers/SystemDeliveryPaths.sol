// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../../contracts/bridge/UpgradePayload.sol";
import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {GuardianAdapter} from "../../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {VaultV1} from "../../../contracts/example/VaultV1.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {IGuardianAdapter} from "../../../contracts/interfaces/IGuardianAdapter.sol";
import {UpgradeReceiver} from "../../../contracts/receiver/UpgradeReceiver.sol";
import {SystemAttacks} from "./SystemAttacks.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @notice The system handler's two delivery paths into the receiver: the guardian adapter (a
/// relayer with random guardian subsets) and the council fallback adapter (a relayer with 1..9
/// council members' EIP-712 ratifications, or a council root they signed over the message and a
/// leaf for another chain), plus the messages the hub never sent: forged upgrades
/// (to a candidate whose codehash the forger names itself) that only the fallback may carry, and
/// forged emergencies (a huge nonce, a stale, near-future or far-future hub time) that guardians
/// attest or the fallback ratifies.
/// @dev Ghosts: per message, how many fallback members ratified it, which adapters' confirmations
/// the receiver accepted, and the emergency outcome it reported for the vault (in
/// `MessageRecord`); per emergency delivery attempt that should count (enough signatures, message
/// not consumed yet), what the vault looked like before and after (`EmergencyDelivery`); and the
/// handler's own model of the newest pause applied to the vault (`modelLastPause`), built from
/// the rule "(hub time clamped to now + MAX_EMERGENCY_CLOCK_SKEW, hub nonce), newest wins".
abstract contract SystemDeliveryPaths is SystemAttacks {
    /// @dev The receiver's confirmation bits (adapters [guardian, fallback]).
    uint8 internal constant GUARDIAN_BIT = 1;
    uint8 internal constant FALLBACK_BIT = 2;
    /// @dev The home council's threshold: the fewest keys any path to an upgrade may need.
    uint256 internal constant COUNCIL_THRESHOLD = 6;
    /// @dev Most messages the handler forges in one run (bounds the message list with MAX_PROPOSALS).
    uint256 internal constant MAX_FORGED = 8;

    /// @notice One emergency delivery attempt with enough signatures for its adapter, of a message
    /// the receiver had not consumed yet.
    struct EmergencyDelivery {
        bytes32 messageId;
        uint40 at;
        bool viaFallback;
        bool ok; // the delivery did not revert
        bytes4 error; // its revert selector otherwise
        bool pausedBefore;
        bool pausedAfter;
        bool newerThanPauses; // (issuedAt, nonce) above the model's newest pause of the vault, before
        bool fromFuture; // issuedAt beyond now + MAX_EMERGENCY_CLOCK_SKEW at the attempt
    }

    EmergencyDelivery[] internal _emergencyDeliveries;
    /// @notice `issuedAt << 64 | nonce` of the newest pause applied to the vault, as the handler
    /// models it (the receiver's `lastPause(vault)` must agree).
    uint256 public modelLastPause;
    /// @notice Messages forged so far.
    uint256 public forgedCount;
    /// @notice Roots built so far (each attempt's decoy leaf names a chain of its own).
    uint256 public rootAttempts;
    /// @notice Of those, the ones submitted as `setRootAndExecuteLeaf` (root and leaf in one call).
    uint256 public oneTransactionRootAttempts;
    /// @notice Successful fallback ratifications, and those with fewer signers than the council
    /// threshold (must stay 0).
    uint256 public ratifications;
    uint256 public belowThresholdRatifications;
    /// @notice Leaves executed through council roots, and those whose root had fewer signers than
    /// its message needs (emergency threshold for a pause, the threshold for anything else; must
    /// stay 0).
    uint256 public rootDeliveries;
    uint256 public rootsBeyondTheirAuthority;

    // ─── Actions ────────────────────────────────────────────────────────────────────────────

    /// @notice `countSeed` (1..9) random council members ratify a message (hub-dispatched or
    /// forged) through the fallback adapter; the relayer submits it.
    function ratify(uint256 messageSeed, uint256 countSeed, uint256 subsetSeed) external observed {
        if (_messageIds.length == 0) return;
        uint256 index = _chooseIndex(_messageIds, messageSeed, _deliverable);
        _ratify(index, _bound(countSeed, 1, _members.length), subsetSeed);
    }

    /// @notice `countSeed` (1..9) random members sign a council root over a message (hub-dispatched
    /// or forged) and a leaf for another chain; the relayer sets the root and executes this chain's
    /// leaf.
    function rootDeliver(uint256 messageSeed, uint256 countSeed, uint256 subsetSeed) external observed {
        if (_messageIds.length == 0) return;
        uint256 index = _chooseIndex(_messageIds, messageSeed, _deliverable);
        _rootDeliver(index, _bound(countSeed, 1, _members.length), subsetSeed);
    }

    /// @notice Someone builds an upgrade with the hub's envelope that the hub never dispatched (to
    /// a candidate, with the codehash it names itself, replacing what the vault runs now), and
    /// has `countSeed` (1..9) members ratify it through the fallback.
    function forgeUpgrade(
        uint256 candidateSeed,
        uint256 activationSeed,
        uint256 countSeed,
        uint256 subsetSeed
    ) external observed {
        if (forgedCount >= MAX_FORGED) return;
        (address implementation, bytes32 codehash) = _candidate(candidateSeed);
        // Mostly activatable at once, so only the receiver's delay stands between queue and execution.
        uint256 wait = activationSeed % 4 == 0 ? _bound(activationSeed / 4, 0, 3 days) : 0;
        UpgradePayload.UpgradeAction[] memory actions = new UpgradePayload.UpgradeAction[](1);
        actions[0] = UpgradePayload.UpgradeAction(_a.vault, _implementation(), implementation, codehash, "");
        bytes memory payload = UpgradePayload.encodeUpgrade(
            UpgradePayload.Upgrade(_forgedId(), uint40(block.timestamp + wait), actions)
        );
        uint256 index = _recordForged(FORGED_NONCE + uint64(forgedCount), payload);
        _ratify(index, _bound(countSeed, 1, _members.length), subsetSeed);
    }

    /// @notice Someone builds a pause or unpause of the vault the hub never dispatched, with a
    /// nonce near 2^64 - 1 or a small one, and a hub time in the past, within the clock skew,
    /// beyond it or near 2^40; a guardian quorum attests it (even path seed) or `countSeed`
    /// (1..9) members ratify it.
    function forgeEmergency(
        bool pause,
        uint256 issuedSeed,
        uint256 nonceSeed,
        uint256 countSeed,
        uint256 pathSeed
    ) external observed {
        _emergencyPath = true;
        if (forgedCount >= MAX_FORGED) return;
        address[] memory targets = new address[](1);
        targets[0] = _a.vault;
        bytes memory payload = UpgradePayload.encodeEmergency(
            pause, UpgradePayload.Emergency(_forgedId(), _forgedIssuedAt(issuedSeed), targets)
        );
        uint64 nonce = nonceSeed % 2 == 0
            ? type(uint64).max - uint64(_bound(nonceSeed / 2, 0, 3))
            : uint64(_bound(nonceSeed / 2, 0, 64));
        uint256 index = _recordForged(nonce, payload);
        if (pathSeed % 2 == 0) {
            uint256 quorum = IGuardianAdapter(_a.guardianAdapter).quorum(0);
            _guardianDeliver(index, _bound(countSeed, quorum, _guardians.length), pathSeed / 2);
        } else {
            _ratify(index, _bound(countSeed, 1, _members.length), pathSeed / 2);
        }
    }

    // ─── Views for the invariants ───────────────────────────────────────────────────────────

    /// @notice How many emergency delivery attempts were recorded.
    function emergencyDeliveryCount() external view returns (uint256) {
        return _emergencyDeliveries.length;
    }

    /// @notice The `index`-th recorded emergency delivery attempt.
    function emergencyDelivery(uint256 index) external view returns (EmergencyDelivery memory) {
        return _emergencyDeliveries[index];
    }

    // ─── Delivery ───────────────────────────────────────────────────────────────────────────

    /// @dev `count` members from `subsetSeed` sign the ratification of message `index`; the relayer
    /// submits it to the fallback adapter.
    function _ratify(uint256 index, uint256 count, uint256 subsetSeed) internal {
        bytes32 id = _messageIds[index];
        MessageRecord storage m = _messages[id];
        _emergencyPath = !m.upgrade;
        IFallbackAdapter adapter = IFallbackAdapter(_a.fallbackAdapter);
        (address[] memory signers, bytes[] memory sigs) =
            _signaturesOf(adapter.ratificationDigest(id), _subset(_members.length, count, subsetSeed));
        bool tracked = !m.upgrade && count >= adapter.threshold() && _deliverable(id);
        EmergencyDelivery memory d;
        if (tracked) d = _beforeEmergency(id, true);
        vm.prank(_relayer);
        try adapter.ratify(_encodedMessages[index], signers, sigs) {
            ++ratifications;
            if (count < COUNCIL_THRESHOLD) ++belowThresholdRatifications;
            if (count > m.fallbackSigners) m.fallbackSigners = uint8(count);
            m.confirmations |= FALLBACK_BIT;
            if (tracked) _afterEmergency(d, true, "");
        } catch (bytes memory reason) {
            if (tracked) _afterEmergency(d, false, reason);
        }
    }

    /// @dev `count` members from `subsetSeed` sign a fresh root over message `index` (and a leaf for
    /// another chain); the relayer sets it, then executes the leaf, or does both in one transaction
    /// (`setRootAndExecuteLeaf`, one seed bit). A pause needs the emergency threshold, anything
    /// else the threshold.
    function _rootDeliver(uint256 index, uint256 count, uint256 subsetSeed) internal {
        bytes32 id = _messageIds[index];
        MessageRecord storage m = _messages[id];
        _emergencyPath = !m.upgrade;
        CouncilFallbackAdapter adapter = CouncilFallbackAdapter(_a.fallbackAdapter);
        uint256 need = m.pause ? adapter.emergencyThreshold() : adapter.threshold();
        bool tracked = !m.upgrade && count >= need && _deliverable(id);
        EmergencyDelivery memory d;
        if (tracked) d = _beforeEmergency(id, true);
        bytes memory call = _rootCall(adapter, index, count, subsetSeed);
        vm.prank(_relayer);
        (bool ok, bytes memory reason) = address(adapter).call(call);
        if (ok) {
            ++rootDeliveries;
            if (count < need) ++rootsBeyondTheirAuthority;
            // An upgrade's signers are checked like a ratification's (the fallback path's invariant).
            if (m.upgrade && count > m.fallbackSigners) m.fallbackSigners = uint8(count);
            m.confirmations |= FALLBACK_BIT;
            if (tracked) _afterEmergency(d, true, "");
        } else if (tracked) {
            _afterEmergency(d, false, reason);
        }
    }

    /// @dev A fresh root over message `index` and a decoy leaf (a chain of its own per attempt, so
    /// every attempt's root carries its own signer count), signed by `count` members. Returns the
    /// call that runs the leaf: `executeLeaf` after the relayer set the root (a refused root is
    /// simply not set), or, for one seed bit, `setRootAndExecuteLeaf` with the signatures.
    function _rootCall(CouncilFallbackAdapter adapter, uint256 index, uint256 count, uint256 subsetSeed)
        internal
        returns (bytes memory)
    {
        bytes32 id = _messageIds[index];
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = adapter.rootLeaf(block.chainid + 1 + rootAttempts++, id);
        bytes32 root = Hashes.commutativeKeccak256(adapter.rootLeaf(block.chainid, id), proof[0]);
        (address[] memory signers, bytes[] memory sigs) = _signaturesOf(
            adapter.rootDigest(root, _rootExpiry(), adapter.rotationNonce()),
            _subset(_members.length, count, subsetSeed)
        );
        return _leafCall(root, signers, sigs, index, proof, (subsetSeed >> 128) & 1 == 1);
    }

    /// @dev The call running leaf `index` of `root`, after setting the root unless `oneTransaction`.
    function _leafCall(
        bytes32 root,
        address[] memory signers,
        bytes[] memory sigs,
        uint256 index,
        bytes32[] memory proof,
        bool oneTransaction
    ) internal returns (bytes memory) {
        CouncilFallbackAdapter adapter = CouncilFallbackAdapter(_a.fallbackAdapter);
        if (oneTransaction) {
            ++oneTransactionRootAttempts;
            return abi.encodeCall(
                adapter.setRootAndExecuteLeaf,
                (root, _rootExpiry(), signers, sigs, _encodedMessages[index], proof)
            );
        }
        vm.prank(_relayer);
        try adapter.setRoot(root, _rootExpiry(), signers, sigs) {} catch {}
        return abi.encodeCall(adapter.executeLeaf, (root, _encodedMessages[index], proof));
    }

    /// @dev The expiry every handler-built root is signed with.
    function _rootExpiry() internal view returns (uint40) {
        return uint40(block.timestamp + 30 days);
    }

    /// @dev `count` guardians from `subsetSeed` attest message `index`; the relayer delivers it.
    /// A forged upgrade is never attested: a guardian quorum is trusted to attest only what the hub
    /// sent (with it, the upgrade path would need no council at all; the fallback carries those).
    function _guardianDeliver(uint256 index, uint256 count, uint256 subsetSeed) internal {
        bytes32 id = _messageIds[index];
        MessageRecord storage m = _messages[id];
        if (m.forged && m.upgrade) return;
        _emergencyPath = !m.upgrade;
        uint8[] memory indices = _indices(_subset(_guardians.length, count, subsetSeed), count);
        GuardianAdapter adapter = GuardianAdapter(_a.guardianAdapter);
        IGuardianAdapter.GuardianSignature[] memory sigs = signIndices(adapter, id, _guardianPks, indices);
        bool quorate = count >= adapter.quorum(0);
        bool tracked = !m.upgrade && quorate && _deliverable(id);
        EmergencyDelivery memory d;
        if (tracked) d = _beforeEmergency(id, false);
        vm.prank(_relayer);
        try adapter.deliver(_encodedMessages[index], 0, _guardians, sigs) {
            ++deliveries;
            if (!quorate) ++belowQuorumDeliveries;
            if (count > m.quorumSigners) m.quorumSigners = uint8(count);
            m.confirmations |= GUARDIAN_BIT;
            if (tracked) _afterEmergency(d, true, "");
        } catch (bytes memory reason) {
            if (tracked) _afterEmergency(d, false, reason);
        }
    }

    /// @dev The vault and the model before an emergency delivery attempt.
    function _beforeEmergency(bytes32 id, bool viaFallback)
        internal
        view
        returns (EmergencyDelivery memory d)
    {
        MessageRecord storage m = _messages[id];
        d.messageId = id;
        d.at = uint40(block.timestamp);
        d.viaFallback = viaFallback;
        d.pausedBefore = VaultV1(_a.vault).paused();
        d.fromFuture = m.issuedAt > block.timestamp + _skew();
        d.newerThanPauses = _key(m.issuedAt, m.nonce) > modelLastPause;
    }

    /// @dev Records the attempt, and a pause's key in the model (its time clamped to now + skew).
    function _afterEmergency(EmergencyDelivery memory d, bool ok, bytes memory reason) internal {
        d.ok = ok;
        if (!ok && reason.length >= 4) d.error = bytes4(reason);
        d.pausedAfter = VaultV1(_a.vault).paused();
        MessageRecord storage m = _messages[d.messageId];
        if (ok && m.pause) {
            uint256 latest = block.timestamp + _skew();
            uint256 key = _key(m.issuedAt > latest ? latest : m.issuedAt, m.nonce);
            if (key > modelLastPause) modelLastPause = key;
        }
        _emergencyDeliveries.push(d);
    }

    // ─── Forging ────────────────────────────────────────────────────────────────────────────

    /// @dev Records a message with the hub's envelope, addressed to this chain's receiver, that the
    /// hub never sent; returns its index in the message list.
    function _recordForged(uint64 nonce, bytes memory payload) internal returns (uint256 index) {
        MessageCodec.Message memory message = MessageCodec.Message(
            MessageCodec.VERSION, nonce, _chainId, _chainId, _a.hub, _a.receiver, payload
        );
        bytes32 id = MessageCodec.id(message);
        _recordMessage(id, MessageCodec.encode(message));
        _messages[id].forged = true;
        ++forgedCount;
        return _messageIds.length - 1;
    }

    /// @dev A fresh proposal or action id for a forged message.
    function _forgedId() internal view returns (bytes32) {
        return keccak256(abi.encode("system.forged", forgedCount));
    }

    /// @dev A hub time: up to 3 days old, within the clock skew, up to 3 days beyond it, or near 2^40.
    function _forgedIssuedAt(uint256 seed) internal view returns (uint40) {
        uint256 mode = seed % 4;
        uint256 r = seed / 4;
        if (mode == 0) return uint40(block.timestamp - _bound(r, 0, 3 days));
        if (mode == 1) return uint40(block.timestamp + _bound(r, 0, _skew()));
        if (mode == 2) return uint40(block.timestamp + _skew() + _bound(r, 1, 3 days));
        return type(uint40).max - uint40(_bound(r, 0, 1 days));
    }

    // ─── Helpers ────────────────────────────────────────────────────────────────────────────

    /// @dev The receiver's ordering key of an emergency: hub time, then hub nonce.
    function _key(uint256 issuedAt, uint64 nonce) internal pure returns (uint256) {
        return (issuedAt << 64) | nonce;
    }

    function _skew() internal view returns (uint256) {
        return UpgradeReceiver(_a.receiver).MAX_EMERGENCY_CLOCK_SKEW();
    }

    /// @dev Signatures of `digest` by the members in `mask`, ascending (as the council and the
    /// fallback adapter require).
    function _signaturesOf(bytes32 digest, uint256 mask)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        uint256 n;
        for (uint256 i; i < _members.length; ++i) {
            if (mask & (1 << i) != 0) ++n;
        }
        signers = new address[](n);
        sigs = new bytes[](n);
        n = 0;
        for (uint256 i; i < _members.length; ++i) {
            if (mask & (1 << i) == 0) continue;
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(_memberKeys[i], digest);
            signers[n] = _members[i];
            sigs[n++] = abi.encodePacked(r, s, v);
        }
    }

    /// @dev The set bits of `mask`, ascending.
    function _indices(uint256 mask, uint256 count) internal view returns (uint8[] memory indices) {
        indices = new uint8[](count);
        uint256 n;
        for (uint256 i; i < _guardians.length; ++i) {
            if (mask & (1 << i) != 0) indices[n++] = uint8(i);
        }
    }
}
