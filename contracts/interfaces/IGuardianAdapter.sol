// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "./IBridgeAdapter.sol";

/// @title IGuardianAdapter
/// @notice The guardian transport's receiving side: an M-of-N set of guardians signs an EIP-712
/// attestation of each hub message, and a relayer hands message, keys and signatures to `deliver`.
/// Guardian sets are versioned and stored as a commitment (hash of the ordered keys); the relayer
/// supplies the keys in calldata. The current set governs its own rotation.
interface IGuardianAdapter is IBridgeAdapter {
    /// @notice One guardian's signature over an EIP-712 digest.
    /// @param index the signer's position in the guardian set's ordered key list
    /// @param v recovery id, 27 or 28
    /// @param r signature r
    /// @param s signature s, in the lower half of the curve order
    struct GuardianSignature {
        uint8 index;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice Emitted for every guardian set that becomes current (at construction and on rotation).
    /// @dev Carries the full key list: the contract only stores its hash, and relayers need the keys.
    event GuardianSetAdded(uint32 indexed index, bytes32 keysHash, uint8 quorum, address[] keys);

    /// @notice Emitted when the current set hands over to a new one.
    /// @param newIndex index of the new current set
    /// @param keysHash hash of the new set's ordered keys
    /// @param size number of guardians in the new set
    /// @param quorum signatures the new set needs
    /// @param previousExpiresAt time at which the previous set stops being accepted
    event GuardianSetRotated(
        uint32 indexed newIndex, bytes32 keysHash, uint8 size, uint8 quorum, uint40 previousExpiresAt
    );

    /// @notice Emitted when a set older than the previous one is cut short by a new rotation.
    event GuardianSetRetired(uint32 indexed index, uint40 expiresAt);

    /// @dev A guardian set is empty or larger than `max`.
    error GuardianSetInvalidSize(uint256 size, uint256 max);
    /// @dev The key at `position` is the zero address.
    error GuardianKeyZero(uint256 position);
    /// @dev The key at `position` is not strictly greater than the key before it.
    error GuardianKeysNotAscending(uint256 position, address key, address previous);
    /// @dev The quorum is not a strict majority of the set, or exceeds its size.
    error GuardianQuorumInvalid(uint256 quorum, uint256 size);
    /// @dev The set expiry window exceeds the allowed maximum.
    error GuardianSetExpiryWindowTooLong(uint256 window, uint256 max);
    /// @dev No guardian set has this index.
    error GuardianSetUnknown(uint32 index);
    /// @dev The guardian set stopped being accepted at `expiresAt`.
    error GuardianSetExpired(uint32 index, uint40 expiresAt);
    /// @dev The supplied key list does not have the set's size.
    error GuardianKeysLengthMismatch(uint256 length, uint256 size);
    /// @dev The supplied key list does not hash to the set's commitment.
    error GuardianKeysMismatch(uint32 index, bytes32 keysHash, bytes32 expected);
    /// @dev Fewer signatures than the set's quorum.
    error GuardianQuorumNotMet(uint256 got, uint256 need);
    /// @dev More signatures than any set can hold.
    error GuardianTooManySignatures(uint256 count, uint256 max);
    /// @dev The signature at `position` does not name a guardian after the previous signature's.
    error GuardianSignerIndexNotAscending(uint256 position, uint256 index);
    /// @dev The signature at `position` names a guardian index outside the set.
    error GuardianSignerIndexOutOfRange(uint256 position, uint256 index, uint256 size);
    /// @dev The signature at `position` has an `s` in the upper half of the curve order.
    error GuardianSignatureMalleable(uint256 position, bytes32 s);
    /// @dev The signature at `position` has a `v` other than 27 or 28.
    error GuardianSignatureInvalidV(uint256 position, uint256 v);
    /// @dev The signature at `position` recovers to no address.
    error GuardianSignatureUnrecoverable(uint256 position);
    /// @dev The signature at `position` recovers to `signer`, not to the guardian it names.
    error GuardianSignatureWrongSigner(uint256 position, address signer, address guardian);
    /// @dev A rotation must be signed by the current set.
    error GuardianRotationNotCurrentSet(uint32 index, uint32 current);

    /// @notice Verifies guardian signatures over `encodedMessage` and forwards it to the receiver.
    /// @dev Anyone (a relayer) may call. Does not track delivered messages: the receiver rejects replays.
    /// The message must be in the canonical `abi.encode` layout the hub produces (it is read in place;
    /// anything else reverts with `IBridgeAdapter.AdapterMalformedMessage`). Emits `MessageForwarded`.
    /// @param encodedMessage `MessageCodec.encode(message)`
    /// @param guardianSetIndex the set whose guardians signed
    /// @param guardianKeys that set's ordered keys (must hash to its commitment)
    /// @param signatures at least `quorum(guardianSetIndex)` signatures, indices strictly ascending
    /// @return messageId `MessageCodec.id` of the forwarded message
    function deliver(
        bytes calldata encodedMessage,
        uint32 guardianSetIndex,
        address[] calldata guardianKeys,
        GuardianSignature[] calldata signatures
    ) external returns (bytes32 messageId);

    /// @notice Replaces the current guardian set; the previous one stays valid for the expiry window.
    /// @dev Anyone may submit; the authority is a quorum of the current set signing
    /// `GuardianSetRotation(newIndex, newKeysHash, newQuorum)` under this adapter's EIP-712 domain.
    /// Emits `GuardianSetAdded`, `GuardianSetRotated` and, when an older set is cut short,
    /// `GuardianSetRetired`.
    /// @return newIndex the index of the new current set
    function rotateGuardianSet(
        address[] calldata newKeys,
        uint8 newQuorum,
        uint32 currentSetIndex,
        address[] calldata currentKeys,
        GuardianSignature[] calldata signatures
    ) external returns (uint32 newIndex);

    /// @notice The digest a guardian signs to attest the message with id `messageId`.
    function attestationDigest(bytes32 messageId) external view returns (bytes32);

    /// @notice The digest the current set signs to rotate to a new set.
    function rotationDigest(uint32 newIndex, bytes32 newKeysHash, uint8 newQuorum)
        external
        view
        returns (bytes32);

    /// @notice This adapter's EIP-712 domain separator on the current chain.
    function domainSeparator() external view returns (bytes32);

    /// @notice Index of the current guardian set.
    function currentGuardianSetIndex() external view returns (uint32);

    /// @notice A guardian set's commitment; all zero for an unknown index. `expiresAt == 0` means current.
    function guardianSet(uint32 index)
        external
        view
        returns (bytes32 keysHash, uint8 size, uint8 quorum, uint40 expiresAt);

    /// @notice Signatures a set needs to attest anything (zero for an unknown index).
    function quorum(uint32 index) external view returns (uint8);

    /// @notice Seconds the previous set stays valid after a rotation.
    function setExpiryWindow() external view returns (uint32);
}
