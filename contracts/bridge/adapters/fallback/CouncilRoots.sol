// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "../../../interfaces/IBridgeAdapter.sol";
import {ICouncilRoots} from "../../../interfaces/ICouncilRoots.sol";
import {MessageCalldata} from "../../MessageCalldata.sol";
import {UpgradePayload} from "../../UpgradePayload.sol";
import {BaseAdapter} from "../BaseAdapter.sol";
import {CouncilMembers} from "./CouncilMembers.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title CouncilRoots
/// @notice Council-signed Merkle roots: one signing ceremony whose leaves reach the receivers of
/// many chains, each through this adapter, without hub, guardians or relayer.
/// @dev Trust model (see `ICouncilRoots` for the domains, leaves and authorities): a leaf is
/// forwarded iff its root was set on this chain by at least `emergencyThreshold` current members
/// (signatures checked by `CouncilMembers`), is not expired, not revoked and not signed by a
/// rotated-out set, the proof places `RootLeaf(block.chainid, this, messageId)` under it, and the
/// root's authority covers the message (`PauseOnly` roots carry pauses only). The envelope checks
/// of `BaseAdapter._forward` and the receiver's own checks (origin, destination, replay, the
/// fallback delay for upgrades this adapter alone confirmed) then apply as for any message.
/// Anyone may submit roots, leaves and revocations; a submitter chooses nothing but the gas, and
/// the receiver refuses an emergency delivery without the full stipend for every target, so a
/// leaf cannot be consumed by a call made to fail. `setRootAndExecuteLeaf` is the two in one
/// transaction and adds no authority: it sets the root exactly as `setRoot` (or finds it set with
/// an authority its signers could not raise), then runs the leaf exactly as `executeLeaf`, and any
/// refusal reverts both.
abstract contract CouncilRoots is BaseAdapter, CouncilMembers {
    /// @notice EIP-712 type of a signed root.
    bytes32 public constant COUNCIL_ROOT_TYPEHASH =
        keccak256("CouncilRoot(bytes32 root,uint40 validUntil,uint32 membersNonce)");
    /// @notice EIP-712 type of a root revocation.
    bytes32 public constant ROOT_REVOCATION_TYPEHASH = keccak256("RootRevocation(bytes32 root)");
    /// @notice EIP-712 type whose struct hash is a leaf.
    bytes32 public constant ROOT_LEAF_TYPEHASH =
        keccak256("RootLeaf(uint256 chainId,address adapter,bytes32 messageId)");
    /// @notice The furthest ahead a root's `validUntil` may lie when it is set.
    uint256 public constant MAX_ROOT_LIFETIME = 366 days;
    /// @notice The longest proof accepted (a tree of 2^32 leaves).
    uint256 public constant MAX_PROOF_LENGTH = 32;

    /// @dev The chain-agnostic domain: `EIP712Domain(string name,string version)`.
    bytes32 private constant _ROOT_DOMAIN_SEPARATOR = keccak256(
        abi.encode(
            keccak256("EIP712Domain(string name,string version)"),
            keccak256("Lockstep Council Root"),
            keccak256("1")
        )
    );

    /// @dev Every root this chain has seen, set or revoked.
    mapping(bytes32 root => RootState) private _roots;

    // ---------------------------------------------------------------- roots

    /// @inheritdoc ICouncilRoots
    function setRoot(bytes32 root, uint40 validUntil, address[] calldata signers, bytes[] calldata signatures)
        external
    {
        _setRoot(root, validUntil, signers, signatures, _roots[root]);
    }

    /// @inheritdoc ICouncilRoots
    function executeLeaf(bytes32 root, bytes calldata encodedMessage, bytes32[] calldata proof)
        external
        returns (bytes32 messageId)
    {
        return _executeLeaf(root, _roots[root], encodedMessage, proof);
    }

    /// @inheritdoc ICouncilRoots
    function setRootAndExecuteLeaf(
        bytes32 root,
        uint40 validUntil,
        address[] calldata signers,
        bytes[] calldata signatures,
        bytes calldata encodedMessage,
        bytes32[] calldata proof
    ) external returns (bytes32 messageId) {
        RootState memory state = _roots[root];
        if (state.revoked) revert RootIsRevoked(root);
        // Set by the current members: final if full; pause-only stays unless enough signers to raise it.
        bool setNow = state.validUntil != 0 && state.membersNonce == _nonce;
        // SECURITY: skipping never adds authority: the leaf runs under the root exactly as set, with
        // every `executeLeaf` check. Any other case goes through `_setRoot`'s full verification.
        if (!setNow || (state.authority != RootAuthority.Full && signers.length >= _threshold)) {
            state = _setRoot(root, validUntil, signers, signatures, state);
        }
        return _executeLeaf(root, state, encodedMessage, proof);
    }

    /// @inheritdoc ICouncilRoots
    function revokeRoot(bytes32 root, address[] calldata signers, bytes[] calldata signatures) external {
        if (_roots[root].revoked) revert RootIsRevoked(root);
        uint256 count = _verifySignatures(_revocationDigest(root), signers, signatures, _emergencyThreshold);
        _roots[root].revoked = true;
        emit RootRevoked(root, count);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICouncilRoots
    function rootState(bytes32 root) external view returns (RootState memory) {
        return _roots[root];
    }

    /// @inheritdoc ICouncilRoots
    function rootDigest(bytes32 root, uint40 validUntil, uint32 membersNonce)
        external
        pure
        returns (bytes32)
    {
        return _rootDigest(root, validUntil, membersNonce);
    }

    /// @inheritdoc ICouncilRoots
    function revocationDigest(bytes32 root) external pure returns (bytes32) {
        return _revocationDigest(root);
    }

    /// @inheritdoc ICouncilRoots
    function rootLeaf(uint256 chainId, bytes32 messageId) external view returns (bytes32) {
        return _rootLeaf(chainId, messageId);
    }

    /// @inheritdoc ICouncilRoots
    function rootDomainSeparator() external pure returns (bytes32) {
        return _ROOT_DOMAIN_SEPARATOR;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Verifies a quorum's signatures of `root` and records it (see `setRoot`); `state` is
    /// `_roots[root]` as read by the caller. Returns the state recorded. Emits `RootSet`.
    function _setRoot(
        bytes32 root,
        uint40 validUntil,
        address[] calldata signers,
        bytes[] calldata signatures,
        RootState memory state
    ) private returns (RootState memory) {
        if (state.revoked) revert RootIsRevoked(root);
        uint32 nonce = _nonce;
        bool setNow = state.validUntil != 0 && state.membersNonce == nonce;
        // A root set with full authority is final; one set pause-only may still be raised (below).
        if (setNow && state.authority == RootAuthority.Full) revert RootAlreadySet(root);
        if (validUntil < block.timestamp) revert RootExpired(root, validUntil, block.timestamp);
        if (validUntil > block.timestamp + MAX_ROOT_LIFETIME) {
            revert RootLifetimeTooLong(validUntil, block.timestamp + MAX_ROOT_LIFETIME);
        }
        // SECURITY: the digest names the member set's nonce: a root signed before a rotation never sets.
        uint256 count =
            _verifySignatures(_rootDigest(root, validUntil, nonce), signers, signatures, _emergencyThreshold);
        RootAuthority authority = count >= _threshold ? RootAuthority.Full : RootAuthority.PauseOnly;
        // SECURITY: anyone may resubmit a subset of the council's signatures first; a root is never
        // lowered, and a pause-only root is raised by the full set (else a front-runner with four
        // of six signatures would strand the root's upgrade leaves for good).
        if (setNow && authority <= state.authority) revert RootAlreadySet(root);
        state = RootState({validUntil: validUntil, membersNonce: nonce, authority: authority, revoked: false});
        _roots[root] = state;
        emit RootSet(root, validUntil, nonce, authority, count);
        return state;
    }

    /// @dev Proves `encodedMessage` a leaf of `root` for this chain and adapter and forwards it (see
    /// `executeLeaf`); `state` is `_roots[root]` as it stands. Emits `RootLeafExecuted`.
    function _executeLeaf(
        bytes32 root,
        RootState memory state,
        bytes calldata encodedMessage,
        bytes32[] calldata proof
    ) private returns (bytes32 messageId) {
        bytes calldata payload;
        (messageId, payload) =
            MessageCalldata.messageId(encodedMessage, IBridgeAdapter.AdapterMalformedMessage.selector);
        if (state.revoked) revert RootIsRevoked(root);
        if (state.validUntil == 0) revert RootNotSet(root);
        // SECURITY: a rotation retires every root the old set signed.
        if (state.membersNonce != _nonce) revert RootMembersRotated(root, state.membersNonce, _nonce);
        if (block.timestamp > state.validUntil) revert RootExpired(root, state.validUntil, block.timestamp);
        if (proof.length > MAX_PROOF_LENGTH) revert RootProofTooLong(proof.length, MAX_PROOF_LENGTH);
        // SECURITY: the leaf pins this chain and this adapter: a root's leaves prove nothing elsewhere.
        if (!MerkleProof.verifyCalldata(proof, root, _rootLeaf(block.chainid, messageId))) {
            revert RootLeafNotProven(root, messageId);
        }
        if (state.authority != RootAuthority.Full) {
            // SECURITY: the emergency quorum's roots may only pause, as on the hub's emergency path.
            (uint8 kind,) = MessageCalldata.kindOf(payload, IBridgeAdapter.AdapterMalformedMessage.selector);
            if (kind != UpgradePayload.KIND_PAUSE) revert RootAuthorityTooLow(root, messageId, kind);
        }
        emit RootLeafExecuted(root, messageId);
        _forward(encodedMessage, messageId);
    }

    function _rootDigest(bytes32 root, uint40 validUntil, uint32 membersNonce)
        private
        pure
        returns (bytes32)
    {
        return _typedDigest(keccak256(abi.encode(COUNCIL_ROOT_TYPEHASH, root, validUntil, membersNonce)));
    }

    function _revocationDigest(bytes32 root) private pure returns (bytes32) {
        return _typedDigest(keccak256(abi.encode(ROOT_REVOCATION_TYPEHASH, root)));
    }

    /// @dev A leaf is a 128-byte struct hash preimage, never 64 bytes, so it cannot be mistaken for
    /// an inner node of the tree (whose preimage is two sorted 32-byte children).
    function _rootLeaf(uint256 chainId, bytes32 messageId) private view returns (bytes32) {
        return keccak256(abi.encode(ROOT_LEAF_TYPEHASH, chainId, address(this), messageId));
    }

    /// @dev `"\x19\x01" ‖ domainSeparator ‖ structHash`, hashed (EIP-712).
    function _typedDigest(bytes32 structHash) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", _ROOT_DOMAIN_SEPARATOR, structHash));
    }
}
