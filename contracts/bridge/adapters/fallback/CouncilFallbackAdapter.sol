// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFallbackAdapter} from "../../../interfaces/IFallbackAdapter.sol";
import {IMessageReceiver} from "../../../interfaces/IMessageReceiver.sol";
import {BaseAdapter} from "../BaseAdapter.sol";
import {CouncilMembers} from "./CouncilMembers.sol";
import {CouncilRoots} from "./CouncilRoots.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

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
/// set's signatures stop counting (`CouncilMembers`). The same members also sign multi-chain
/// Merkle roots (`CouncilRoots`): one ceremony whose leaves reach every chain, a full quorum's for
/// any message (upgrades still wait the fallback delay), an emergency quorum's for pauses only.
/// There is no owner and no upgrade path. What this contract
/// deliberately does not do: replay protection (the receiver's job) or payload checks.
contract CouncilFallbackAdapter is BaseAdapter, CouncilMembers, CouncilRoots {
    /// @notice EIP-712 type a member signs to ratify a hub message.
    bytes32 public constant RATIFICATION_TYPEHASH = keccak256("Ratification(bytes32 messageId)");

    /// @notice Deploys the adapter with its first member set. Emits `MembersSet` (nonce 0).
    /// @param receiver_ the receiver on this chain
    /// @param trustedChainId_ the hub's chain id
    /// @param trustedSender_ the hub's address
    /// @param members_ 5 to 9 non-zero members, strictly ascending
    /// @param threshold_ a strict majority of `members_`, at least `minThreshold_` (default
    /// deployment: 6 of 9)
    /// @param minThreshold_ the floor of every set's threshold: the home council's threshold
    /// @param emergencyThreshold_ signatures a pause-only root or a revocation needs: the home
    /// council's emergency threshold (1 to `threshold_`)
    constructor(
        IMessageReceiver receiver_,
        uint64 trustedChainId_,
        address trustedSender_,
        address[] memory members_,
        uint8 threshold_,
        uint8 minThreshold_,
        uint8 emergencyThreshold_
    )
        BaseAdapter(receiver_, trustedChainId_, trustedSender_)
        EIP712("Lockstep Fallback Verifier", "1")
        CouncilMembers(members_, threshold_, minThreshold_, emergencyThreshold_)
    {}

    // ---------------------------------------------------------------- relaying

    /// @inheritdoc IFallbackAdapter
    function ratify(bytes calldata encodedMessage, address[] calldata signers, bytes[] calldata signatures)
        external
        returns (bytes32 messageId)
    {
        // Parse → verify → check envelope and forward (as GuardianAdapter.deliver); read in place.
        messageId = _messageId(encodedMessage);
        uint256 count = _verifySignatures(_ratificationDigest(messageId), signers, signatures, _threshold);
        emit MessageRatified(messageId, count);
        _forward(encodedMessage, messageId);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IFallbackAdapter
    function ratificationDigest(bytes32 messageId) external view returns (bytes32) {
        return _ratificationDigest(messageId);
    }

    /// @inheritdoc IFallbackAdapter
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The transport's name: "council-fallback".
    function transport() external pure returns (string memory) {
        return "council-fallback";
    }

    /// @dev The EIP-712 digest of `Ratification(messageId)` under this chain's domain.
    function _ratificationDigest(bytes32 messageId) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RATIFICATION_TYPEHASH, messageId)));
    }
}
