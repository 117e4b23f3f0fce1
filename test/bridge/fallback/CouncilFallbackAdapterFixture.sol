// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {IMessageReceiver} from "../../../contracts/interfaces/IMessageReceiver.sol";
import {AdapterTestBase} from "../../utils/AdapterTestBase.sol";
import {FallbackSigner} from "../../utils/FallbackSigner.sol";
import {GuardianRecordingReceiver} from "../../utils/GuardianRecordingReceiver.sol";

/// @notice Shared setup: the default 5-of-9 council fallback adapter on the test chain, trusting a
/// hub on chain 1 and forwarding to a recording receiver; plus message builders and shortcuts.
abstract contract CouncilFallbackAdapterFixture is AdapterTestBase, FallbackSigner {
    uint256 internal constant SIZE = 9;
    uint8 internal constant THRESHOLD = 5;
    uint8 internal constant EMERGENCY_THRESHOLD = 3;

    CouncilFallbackAdapter internal adapter;
    address[] internal members;
    uint256[] internal pks;

    function setUp() public virtual {
        receiver = new GuardianRecordingReceiver();
        (members, pks) = councilKeys(SIZE, 0);
        adapter = _deploy(members, THRESHOLD);
    }

    function _deploy(address[] memory members_, uint8 threshold_) internal returns (CouncilFallbackAdapter) {
        return new CouncilFallbackAdapter(
            IMessageReceiver(address(receiver)),
            HUB_CHAIN_ID,
            hub,
            members_,
            threshold_,
            0,
            EMERGENCY_THRESHOLD
        );
    }

    /// @dev The first `count` members ratify `message`; the relayer submits it.
    function _ratify(MessageCodec.Message memory message, uint256 count) internal returns (bytes32) {
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, MessageCodec.id(message), members, pks, count);
        vm.prank(relayer);
        return adapter.ratify(MessageCodec.encode(message), signers, signatures);
    }

    /// @dev Submits `signers`/`signatures` for `message`, expecting the revert `reason`.
    function _ratifyReverts(
        MessageCodec.Message memory message,
        address[] memory signers,
        bytes[] memory signatures,
        bytes memory reason
    ) internal {
        bytes memory encoded = MessageCodec.encode(message);
        vm.expectRevert(reason);
        adapter.ratify(encoded, signers, signatures);
    }

    function _confirmations(bytes32 messageId) internal view returns (address confirmedBy, uint96 count) {
        return receiver.confirmation(messageId);
    }
}
