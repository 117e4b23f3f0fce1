// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "./IBridgeAdapter.sol";
import {ICouncilRoots} from "./ICouncilRoots.sol";

/// @title IFallbackAdapter
/// @notice The council fallback transport's receiving side: when the guardian set cannot reach
/// quorum, a quorum of this chain's council members signs an EIP-712 `Ratification(messageId)`
/// of the hub message, and anyone submits message, signers and signatures to `ratify`.
/// @dev The receiver lists this adapter next to the guardian adapter. With
/// `requiredConfirmations = 1` either path suffices; a deployment that wants both to agree sets
/// `requiredConfirmations = 2`. The member set is rotated only by its own quorum. The same members
/// also sign multi-chain roots (`ICouncilRoots`): one ceremony for every chain.
interface IFallbackAdapter is IBridgeAdapter, ICouncilRoots {
    /// @notice Emitted for every member set that becomes current (at construction and on rotation).
    /// @param nonce the rotation nonce of this set (0 for the constructor's set)
    /// @param members the set's members, strictly ascending
    /// @param threshold signatures the set needs
    event MembersSet(uint32 indexed nonce, address[] members, uint8 threshold);

    /// @notice Emitted when a council quorum ratified a message, right before it is forwarded.
    /// @param messageId `MessageCodec.id` of the message
    /// @param signerCount number of valid member signatures counted
    event MessageRatified(bytes32 indexed messageId, uint256 signerCount);

    /// @dev A member set smaller than `min` or larger than `max`.
    error FallbackInvalidMemberCount(uint256 count, uint256 min, uint256 max);
    /// @dev The member at `position` is the zero address.
    error FallbackMemberZero(uint256 position);
    /// @dev The member at `position` is not strictly greater than the member before it.
    error FallbackMembersNotAscending(uint256 position, address member, address previous);
    /// @dev The threshold is not a strict majority of the set, or exceeds its size.
    error FallbackThresholdInvalid(uint256 threshold, uint256 size);
    /// @dev The threshold is below the floor fixed at deployment (the home council's threshold):
    /// the fallback would reach messages with fewer keys than the main path.
    error FallbackThresholdBelowMinimum(uint256 threshold, uint256 minimum);
    /// @dev The emergency threshold is zero or above the set's threshold.
    error FallbackEmergencyThresholdInvalid(uint256 emergencyThreshold, uint256 threshold);
    /// @dev `signers` and `signatures` differ in length.
    error FallbackSignatureCountMismatch(uint256 signers, uint256 signatures);
    /// @dev More signers than any member set can hold.
    error FallbackTooManySigners(uint256 count, uint256 max);
    /// @dev Fewer signers than the threshold.
    error FallbackThresholdNotMet(uint256 got, uint256 need);
    /// @dev The signer at `position` is not strictly greater than the signer before it.
    error FallbackSignersNotAscending(uint256 position, address signer, address previous);
    /// @dev The signer at `position` is not a current member.
    error FallbackNotMember(uint256 position, address signer);
    /// @dev The signature at `position` is not `signer`'s signature of the digest (ECDSA with low
    /// `s`, or ERC-1271 for a contract member).
    error FallbackSignatureInvalid(uint256 position, address signer);
    /// @dev A rotation signed for another nonce than the current one.
    error FallbackRotationNonceMismatch(uint32 nonce, uint32 current);

    /// @notice Verifies a council quorum's ratification of `encodedMessage` and forwards it.
    /// @dev Anyone may submit. Does not track delivered messages: the receiver rejects replays.
    /// The message must be in the canonical `abi.encode` layout the hub produces (it is read in place;
    /// anything else reverts with `IBridgeAdapter.AdapterMalformedMessage`).
    /// Emits `MessageRatified`, then `MessageForwarded`.
    /// @param encodedMessage `MessageCodec.encode(message)`
    /// @param signers at least `threshold()` current members, strictly ascending
    /// @param signatures each signer's signature of `ratificationDigest(messageId)`, same order
    /// @return messageId `MessageCodec.id` of the forwarded message
    function ratify(bytes calldata encodedMessage, address[] calldata signers, bytes[] calldata signatures)
        external
        returns (bytes32 messageId);

    /// @notice Replaces the member set and threshold at once.
    /// @dev Anyone may submit; the authority is a threshold of the current members signing
    /// `MembersRotation(newMembers, newThreshold, nonce)` with `nonce == rotationNonce()`, which
    /// then increments (a rotation cannot be replayed). Signatures of the old set stop counting
    /// at once. Emits `MembersSet`.
    /// @param newMembers 5 to 9 non-zero addresses, strictly ascending
    /// @param newThreshold a strict majority of `newMembers`, at most its size
    /// @param nonce the rotation nonce the members signed
    /// @param signers at least `threshold()` current members, strictly ascending
    /// @param signatures each signer's signature of `rotationDigest(newMembers, newThreshold, nonce)`
    function rotateMembers(
        address[] calldata newMembers,
        uint8 newThreshold,
        uint32 nonce,
        address[] calldata signers,
        bytes[] calldata signatures
    ) external;

    /// @notice The current members, strictly ascending.
    function members() external view returns (address[] memory);

    /// @notice Signatures the current set needs.
    function threshold() external view returns (uint8);

    /// @notice The lowest threshold any member set may have (fixed at deployment: the home
    /// council's threshold, so the fallback never needs fewer keys than the main path).
    function minThreshold() external view returns (uint8);

    /// @notice Whether `account` is a current member.
    function isMember(address account) external view returns (bool);

    /// @notice Rotations done so far: the nonce the next rotation must sign.
    function rotationNonce() external view returns (uint32);

    /// @notice The digest a member signs to ratify the message with id `messageId` on this chain.
    function ratificationDigest(bytes32 messageId) external view returns (bytes32);

    /// @notice The digest a member signs to rotate to `newMembers` / `newThreshold` at `nonce`.
    function rotationDigest(address[] calldata newMembers, uint8 newThreshold, uint32 nonce)
        external
        view
        returns (bytes32);

    /// @notice This adapter's EIP-712 domain separator on the current chain.
    function domainSeparator() external view returns (bytes32);
}
