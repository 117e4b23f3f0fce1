// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFallbackAdapter} from "../../../interfaces/IFallbackAdapter.sol";
import {IMessageReceiver} from "../../../interfaces/IMessageReceiver.sol";
import {BaseAdapter} from "../BaseAdapter.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title CouncilFallbackAdapter
/// @notice The second way a hub message reaches this chain: a quorum of this chain's council
/// ratifies it directly, for when the guardian set cannot reach its own quorum.
/// @dev Trust model: a message is forwarded to the receiver iff at least `threshold` distinct
/// current members signed the EIP-712 `Ratification(messageId)` under this adapter's domain
/// (`{name: "Lockstep Fallback Verifier", version: "1", chainId, verifyingContract: this}`), and
/// its envelope names the hub, this chain and this adapter's receiver (checked by `BaseAdapter`).
/// The fallback is never a shortcut past the main path (council threshold + home timelock): its
/// threshold can never go below `minThreshold` (the home council's threshold, fixed at deployment,
/// rotations included), and the receiver lists it as a fallback adapter, so an upgrade it alone
/// confirmed waits the receiver's `fallbackDelay` (at least the home timelock's delay) during which
/// the chain guardian can cancel. Pauses it confirms apply at once. Deployments that want both
/// paths to agree set the receiver's `requiredConfirmations = 2`. The threshold is always a strict majority, so two disjoint
/// coalitions can never both reach it. It can only forward hub messages to its one receiver and
/// calls nothing else (bar a contract member's ERC-1271 view). A member's signature is OpenZeppelin
/// `ECDSA` (65 bytes, low `s`) or, failing that, the member's ERC-1271 approval (a Safe, say).
/// Members are rotatable, but only by their own quorum (EIP-712 `MembersRotation` with a nonce):
/// the receiver's adapter list is immutable, so a fixed set could never replace a lost or
/// compromised key short of redeploying the receiver. A rotation takes effect at once and the old
/// set's signatures stop counting. There is no owner and no upgrade path. What this contract
/// deliberately does not do: replay protection (the receiver's job) or payload checks.
contract CouncilFallbackAdapter is BaseAdapter, EIP712, IFallbackAdapter {
    /// @notice Smallest member set accepted.
    uint256 public constant MIN_MEMBERS = 5;
    /// @notice Largest member set (and so the largest signer array) accepted.
    uint256 public constant MAX_MEMBERS = 9;
    /// @notice EIP-712 type a member signs to ratify a hub message.
    bytes32 public constant RATIFICATION_TYPEHASH = keccak256("Ratification(bytes32 messageId)");
    /// @notice EIP-712 type a member signs to rotate the member set.
    bytes32 public constant MEMBERS_ROTATION_TYPEHASH =
        keccak256("MembersRotation(address[] newMembers,uint8 newThreshold,uint32 nonce)");

    /// @dev The current set's members, strictly ascending (for `members()` only).
    address[] private _members;
    /// @dev `nonce + 1` of the set an account was last made a member of; current iff it equals
    /// `_nonce + 1`, so a rotation retires the old set without clearing it.
    mapping(address account => uint32 noncePlusOne) private _membership;
    /// @dev Rotations done so far.
    uint32 private _nonce;
    /// @dev Signatures the current set needs.
    uint8 private _threshold;
    /// @dev The lowest threshold any set may have.
    uint8 private immutable _minThreshold;

    /// @notice Deploys the adapter with its first member set. Emits `MembersSet` (nonce 0).
    /// @param receiver_ the receiver on this chain
    /// @param trustedChainId_ the hub's chain id
    /// @param trustedSender_ the hub's address
    /// @param members_ 5 to 9 non-zero members, strictly ascending
    /// @param threshold_ a strict majority of `members_`, at least `minThreshold_` (default
    /// deployment: 6 of 9)
    /// @param minThreshold_ the floor of every set's threshold: the home council's threshold
    constructor(
        IMessageReceiver receiver_,
        uint64 trustedChainId_,
        address trustedSender_,
        address[] memory members_,
        uint8 threshold_,
        uint8 minThreshold_
    ) BaseAdapter(receiver_, trustedChainId_, trustedSender_) EIP712("Lockstep Fallback Verifier", "1") {
        _minThreshold = minThreshold_;
        _validateMembers(members_, threshold_);
        _setMembers(0, members_, threshold_);
    }

    // ---------------------------------------------------------------- relaying

    /// @inheritdoc IFallbackAdapter
    function ratify(bytes calldata encodedMessage, address[] calldata signers, bytes[] calldata signatures)
        external
        returns (bytes32 messageId)
    {
        // Parse → verify → check envelope and forward (as GuardianAdapter.deliver); read in place.
        messageId = _messageId(encodedMessage);
        uint256 count = _verifySignatures(_ratificationDigest(messageId), signers, signatures);
        emit MessageRatified(messageId, count);
        _forward(encodedMessage, messageId);
    }

    // ---------------------------------------------------------------- governance

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
        _verifySignatures(_rotationDigest(newMembers, newThreshold, nonce), signers, signatures);
        _setMembers(current + 1, newMembers, newThreshold);
    }

    // ---------------------------------------------------------------- views

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
    function ratificationDigest(bytes32 messageId) external view returns (bytes32) {
        return _ratificationDigest(messageId);
    }

    /// @inheritdoc IFallbackAdapter
    function rotationDigest(address[] calldata newMembers, uint8 newThreshold, uint32 nonce)
        external
        view
        returns (bytes32)
    {
        return _rotationDigest(newMembers, newThreshold, nonce);
    }

    /// @inheritdoc IFallbackAdapter
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The transport's name: "council-fallback".
    function transport() external pure returns (string memory) {
        return "council-fallback";
    }

    // ---------------------------------------------------------------- internals

    /// @dev Reverts unless at least `threshold` distinct current members signed `digest`; returns
    /// how many signed. Checks, in order: equal array lengths, at most `MAX_MEMBERS` signers, the
    /// threshold, then each signer: strictly ascending, a current member, a valid signature.
    function _verifySignatures(bytes32 digest, address[] calldata signers, bytes[] calldata signatures)
        private
        view
        returns (uint256 count)
    {
        count = signers.length;
        if (count != signatures.length) revert FallbackSignatureCountMismatch(count, signatures.length);
        if (count > MAX_MEMBERS) revert FallbackTooManySigners(count, MAX_MEMBERS);
        uint256 need = _threshold;
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

    /// @dev The EIP-712 digest of `Ratification(messageId)` under this chain's domain.
    function _ratificationDigest(bytes32 messageId) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RATIFICATION_TYPEHASH, messageId)));
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
