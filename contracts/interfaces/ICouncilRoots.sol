// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICouncilRoots
/// @notice One signing ceremony for many chains. Council members sign one EIP-712 `CouncilRoot`:
/// the root of a Merkle tree whose leaves are hub-format messages bound to one chain and one
/// adapter. Anyone submits the root with its signatures to each chain (`setRoot`), where this
/// chain's own copy of the member set verifies them, and then each of the chain's leaves with its
/// proof (`executeLeaf`), which forwards the message to the receiver without the bridge; or both in
/// one transaction (`setRootAndExecuteLeaf`), so a chain's pre-signed pause lands in one block.
/// @dev Domains and replay. The root is signed under a chain-agnostic EIP-712 domain
/// (`{name: "Lockstep Council Root", version: "1"}`) because one signature must hold on every
/// chain; what a leaf may do on one chain is pinned by the leaf itself, the struct hash of
/// `RootLeaf(uint256 chainId, address adapter, bytes32 messageId)`: a leaf proves nothing on another
/// chain or to another adapter. The message id commits to the message's nonce (the operation
/// counter), destination chain, receiver and payload, and the receiver consumes each id once, so a
/// leaf cannot be replayed on its chain either; leaves are independent of each other (no ordering),
/// so one stuck or refused leaf never blocks another.
///
/// Authority. A root carries the authority of the number of members who signed it: at least the
/// member set's `threshold` (the council's, never below the home council's) gives `Full`, which
/// may carry any hub message (an upgrade confirmed this way waits the receiver's fallback delay,
/// so this path is never shorter than the main one); at least `emergencyThreshold` (the home
/// council's emergency threshold, fixed at deployment) gives `PauseOnly`, which may carry pause
/// messages and nothing else, as the hub's emergency path. Every root expires (`validUntil`, at
/// most `MAX_ROOT_LIFETIME` ahead), is bound to the member set that signed it (`membersNonce`: a
/// rotation retires every root signed or set before it) and can be revoked for good by an
/// emergency quorum (`RootRevocation(root)`), before or after it was set.
interface ICouncilRoots {
    /// @notice What the leaves of a root may carry.
    enum RootAuthority {
        None,
        PauseOnly,
        Full
    }

    /// @notice A root as this chain knows it.
    /// @param validUntil last second (inclusive) at which its leaves execute; 0 if never set
    /// @param membersNonce the rotation nonce of the member set that signed it
    /// @param authority what its leaves may carry
    /// @param revoked whether an emergency quorum revoked it (for good)
    struct RootState {
        uint40 validUntil;
        uint32 membersNonce;
        RootAuthority authority;
        bool revoked;
    }

    /// @notice Emitted when a root was set on this chain.
    event RootSet(
        bytes32 indexed root,
        uint40 validUntil,
        uint32 membersNonce,
        RootAuthority authority,
        uint256 signerCount
    );
    /// @notice Emitted when a root was revoked on this chain.
    event RootRevoked(bytes32 indexed root, uint256 signerCount);
    /// @notice Emitted when a leaf of `root` was proven, right before its message is forwarded.
    event RootLeafExecuted(bytes32 indexed root, bytes32 indexed messageId);

    /// @dev `setRoot` with a `validUntil` in the past (or now-past at execution).
    error RootExpired(bytes32 root, uint40 validUntil, uint256 timestamp);
    /// @dev `setRoot` with a `validUntil` further ahead than `MAX_ROOT_LIFETIME`.
    error RootLifetimeTooLong(uint40 validUntil, uint256 latest);
    /// @dev The root was revoked.
    error RootIsRevoked(bytes32 root);
    /// @dev `setRoot` of a root already set by the current member set with at least this authority.
    error RootAlreadySet(bytes32 root);
    /// @dev `executeLeaf` under a root that was never set on this chain.
    error RootNotSet(bytes32 root);
    /// @dev The root was set by a member set that has since been rotated out.
    error RootMembersRotated(bytes32 root, uint32 membersNonce, uint32 currentNonce);
    /// @dev The proof does not place the leaf `(this chain, this adapter, messageId)` under the root.
    error RootLeafNotProven(bytes32 root, bytes32 messageId);
    /// @dev A proof longer than `MAX_PROOF_LENGTH`.
    error RootProofTooLong(uint256 length, uint256 max);
    /// @dev A `PauseOnly` root carrying a message that is not a pause (payload `kind`).
    error RootAuthorityTooLow(bytes32 root, bytes32 messageId, uint8 kind);

    /// @notice Verifies a quorum's signatures of `CouncilRoot(root, validUntil, rotationNonce())`
    /// and records the root with the authority its signer count gives. Anyone may submit.
    /// @dev Needs at least `emergencyThreshold()` current members, strictly ascending. A root set
    /// pause-only can be set again with the threshold's signatures (raised to `Full`); it is never
    /// lowered. Emits `RootSet`.
    /// @param root the Merkle root (OpenZeppelin `MerkleProof`, sorted pairs) of the leaves
    /// @param validUntil last second its leaves may execute, in the future, at most
    /// `MAX_ROOT_LIFETIME` ahead
    /// @param signers the members who signed, strictly ascending
    /// @param signatures each signer's signature of `rootDigest(root, validUntil, rotationNonce())`
    function setRoot(bytes32 root, uint40 validUntil, address[] calldata signers, bytes[] calldata signatures)
        external;

    /// @notice Proves that `encodedMessage` is a leaf of a current root for this chain and this
    /// adapter, and forwards it to the receiver. Anyone may submit.
    /// @dev Emits `RootLeafExecuted`, then `MessageForwarded`. The receiver rejects a consumed message.
    /// @param root a root set on this chain, not expired, not revoked, signed by the current set
    /// @param encodedMessage `MessageCodec.encode(message)` in the canonical layout
    /// @param proof sibling hashes from the leaf to the root, at most `MAX_PROOF_LENGTH`
    /// @return messageId `MessageCodec.id` of the forwarded message
    function executeLeaf(bytes32 root, bytes calldata encodedMessage, bytes32[] calldata proof)
        external
        returns (bytes32 messageId);

    /// @notice Sets `root` unless this chain already holds it with at least the authority these
    /// signatures could give, then executes one of its leaves: a chain's pre-signed pause in one
    /// transaction (one block) instead of two. Anyone may submit; two submitters racing with the
    /// same root both succeed on their own leaves (the second finds the root set and skips it).
    /// @dev Trust model: grants nothing `setRoot` followed by `executeLeaf` would not. The root is
    /// set exactly as `setRoot` sets it (same signatures, same authority, same expiry and lifetime
    /// checks) unless it is already set by the current member set with `Full` authority, or with
    /// `PauseOnly` while fewer than `threshold()` signers are given (they could not raise it): then
    /// `validUntil`, `signers` and `signatures` are not read, and the leaf runs under the root as
    /// set, as `executeLeaf` would run it. A revoked root reverts `RootIsRevoked` either way. The
    /// leaf is then checked and forwarded exactly as by `executeLeaf` (expiry, rotation, proof for
    /// this chain and adapter, authority, the receiver's replay and gas checks); any refusal reverts
    /// the whole call, so a root is never left set by a call whose leaf failed. Emits `RootSet` when
    /// it sets or raises the root, then `RootLeafExecuted` and `MessageForwarded`.
    /// @param root the Merkle root (as for `setRoot`)
    /// @param validUntil the signed expiry (read only when the root is set by this call)
    /// @param signers the members who signed, strictly ascending (read only when set by this call)
    /// @param signatures each signer's signature of `rootDigest(root, validUntil, rotationNonce())`
    /// @param encodedMessage `MessageCodec.encode(message)` of this chain's leaf
    /// @param proof sibling hashes from the leaf to the root, at most `MAX_PROOF_LENGTH`
    /// @return messageId `MessageCodec.id` of the forwarded message
    function setRootAndExecuteLeaf(
        bytes32 root,
        uint40 validUntil,
        address[] calldata signers,
        bytes[] calldata signatures,
        bytes calldata encodedMessage,
        bytes32[] calldata proof
    ) external returns (bytes32 messageId);

    /// @notice Revokes `root` on this chain for good, whether or not it was set. Anyone may submit
    /// an emergency quorum's signatures of `RootRevocation(root)`.
    /// @dev Needs at least `emergencyThreshold()` current members. Emits `RootRevoked`.
    function revokeRoot(bytes32 root, address[] calldata signers, bytes[] calldata signatures) external;

    /// @notice What this chain knows of `root`.
    function rootState(bytes32 root) external view returns (RootState memory);

    /// @notice The digest members sign for a root (the same on every chain).
    function rootDigest(bytes32 root, uint40 validUntil, uint32 membersNonce) external view returns (bytes32);

    /// @notice The digest members sign to revoke a root (the same on every chain).
    function revocationDigest(bytes32 root) external view returns (bytes32);

    /// @notice The leaf that lets `messageId` through this adapter on chain `chainId`.
    function rootLeaf(uint256 chainId, bytes32 messageId) external view returns (bytes32);

    /// @notice The chain-agnostic EIP-712 domain separator roots and revocations are signed under.
    function rootDomainSeparator() external view returns (bytes32);

    /// @notice Signatures a `PauseOnly` root (and a revocation) needs: the home council's emergency
    /// threshold, fixed at deployment.
    function emergencyThreshold() external view returns (uint8);
}
