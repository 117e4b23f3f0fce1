// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGuardianAdapter} from "../../../interfaces/IGuardianAdapter.sol";
import {IMessageReceiver} from "../../../interfaces/IMessageReceiver.sol";
import {BaseAdapter} from "../BaseAdapter.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title GuardianAdapter
/// @notice Accepts a hub message once a quorum of the guardian set signed its EIP-712 attestation.
/// @dev Trust model: a message is forwarded to the receiver iff `quorum` distinct guardians of a
/// non-expired set signed `keccak256("\x19\x01" ‖ domainSeparator ‖ messageId)` under this
/// adapter's domain (this chain, this contract), and the envelope names the hub and this chain
/// (checked by `BaseAdapter`). A quorum is always a strict majority of its set, so two disjoint
/// coalitions can never both reach it. Sets are stored as a commitment: `keysHash` over the ordered
/// keys (`keccak256(abi.encodePacked(keys))`) plus size, quorum and expiry; the relayer supplies
/// the keys. The current set alone rotates itself; after a rotation the previous set stays valid
/// for `setExpiryWindow` seconds (so attestations in flight still land) and any older set is
/// expired at once, so at most two sets are ever valid. There is no owner and no upgrade path.
/// What this contract deliberately does not do: replay protection (the receiver's job), payload
/// checks, or any check of the message beyond its envelope.
contract GuardianAdapter is BaseAdapter, EIP712, IGuardianAdapter {
    /// @notice Largest guardian set (and so the largest signature array) accepted.
    uint256 public constant MAX_GUARDIANS = 32;
    /// @notice Longest window during which a rotated-out set stays valid.
    uint256 public constant MAX_SET_EXPIRY_WINDOW = 7 days;
    /// @notice EIP-712 type the current set signs to rotate.
    bytes32 public constant GUARDIAN_SET_ROTATION_TYPEHASH =
        keccak256("GuardianSetRotation(uint32 newIndex,bytes32 newKeysHash,uint8 newQuorum)");

    /// @dev Half the secp256k1 group order: signatures with a larger `s` are malleable twins.
    uint256 private constant _HALF_CURVE_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev Failure codes of the assembly signature loop, turned into errors by `_revertSignature`.
    uint256 private constant _FAIL_NOT_ASCENDING = 1;
    uint256 private constant _FAIL_OUT_OF_RANGE = 2;
    uint256 private constant _FAIL_MALLEABLE = 3;
    uint256 private constant _FAIL_INVALID_V = 4;
    uint256 private constant _FAIL_UNRECOVERABLE = 5;
    uint256 private constant _FAIL_WRONG_SIGNER = 6;

    /// @dev One guardian set; two storage slots.
    struct GuardianSet {
        bytes32 keysHash;
        uint8 size;
        uint8 quorum;
        uint40 expiresAt;
    }

    /// @dev Seconds a rotated-out set stays valid.
    uint32 private immutable _setExpiryWindow;
    /// @dev Guardian sets by index; index 0 is the constructor's.
    mapping(uint32 index => GuardianSet) private _guardianSets;
    /// @dev Index of the current set.
    uint32 private _currentIndex;

    /// @notice Deploys the adapter with guardian set 0. Emits `GuardianSetAdded`.
    /// @param receiver_ the receiver on this chain
    /// @param trustedChainId_ the hub's chain id
    /// @param trustedSender_ the hub's address
    /// @param keys guardian set 0, strictly ascending
    /// @param quorum_ signatures set 0 needs (a strict majority of it)
    /// @param setExpiryWindow_ seconds a rotated-out set stays valid (at most `MAX_SET_EXPIRY_WINDOW`)
    constructor(
        IMessageReceiver receiver_,
        uint64 trustedChainId_,
        address trustedSender_,
        address[] memory keys,
        uint8 quorum_,
        uint32 setExpiryWindow_
    ) BaseAdapter(receiver_, trustedChainId_, trustedSender_) EIP712("Lockstep Guardian Bridge", "1") {
        if (setExpiryWindow_ > MAX_SET_EXPIRY_WINDOW) {
            revert GuardianSetExpiryWindowTooLong(setExpiryWindow_, MAX_SET_EXPIRY_WINDOW);
        }
        _setExpiryWindow = setExpiryWindow_;
        _storeGuardianSet(0, _validateGuardianSet(keys, quorum_), keys, quorum_);
    }

    // ---------------------------------------------------------------- relaying

    /// @inheritdoc IGuardianAdapter
    function deliver(
        bytes calldata encodedMessage,
        uint32 guardianSetIndex,
        address[] calldata guardianKeys,
        GuardianSignature[] calldata signatures
    ) external returns (bytes32 messageId) {
        // Wormhole Governance.sol order: parse → verify → check envelope and forward. The message is
        // read in place (canonical layout only, same id as MessageCodec.id; see BaseAdapter).
        messageId = _messageId(encodedMessage);
        _verifySignatures(_hashTypedDataV4(messageId), guardianSetIndex, guardianKeys, signatures);
        _forward(encodedMessage, messageId);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IGuardianAdapter
    function rotateGuardianSet(
        address[] calldata newKeys,
        uint8 newQuorum,
        uint32 currentSetIndex,
        address[] calldata currentKeys,
        GuardianSignature[] calldata signatures
    ) external returns (uint32 newIndex) {
        uint32 current = _currentIndex;
        // SECURITY: only the current set rotates; a rotated-out set in its window cannot.
        if (currentSetIndex != current) revert GuardianRotationNotCurrentSet(currentSetIndex, current);
        newIndex = current + 1;
        bytes32 newKeysHash = _validateGuardianSet(newKeys, newQuorum);
        // SECURITY: the signed struct names the new index, so a rotation cannot be replayed.
        _verifySignatures(_rotationDigest(newIndex, newKeysHash, newQuorum), current, currentKeys, signatures);

        if (current != 0) {
            GuardianSet storage older = _guardianSets[current - 1];
            if (older.expiresAt > block.timestamp) {
                // SECURITY: at most the current and the previous set are ever valid.
                older.expiresAt = uint40(block.timestamp);
                emit GuardianSetRetired(current - 1, uint40(block.timestamp));
            }
        }
        // Timestamps fit in 40 bits for the next 34,000 years.
        uint40 previousExpiresAt = uint40(block.timestamp + _setExpiryWindow);
        _guardianSets[current].expiresAt = previousExpiresAt;
        _storeGuardianSet(newIndex, newKeysHash, newKeys, newQuorum);
        emit GuardianSetRotated(newIndex, newKeysHash, uint8(newKeys.length), newQuorum, previousExpiresAt);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IGuardianAdapter
    function attestationDigest(bytes32 messageId) external view returns (bytes32) {
        return _hashTypedDataV4(messageId);
    }

    /// @inheritdoc IGuardianAdapter
    function rotationDigest(uint32 newIndex, bytes32 newKeysHash, uint8 newQuorum)
        external
        view
        returns (bytes32)
    {
        return _rotationDigest(newIndex, newKeysHash, newQuorum);
    }

    /// @inheritdoc IGuardianAdapter
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IGuardianAdapter
    function currentGuardianSetIndex() external view returns (uint32) {
        return _currentIndex;
    }

    /// @inheritdoc IGuardianAdapter
    function guardianSet(uint32 index)
        external
        view
        returns (bytes32 keysHash, uint8 size, uint8 quorum_, uint40 expiresAt)
    {
        GuardianSet storage set = _guardianSets[index];
        return (set.keysHash, set.size, set.quorum, set.expiresAt);
    }

    /// @inheritdoc IGuardianAdapter
    function quorum(uint32 index) public view returns (uint8) {
        return _guardianSets[index].quorum;
    }

    /// @inheritdoc IGuardianAdapter
    function setExpiryWindow() external view returns (uint32) {
        return _setExpiryWindow;
    }

    /// @notice The transport's name: "guardian".
    function transport() external pure returns (string memory) {
        return "guardian";
    }

    // ---------------------------------------------------------------- internals

    /// @dev Reverts unless a quorum of set `index` signed `digest`. Checks, in order: the set exists
    /// and has not expired, `keys` is its key list, the signature count meets its quorum, then each
    /// signature: index strictly ascending and in range, low `s`, `v` 27 or 28, recovers to that key.
    /// Signatures are read as raw calldata words (the ABI decoder already checked that the arrays lie
    /// inside calldata) and every word is compared in full, so dirty upper bits can only be refused.
    /// GAS: the loop is assembly (about 350 gas less per signature than the Solidity loop it replaced,
    /// which paid for bounds-checked array access, an internal call and error plumbing per signature).
    /// Internal (not private) only so that the test harness can call it.
    /// It performs the same checks in the same order with the same errors and arguments;
    /// `GuardianAdapter.verify.t.sol` fuzzes it against a plain-Solidity reference. The precompile is
    /// called directly rather than through OpenZeppelin's `ECDSA.tryRecover`: the high-s and v
    /// checks are done (and reported) here, so the library would only repeat the s check.
    function _verifySignatures(
        bytes32 digest,
        uint32 index,
        address[] calldata keys,
        GuardianSignature[] calldata signatures
    ) internal view {
        _checkGuardianSet(index, keys, signatures.length);
        // From here `keys` is the committed key list (its raw words hash to the commitment, so every
        // key word is a clean address) and `keys.length` the set's size, at most MAX_GUARDIANS.
        uint256 failure; // _FAIL_* code of the first signature that failed, 0 when all passed
        uint256 at; // its position in `signatures`
        uint256 a; // the failure's first value (see `_revertSignature`)
        uint256 b; // the failure's second value
        assembly ("memory-safe") {
            // Scratch past the free memory pointer, never allocated: digest, v, r, s, the
            // ecrecover precompile's input. The digest word is the same for every signature.
            let input := mload(0x40)
            mstore(input, digest)
            let nextIndex := 0 // lowest guardian index the next signature may name
            // A GuardianSignature is four static words: index, v, r, s.
            for { let i := 0 } lt(i, signatures.length) { i := add(i, 1) } {
                let signature := add(signatures.offset, shl(7, i))
                let guardian := calldataload(signature)
                // SECURITY: strictly ascending indices make every counted signer distinct.
                if lt(guardian, nextIndex) {
                    failure := _FAIL_NOT_ASCENDING
                    at := i
                    a := guardian
                    break
                }
                if iszero(lt(guardian, keys.length)) {
                    failure := _FAIL_OUT_OF_RANGE
                    at := i
                    a := guardian
                    b := keys.length
                    break
                }
                // Cannot overflow: guardian < keys.length <= MAX_GUARDIANS.
                nextIndex := add(guardian, 1)
                // SECURITY: one canonical signature per signer and message (no high-s twin).
                let word := calldataload(add(signature, 0x60)) // s
                if gt(word, _HALF_CURVE_ORDER) {
                    failure := _FAIL_MALLEABLE
                    at := i
                    a := word
                    break
                }
                word := calldataload(add(signature, 0x20)) // v, compared as a full word
                if iszero(or(eq(word, 27), eq(word, 28))) {
                    failure := _FAIL_INVALID_V
                    at := i
                    a := word
                    break
                }
                calldatacopy(add(input, 0x20), add(signature, 0x20), 0x60) // v, r, s
                // The precompile returns nothing for an invalid signature: clear the output first.
                mstore(0x00, 0)
                pop(staticcall(gas(), 0x01, input, 0x80, 0x00, 0x20))
                word := mload(0x00) // the signer
                // SECURITY: ecrecover's failure value must never match anything.
                if iszero(word) {
                    failure := _FAIL_UNRECOVERABLE
                    at := i
                    break
                }
                // In range (checked above) and clean (the key words hashed to the commitment).
                let key := calldataload(add(keys.offset, shl(5, guardian)))
                if iszero(eq(word, key)) {
                    failure := _FAIL_WRONG_SIGNER
                    at := i
                    a := word
                    b := key
                    break
                }
            }
        }
        if (failure != 0) _revertSignature(failure, at, a, b);
    }

    /// @dev Reverts with the error of `_verifySignatures`'s failure `code` for signature `at`.
    function _revertSignature(uint256 code, uint256 at, uint256 a, uint256 b) private pure {
        if (code == _FAIL_NOT_ASCENDING) revert GuardianSignerIndexNotAscending(at, a);
        if (code == _FAIL_OUT_OF_RANGE) revert GuardianSignerIndexOutOfRange(at, a, b);
        if (code == _FAIL_MALLEABLE) revert GuardianSignatureMalleable(at, bytes32(a));
        if (code == _FAIL_INVALID_V) revert GuardianSignatureInvalidV(at, a);
        if (code == _FAIL_UNRECOVERABLE) revert GuardianSignatureUnrecoverable(at);
        revert GuardianSignatureWrongSigner(at, address(uint160(a)), address(uint160(b)));
    }

    /// @dev Reverts unless set `index` exists, has not expired, commits to `keys`, and `count`
    /// signatures can meet its quorum. Reads the set's two storage slots.
    function _checkGuardianSet(uint32 index, address[] calldata keys, uint256 count) private view {
        GuardianSet storage set = _guardianSets[index];
        uint256 size = set.size;
        uint40 expiresAt = set.expiresAt;
        if (size == 0) revert GuardianSetUnknown(index);
        // SECURITY: a rotated-out set is accepted strictly before its expiry only.
        if (expiresAt != 0 && block.timestamp >= expiresAt) revert GuardianSetExpired(index, expiresAt);
        if (keys.length != size) revert GuardianKeysLengthMismatch(keys.length, size);
        bytes32 keysHash;
        assembly ("memory-safe") {
            // keccak256(abi.encodePacked(keys)) over the raw words: a key with dirty upper bits
            // changes the hash and is refused, never cleaned into a match.
            let ptr := mload(0x40)
            let length := shl(5, keys.length)
            calldatacopy(ptr, keys.offset, length)
            keysHash := keccak256(ptr, length)
        }
        // SECURITY: the relayer's keys must be exactly the committed set, in order.
        if (keysHash != set.keysHash) revert GuardianKeysMismatch(index, keysHash, set.keysHash);
        if (count > MAX_GUARDIANS) revert GuardianTooManySignatures(count, MAX_GUARDIANS);
        // Count only signatures; each one is then checked to come from a distinct guardian.
        if (count < set.quorum) revert GuardianQuorumNotMet(count, set.quorum);
    }

    /// @dev The EIP-712 digest of a `GuardianSetRotation`.
    function _rotationDigest(uint32 newIndex, bytes32 newKeysHash, uint8 newQuorum)
        private
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(GUARDIAN_SET_ROTATION_TYPEHASH, newIndex, newKeysHash, newQuorum))
        );
    }

    /// @dev Checks a candidate set and returns its keys hash: 1 to `MAX_GUARDIANS` non-zero keys,
    /// strictly ascending (which rejects duplicates), and a quorum that is a strict majority.
    function _validateGuardianSet(address[] memory keys, uint8 quorum_) private pure returns (bytes32) {
        uint256 size = keys.length;
        if (size == 0 || size > MAX_GUARDIANS) revert GuardianSetInvalidSize(size, MAX_GUARDIANS);
        address previous;
        for (uint256 i; i < size; ++i) {
            address key = keys[i];
            if (key == address(0)) revert GuardianKeyZero(i);
            if (key <= previous) revert GuardianKeysNotAscending(i, key, previous);
            previous = key;
        }
        // SECURITY: a quorum below a strict majority lets a minority forge (the Ronin/Harmony lesson).
        if (quorum_ <= size / 2 || quorum_ > size) revert GuardianQuorumInvalid(quorum_, size);
        return keccak256(abi.encodePacked(keys));
    }

    /// @dev Stores an already validated set as the current one. Emits `GuardianSetAdded`.
    function _storeGuardianSet(uint32 index, bytes32 keysHash, address[] memory keys, uint8 quorum_) private {
        _guardianSets[index] =
            GuardianSet({keysHash: keysHash, size: uint8(keys.length), quorum: quorum_, expiresAt: 0});
        _currentIndex = index;
        emit GuardianSetAdded(index, keysHash, quorum_, keys);
    }
}
