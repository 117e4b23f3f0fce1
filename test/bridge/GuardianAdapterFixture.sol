// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {AdapterTestBase} from "../utils/AdapterTestBase.sol";
import {GuardianRecordingReceiver} from "../utils/GuardianRecordingReceiver.sol";
import {GuardianSigner} from "../utils/GuardianSigner.sol";

/// @notice Shared setup: an 8-of-15 guardian adapter on the test chain, trusting a hub on chain 1,
/// forwarding to a recording receiver; plus message builders and a delivery shortcut.
abstract contract GuardianAdapterFixture is AdapterTestBase, GuardianSigner {
    uint32 internal constant EXPIRY_WINDOW = 1 days;
    uint8 internal constant SIZE = 15;
    uint8 internal constant QUORUM = 8;

    GuardianAdapter internal adapter;
    address[] internal keys;
    uint256[] internal pks;

    function setUp() public virtual {
        receiver = new GuardianRecordingReceiver();
        (keys, pks) = guardianKeys(SIZE);
        adapter = _deploy(keys, QUORUM);
    }

    function _deploy(address[] memory keys_, uint8 quorum_) internal returns (GuardianAdapter) {
        return new GuardianAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, keys_, quorum_, EXPIRY_WINDOW
        );
    }

    /// @dev Signs `message` with the first `count` guardians of set 0 and delivers it as the relayer.
    function _deliver(MessageCodec.Message memory message, uint256 count) internal returns (bytes32) {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, count);
        vm.prank(relayer);
        return adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    /// @dev Delivers `message` signed by the first `count` guardians, expecting the revert `reason`.
    function _deliverReverts(MessageCodec.Message memory message, uint256 count, bytes memory reason)
        internal
    {
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, count);
        bytes memory encoded = MessageCodec.encode(message);
        vm.expectRevert(reason);
        adapter.deliver(encoded, 0, keys, signatures);
    }

    function _assertConfirmed(bytes32 messageId, uint96 count) internal view {
        (address confirmedBy, uint96 confirmations) = receiver.confirmation(messageId);
        assertEq(confirmedBy, count == 0 ? address(0) : address(adapter), "confirming adapter");
        assertEq(confirmations, count, "confirmations");
    }
}
