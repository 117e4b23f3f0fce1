// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";

/// @notice Exposes `GuardianAdapter._verifySignatures` (the assembly signature loop) so that
/// `GuardianAdapter.verify.t.sol` can fuzz it against the plain-Solidity reference.
contract GuardianAdapterHarness is GuardianAdapter {
    constructor(
        IMessageReceiver receiver_,
        uint64 trustedChainId_,
        address trustedSender_,
        address[] memory keys,
        uint8 quorum_,
        uint32 setExpiryWindow_
    ) GuardianAdapter(receiver_, trustedChainId_, trustedSender_, keys, quorum_, setExpiryWindow_) {}

    /// @notice `_verifySignatures` as is: returns when a quorum of set `index` signed `digest`.
    function verifySignatures(
        bytes32 digest,
        uint32 index,
        address[] calldata keys,
        GuardianSignature[] calldata signatures
    ) external view {
        _verifySignatures(digest, index, keys, signatures);
    }
}
