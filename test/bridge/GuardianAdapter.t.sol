// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";

/// @notice `GuardianAdapter.deliver`: signature verification and envelope checks.
contract GuardianAdapterTest is GuardianAdapterFixture {
    /// @dev `GuardianSignature` with full-word fields, to put dirty bits into calldata.
    struct RawSignature {
        uint256 index;
        uint256 v;
        bytes32 r;
        bytes32 s;
    }

    uint256 private constant _CURVE_ORDER =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function test_SetUpState() external view {
        (bytes32 keysHash, uint8 size, uint8 quorum, uint40 expiresAt) = adapter.guardianSet(0);
        assertEq(keysHash, guardianKeysHash(keys));
        assertEq(size, SIZE);
        assertEq(quorum, QUORUM);
        assertEq(adapter.quorum(0), QUORUM);
        assertEq(expiresAt, 0);
        assertEq(adapter.currentGuardianSetIndex(), 0);
        assertEq(adapter.setExpiryWindow(), EXPIRY_WINDOW);
        assertEq(adapter.transport(), "guardian");
        assertEq(adapter.receiver(), address(receiver));
        (uint64 chainId, address sender) = adapter.trustedOrigin();
        assertEq(chainId, HUB_CHAIN_ID);
        assertEq(sender, hub);
    }

    function test_DomainSeparatorIsEip712OfThisChainAndAdapter() external view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Lockstep Guardian Bridge"),
                keccak256("1"),
                block.chainid,
                address(adapter)
            )
        );
        assertEq(adapter.domainSeparator(), expected);
        bytes32 messageId = keccak256("message");
        assertEq(
            adapter.attestationDigest(messageId), keccak256(abi.encodePacked("\x19\x01", expected, messageId))
        );
    }

    function test_Deliver_8of15() external {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        vm.expectEmit(address(adapter));
        emit IBridgeAdapter.MessageForwarded(messageId, HUB_CHAIN_ID, address(receiver));
        assertEq(_deliver(message, QUORUM), messageId);
        _assertConfirmed(messageId, 1);
    }

    function test_Deliver_13of19() external {
        (keys, pks) = guardianKeys(19, 1);
        adapter = _deploy(keys, 13);
        MessageCodec.Message memory message = _message(1);
        _deliver(message, 13);
        _assertConfirmed(MessageCodec.id(message), 1);
    }

    function test_Deliver_AllGuardiansSign() external {
        MessageCodec.Message memory message = _message(1);
        _deliver(message, SIZE);
        _assertConfirmed(MessageCodec.id(message), 1);
    }

    function test_Deliver_NonContiguousSigners() external {
        MessageCodec.Message memory message = _message(1);
        uint8[] memory indices = new uint8[](QUORUM);
        for (uint256 i; i < QUORUM; ++i) {
            indices[i] = uint8(2 * i - (i == 7 ? 1 : 0)); // 0,2,...,12,13
        }
        IGuardianAdapter.GuardianSignature[] memory signatures =
            signIndices(adapter, MessageCodec.id(message), pks, indices);
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
        _assertConfirmed(MessageCodec.id(message), 1);
    }

    /// @dev The adapter relays every valid attestation; dropping the replay is the receiver's job.
    function test_Deliver_ForwardsAgainWithoutReplayState() external {
        MessageCodec.Message memory message = _message(1);
        _deliver(message, QUORUM);
        _deliver(message, QUORUM);
        _assertConfirmed(MessageCodec.id(message), 2);
    }

    function test_RevertWhen_QuorumNotMet() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, QUORUM - 1, QUORUM)
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_TooManySignatures() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            new IGuardianAdapter.GuardianSignature[](adapter.MAX_GUARDIANS() + 1);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianTooManySignatures.selector, 33, 32));
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_DuplicateSigner() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        signatures[4] = signatures[3];
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignerIndexNotAscending.selector, 4, 3)
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_SignerIndicesDescend() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        (signatures[1], signatures[2]) = (signatures[2], signatures[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignerIndexNotAscending.selector, 2, 1)
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_SignerIndexOutOfRange() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        signatures[QUORUM - 1].index = SIZE;
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignerIndexOutOfRange.selector, QUORUM - 1, SIZE, SIZE
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_KeysDoNotMatchCommitment() external {
        (address[] memory otherKeys, uint256[] memory otherPks) = guardianKeys(SIZE, 7);
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), otherPks, QUORUM);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianKeysMismatch.selector,
                0,
                guardianKeysHash(otherKeys),
                guardianKeysHash(keys)
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, otherKeys, signatures);
    }

    function test_RevertWhen_KeysReordered() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        address[] memory swapped = keys;
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianKeysMismatch.selector,
                0,
                guardianKeysHash(swapped),
                guardianKeysHash(keys)
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, swapped, signatures);
    }

    function test_RevertWhen_KeysLengthDiffers() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        address[] memory shorter = new address[](SIZE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianKeysLengthMismatch.selector, SIZE - 1, SIZE)
        );
        adapter.deliver(MessageCodec.encode(message), 0, shorter, signatures);
    }

    function test_RevertWhen_UnknownGuardianSet() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetUnknown.selector, 1));
        adapter.deliver(MessageCodec.encode(message), 1, keys, signatures);
    }

    function test_RevertWhen_SignedByNonGuardian() external {
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        IGuardianAdapter.GuardianSignature[] memory signatures = sign(adapter, messageId, pks, QUORUM);
        (address outsider, uint256 outsiderPk) = makeAddrAndKey("outsider");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(outsiderPk, adapter.attestationDigest(messageId));
        signatures[5] = IGuardianAdapter.GuardianSignature({index: 5, v: v, r: r, s: s});
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 5, outsider, keys[5]
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_SignatureClaimsAnotherGuardiansIndex() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        signatures[QUORUM - 1].index = SIZE - 1; // guardian 7's signature presented as guardian 14's
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector,
                QUORUM - 1,
                keys[QUORUM - 1],
                keys[SIZE - 1]
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_SignatureMalleated() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        // The high-s twin (n - s, flipped v) recovers to the same key; it must still be refused.
        IGuardianAdapter.GuardianSignature memory original = signatures[2];
        bytes32 highS = bytes32(_CURVE_ORDER - uint256(original.s));
        signatures[2].s = highS;
        signatures[2].v = original.v == 27 ? 28 : 27;
        assertEq(
            ecrecover(
                adapter.attestationDigest(MessageCodec.id(message)), signatures[2].v, signatures[2].r, highS
            ),
            keys[2],
            "twin recovers to the guardian"
        );
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureMalleable.selector, 2, highS)
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_VIsNot27Or28() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        signatures[0].v -= 27; // 0 or 1: the raw recovery id some signers emit
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureInvalidV.selector, 0, signatures[0].v)
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_RevertWhen_SignatureUnrecoverable() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        signatures[3].r = bytes32(0); // r = 0 is never a valid point: the precompile returns nothing
        signatures[3].s = bytes32(uint256(1));
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureUnrecoverable.selector, 3));
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    /// @dev Signature fields are read as raw words; upper bits beyond a uint8 must not be ignored.
    function test_RevertWhen_SignatureWordsHaveDirtyBits() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        RawSignature[] memory raw = new RawSignature[](QUORUM);
        for (uint256 i; i < QUORUM; ++i) {
            raw[i] = RawSignature(signatures[i].index, signatures[i].v, signatures[i].r, signatures[i].s);
        }
        bytes memory encoded = MessageCodec.encode(message);

        raw[1].index = 1 + (1 << 8);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignerIndexOutOfRange.selector, 1, 1 + (1 << 8), SIZE
            )
        );
        _callDeliver(encoded, raw);

        raw[1].index = 1;
        raw[1].v += 1 << 8;
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianSignatureInvalidV.selector, 1, raw[1].v)
        );
        _callDeliver(encoded, raw);
    }

    function test_RevertWhen_MessageAltered() external {
        MessageCodec.Message memory message = _message(1);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        message.nonce = 2;
        bytes32 digest = adapter.attestationDigest(MessageCodec.id(message));
        address recovered = ecrecover(digest, signatures[0].v, signatures[0].r, signatures[0].s);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, recovered, keys[0]
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    /// forge-config: default.fuzz.runs = 64
    function testFuzz_Deliver_RandomSignerSubsets(uint256 seed) external {
        // Each guardian signs with probability 1/2; delivery succeeds iff at least QUORUM signed.
        uint8[] memory indices = new uint8[](SIZE);
        uint256 count;
        for (uint256 i; i < SIZE; ++i) {
            if ((seed >> i) & 1 == 1) indices[count++] = uint8(i);
        }
        assembly ("memory-safe") {
            mstore(indices, count)
        }
        MessageCodec.Message memory message = _message(uint64(seed));
        bytes32 messageId = MessageCodec.id(message);
        IGuardianAdapter.GuardianSignature[] memory signatures = signIndices(adapter, messageId, pks, indices);
        if (count < QUORUM) {
            vm.expectRevert(
                abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumNotMet.selector, count, QUORUM)
            );
        }
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
        _assertConfirmed(messageId, count < QUORUM ? 0 : 1);
    }

    /// forge-config: default.fuzz.runs = 64
    function testFuzz_Deliver_RandomMessageFields(uint64 nonce, bytes calldata payload, uint256 signers)
        external
    {
        uint256 count = bound(signers, QUORUM, SIZE);
        MessageCodec.Message memory message = _message(nonce);
        message.payload = payload;
        bytes32 messageId = _deliver(message, count);
        assertEq(messageId, MessageCodec.id(message));
        _assertConfirmed(messageId, 1);
    }

    /// @dev Raw-calldata `deliver`; only used right after `vm.expectRevert`, which checks the revert.
    function _callDeliver(bytes memory encoded, RawSignature[] memory raw) private {
        (bool expectedRevertSeen,) =
            address(adapter).call(abi.encodeWithSelector(adapter.deliver.selector, encoded, 0, keys, raw));
        assertTrue(expectedRevertSeen);
    }
}
