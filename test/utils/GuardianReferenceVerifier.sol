// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";

/// @notice Test helper: the guardian signature check written as plain Solidity, the specification
/// the adapter's assembly loop must match word for word (same checks, same order, same errors and
/// arguments). Every word is taken raw (`uint256`), as the adapter reads calldata, so dirty upper
/// bits reach the checks instead of the ABI decoder. The set is read through the adapter's views.
contract GuardianReferenceVerifier {
    /// @dev `IGuardianAdapter.GuardianSignature` with every field as a raw word (same ABI layout).
    struct RawSignature {
        uint256 index;
        uint256 v;
        uint256 r;
        uint256 s;
    }

    uint256 private constant _HALF_CURVE_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice Same parameters (as raw words) and outcome as `GuardianAdapter._verifySignatures`.
    function verify(
        GuardianAdapter adapter,
        bytes32 digest,
        uint32 index,
        uint256[] calldata keys,
        RawSignature[] calldata signatures
    ) external view {
        _checkSet(adapter, index, keys, signatures.length);
        uint256 nextIndex;
        for (uint256 i; i < signatures.length; ++i) {
            RawSignature calldata signature = signatures[i];
            uint256 guardian = signature.index;
            if (guardian < nextIndex) revert IGuardianAdapter.GuardianSignerIndexNotAscending(i, guardian);
            if (guardian >= keys.length) {
                revert IGuardianAdapter.GuardianSignerIndexOutOfRange(i, guardian, keys.length);
            }
            nextIndex = guardian + 1;
            if (signature.s > _HALF_CURVE_ORDER) {
                revert IGuardianAdapter.GuardianSignatureMalleable(i, bytes32(signature.s));
            }
            if (signature.v != 27 && signature.v != 28) {
                revert IGuardianAdapter.GuardianSignatureInvalidV(i, signature.v);
            }
            address signer = ecrecover(digest, uint8(signature.v), bytes32(signature.r), bytes32(signature.s));
            if (signer == address(0)) revert IGuardianAdapter.GuardianSignatureUnrecoverable(i);
            address key = address(uint160(keys[guardian]));
            if (uint256(uint160(signer)) != keys[guardian]) {
                revert IGuardianAdapter.GuardianSignatureWrongSigner(i, signer, key);
            }
        }
    }

    function _checkSet(GuardianAdapter adapter, uint32 index, uint256[] calldata keys, uint256 count)
        private
        view
    {
        (bytes32 keysHash, uint8 size, uint8 quorum, uint40 expiresAt) = adapter.guardianSet(index);
        if (size == 0) revert IGuardianAdapter.GuardianSetUnknown(index);
        if (expiresAt != 0 && block.timestamp >= expiresAt) {
            revert IGuardianAdapter.GuardianSetExpired(index, expiresAt);
        }
        if (keys.length != size) revert IGuardianAdapter.GuardianKeysLengthMismatch(keys.length, size);
        bytes32 given = keccak256(abi.encodePacked(keys));
        if (given != keysHash) revert IGuardianAdapter.GuardianKeysMismatch(index, given, keysHash);
        uint256 max = adapter.MAX_GUARDIANS();
        if (count > max) revert IGuardianAdapter.GuardianTooManySignatures(count, max);
        if (count < quorum) revert IGuardianAdapter.GuardianQuorumNotMet(count, quorum);
    }
}
