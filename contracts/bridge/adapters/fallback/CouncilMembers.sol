// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFallbackAdapter} from "../../../interfaces/IFallbackAdapter.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title CouncilMembers
/// @notice This chain's copy of the council: the member set, its threshold, its rotation, and the
/// one check of a quorum's signatures that every council-signed form (ratification, root,
/// revocation, rotation) goes through.
/// @dev Trust model: signatures count only from distinct current members (strictly ascending
/// signers), each an OpenZeppelin `ECDSA` signature (65 bytes, low `s`) or, failing that, the
/// member's ERC-1271 approval. The threshold is always a strict majority of the set and never
/// below `minThreshold` (the home council's threshold, fixed at deployment); the emergency
/// threshold (the home council's emergency threshold, fixed at deployment) is never above it.
/// Members are rotated only by their own quorum (EIP-712 `MembersRotation` with a nonce, under the
/// concrete adapter's per-chain domain); a rotation takes effect at once and the old set's
/// signatures stop counting.
abstract contract CouncilMembers is EIP712, IFallbackAdapter {
    /// @notice Smallest member set accepted.
    uint256 public constant MIN_MEMBERS = 5;
    /// @notice Largest member set (and so the largest signer array) accepted.
    uint256 public constant MAX_MEMBERS = 9;
    /// @notice EIP-712 type a member signs to rotate the member set.
    bytes32 public constant MEMBERS_ROTATION_TYPEHASH =
        keccak256("MembersRotation(address[] newMembers,uint8 newThreshold,uint32 nonce)");

    /// @dev The current set's members, strictly ascending (for `members()` only).
    address[] private _members;
    /// @dev `nonce + 1` of the set an account was last made a member of; current iff it equals
    /// `_nonce + 1`, so a rotation retires the old set without clearing it.
    mapping(address account => uint32 noncePlusOne) private _membership;
    /// @dev Rotations done so far.
    uint32 internal _nonce;
    /// @dev Signatures the current set needs.
    uint8 internal _threshold;
    /// @dev The lowest threshold any set may have.
    uint8 private immutable _minThreshold;
    /// @dev Signatures a pause-only root or a revocation needs.
    uint8 internal immutable _emergencyThreshold;

    /// @notice Installs the first member set. Emits `MembersSet` (nonce 0).
    /// @param members_ 5 to 9 non-zero members, strictly ascending
    /// @param threshold_ a strict majority of `members_`, at least `minThreshold_`
    /// @param minThreshold_ the floor of every set's threshold: the home council's threshold
    /// @param emergencyThreshold_ the home council's emergency threshold: 1 to `threshold_`
    constructor(address[] memory members_, uint8 threshold_, uint8 minThreshold_, uint8 emergencyThreshold_) {
        _minThreshold = minThreshold_;
        _emergencyThreshold = emergencyThreshold_;
        // Checks the threshold, then that the emergency threshold does not exceed it.
        _validateMembers(members_, threshold_);
        if (emergencyThreshold_ == 0) revert FallbackEmergencyThresholdInvalid(0, threshold_);
        _setMembers(0, members_, threshold_);
    }

    /// @inheritdoc IFallbackAdapter
    function rotateMembers(
        address[] calldata newMembers,
        uint8 newThreshold,
        uint32 nonce,
        address[] calldata signers,
        bytes[] calldata signatures
    ) external {
        uint32 current = _nonce;
        // SECURITY: the signed struct names the nonce, which increments: no rotation is replayable.
        if (nonce != current) revert FallbackRotationNonceMismatch(nonce, current);
        _validateMembers(newMembers, newThreshold);
        _verifySignatures(_rotationDigest(newMembers, newThreshold, nonce), signers, signatures, _threshold);
        _setMembers(current + 1, newMembers, newThreshold);
    }

    /// @inheritdoc IFallbackAdapter
    function members() external view returns (address[] memory) {
        return _members;
    }

    /// @inheritdoc IFallbackAdapter
    function threshold() external view returns (uint8) {
        return _threshold;
    }

    /// @inheritdoc IFallbackAdapter
    function minThreshold() external view returns (uint8) {
        return _minThreshold;
    }

    /// @notice Signatures a pause-only root (and a root revocation) needs.
    function emergencyThreshold() external view returns (uint8) {
        return _emergencyThreshold;
    }

    /// @inheritdoc IFallbackAdapter
    function isMember(address account) public view returns (bool) {
        // The zero address is never stored, and `_nonce + 1` is never zero.
        return _membership[account] == _nonce + 1;
    }

    /// @inheritdoc IFallbackAdapter
    function rotationNonce() external view returns (uint32) {
        return _nonce;
    }

    /// @inheritdoc IFallbackAdapter
    function rotationDigest(address[] calldata newMembers, uint8 newThreshold, uint32 nonce)
        external
        view
        returns (bytes32)
    {
        return _rotationDigest(newMembers, newThreshold, nonce);
    }

    /// @dev Reverts unless at least `need` distinct current members signed `digest`; returns how
    /// many signed. Checks, in order: equal array lengths, at most `MAX_MEMBERS` signers, `need`,
    /// then each signer: strictly ascending, a current member, a valid signature.
    function _verifySignatures(
        bytes32 digest,
        address[] calldata signers,
        bytes[] calldata signatures,
        uint256 need
    ) internal view returns (uint256 count) {
        count = signers.length;
        if (count != signatures.length) revert FallbackSignatureCountMismatch(count, signatures.length);
        if (count > MAX_MEMBERS) revert FallbackTooManySigners(count, MAX_MEMBERS);
        if (count < need) revert FallbackThresholdNotMet(count, need);
        uint32 currentSet = _nonce + 1;
        address previous;
        for (uint256 i; i < count; ++i) {
            address signer = signers[i];
            // SECURITY: strictly ascending signers are distinct (and never the zero address).
            if (signer <= previous) revert FallbackSignersNotAscending(i, signer, previous);
            previous = signer;
            // SECURITY: only the current set counts; a rotated-out member's signature never does.
            if (_membership[signer] != currentSet) revert FallbackNotMember(i, signer);
            if (!_isValidSignature(signer, digest, signatures[i])) {
                revert FallbackSignatureInvalid(i, signer);
            }
        }
    }

    /// @dev Whether `signature` is `signer`'s signature of `digest`: a 65-byte ECDSA signature with
    /// low `s` that recovers to `signer`, or else `signer`'s ERC-1271 approval. ECDSA is tried first
    /// so that an EOA member costs no code lookup; this is sound because only the holder of a key
    /// can produce a signature recovering to that key's address (an EIP-7702 account included).
    /// A contract member's verdict may change over time; it is read once, here.
    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature)
        private
        view
        returns (bool)
    {
        // SECURITY: tryRecover refuses high-s twins, bad `v` and lengths other than 65; a failed
        // recovery is never compared with `signer` (which is never zero here).
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        // Returns false for an account without code (no 32-byte magic value comes back).
        return SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }

    /// @dev The EIP-712 digest of a `MembersRotation`; an `address[]` member is hashed as the
    /// keccak of its 32-byte-padded elements, which `abi.encodePacked` produces for arrays.
    function _rotationDigest(address[] calldata newMembers, uint8 newThreshold, uint32 nonce)
        private
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    MEMBERS_ROTATION_TYPEHASH, keccak256(abi.encodePacked(newMembers)), newThreshold, nonce
                )
            )
        );
    }

    /// @dev Checks a candidate set: `MIN_MEMBERS` to `MAX_MEMBERS` non-zero members, strictly
    /// ascending (which rejects duplicates), and a threshold that is a strict majority.
    function _validateMembers(address[] memory members_, uint8 threshold_) private view {
        uint256 size = members_.length;
        if (size < MIN_MEMBERS || size > MAX_MEMBERS) {
            revert FallbackInvalidMemberCount(size, MIN_MEMBERS, MAX_MEMBERS);
        }
        address previous;
        for (uint256 i; i < size; ++i) {
            address member = members_[i];
            if (member == address(0)) revert FallbackMemberZero(i);
            if (member <= previous) revert FallbackMembersNotAscending(i, member, previous);
            previous = member;
        }
        // SECURITY: below a strict majority, two disjoint coalitions could ratify conflicting messages.
        if (threshold_ <= size / 2 || threshold_ > size) revert FallbackThresholdInvalid(threshold_, size);
        // SECURITY: never fewer keys than the main path's council threshold.
        if (threshold_ < _minThreshold) revert FallbackThresholdBelowMinimum(threshold_, _minThreshold);
        // SECURITY: a pause-only quorum never outranks the full one.
        if (threshold_ < _emergencyThreshold) {
            revert FallbackEmergencyThresholdInvalid(_emergencyThreshold, threshold_);
        }
    }

    /// @dev Makes an already validated set current under `nonce`. Emits `MembersSet`.
    function _setMembers(uint32 nonce, address[] memory members_, uint8 threshold_) private {
        _nonce = nonce;
        _threshold = threshold_;
        delete _members;
        // Bounded: `_validateMembers` allowed at most MAX_MEMBERS.
        for (uint256 i; i < members_.length; ++i) {
            _members.push(members_[i]);
            _membership[members_[i]] = nonce + 1;
        }
        emit MembersSet(nonce, members_, threshold_);
    }
}
