// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {GuardianReferenceVerifier} from "../utils/GuardianReferenceVerifier.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";
import {GuardianAdapterHarness} from "./GuardianAdapterHarness.sol";

/// @notice The adapter's assembly signature loop (`_verifySignatures`) is equivalent to the
/// plain-Solidity reference: for the same raw calldata both succeed, or both revert with the same
/// bytes (error and arguments). Inputs start from real signatures of an 8-of-15 set and get one
/// mutation that aims at a check: indices, v, r, s, high-s twins, foreign signers, keys, set index.
contract GuardianAdapterVerifyTest is GuardianAdapterFixture {
    /// @dev secp256k1 group order.
    uint256 private constant _N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    bytes32 private constant _DIGEST = keccak256("lockstep.guardian.verify");
    uint256 private constant _MUTATIONS = 10;

    GuardianAdapterHarness internal harness;
    GuardianReferenceVerifier internal referenceVerifier;

    function setUp() public override {
        super.setUp();
        harness = new GuardianAdapterHarness(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, keys, QUORUM, EXPIRY_WINDOW
        );
        referenceVerifier = new GuardianReferenceVerifier();
    }

    function test_QuorumOfValidSignaturesPassesBoth() external view {
        GuardianReferenceVerifier.RawSignature[] memory raw = _signed(QUORUM, type(uint256).max);
        (bool ok, bytes memory reason) = _compare(0, _keyWords(), raw);
        assertTrue(ok, "valid quorum accepted");
        assertEq(reason.length, 0);
    }

    function test_WrongSignerRevertsAlikeInBoth() external view {
        GuardianReferenceVerifier.RawSignature[] memory raw = _signed(QUORUM, type(uint256).max);
        raw[3].r = raw[2].r; // another valid curve point: recovers some other address
        (bool ok, bytes memory reason) = _compare(0, _keyWords(), raw);
        assertFalse(ok, "refused");
        assertTrue(reason.length > 4, "with an error");
    }

    /// forge-config: default.fuzz.runs = 1024
    function testFuzz_AssemblyLoopMatchesReference(
        uint256 count,
        uint256 subset,
        uint256 mutation,
        uint256 position,
        uint256 word
    ) external view {
        count = bound(count, 0, SIZE);
        GuardianReferenceVerifier.RawSignature[] memory raw = _signed(count, subset);
        uint256[] memory keyWords = _keyWords();
        uint32 setIndex;
        mutation = mutation % _MUTATIONS;
        uint256 p = raw.length == 0 ? 0 : position % raw.length;
        if (raw.length == 0 || mutation == 0) {
            // unchanged
        } else if (mutation == 1) {
            raw[p].index = word % 40; // repeated, descending or out of range
        } else if (mutation == 2) {
            raw[p].v = word % 2 == 0 ? word : 27 + (word >> 1) % 2; // any word, or the other parity
        } else if (mutation == 3) {
            (raw[p].s, raw[p].v) = (_N - raw[p].s, raw[p].v == 27 ? 28 : 27); // the high-s twin
        } else if (mutation == 4) {
            raw[p].r = word;
        } else if (mutation == 5) {
            raw[p].s = word;
        } else if (mutation == 6 && raw.length > 1) {
            uint256 q = (p + 1) % raw.length;
            (raw[p], raw[q]) = (raw[q], raw[p]);
        } else if (mutation == 7) {
            (uint8 v, bytes32 r, bytes32 s) =
                vm.sign(uint256(keccak256(abi.encode(word))) % (_N - 1) + 1, _DIGEST);
            (raw[p].v, raw[p].r, raw[p].s) = (v, uint256(r), uint256(s));
        } else if (mutation == 8) {
            keyWords[position % keyWords.length] = word; // dirty or foreign key
        } else {
            setIndex = uint32(word % 3); // unknown sets
        }
        _compare(setIndex, keyWords, raw);
    }

    /// @dev Calls both with identical raw arguments and asserts identical outcomes.
    function _compare(
        uint32 setIndex,
        uint256[] memory keyWords,
        GuardianReferenceVerifier.RawSignature[] memory raw
    ) private view returns (bool ok, bytes memory reason) {
        // Raw words (the same ABI layout as `address[]` and `GuardianSignature[]`), so that dirty
        // upper bits reach both implementations unchanged.
        (ok, reason) = address(harness)
            .staticcall(
                abi.encodeWithSelector(harness.verifySignatures.selector, _DIGEST, setIndex, keyWords, raw)
            );
        (bool okRef, bytes memory reasonRef) = address(referenceVerifier)
            .staticcall(abi.encodeCall(referenceVerifier.verify, (harness, _DIGEST, setIndex, keyWords, raw)));
        assertEq(ok, okRef, "same outcome");
        assertEq(reason, reasonRef, "same revert data");
    }

    /// @dev `count` guardians of set 0, picked in ascending order by the bits of `subset` (then the
    /// lowest ones not yet picked), sign `_DIGEST`.
    function _signed(uint256 count, uint256 subset)
        private
        view
        returns (GuardianReferenceVerifier.RawSignature[] memory raw)
    {
        bool[] memory picked = new bool[](SIZE);
        uint256 n;
        for (uint256 g; g < SIZE && n < count; ++g) {
            if ((subset >> g) & 1 == 1) (picked[g], n) = (true, n + 1);
        }
        for (uint256 g; g < SIZE && n < count; ++g) {
            if (!picked[g]) (picked[g], n) = (true, n + 1);
        }
        raw = new GuardianReferenceVerifier.RawSignature[](count);
        uint256 i;
        for (uint256 g; g < SIZE; ++g) {
            if (!picked[g]) continue;
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(pks[g], _DIGEST);
            raw[i++] = GuardianReferenceVerifier.RawSignature(g, v, uint256(r), uint256(s));
        }
    }

    function _keyWords() private view returns (uint256[] memory words) {
        words = new uint256[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            words[i] = uint160(keys[i]);
        }
    }
}
