// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {GuardianRecordingReceiver} from "./GuardianRecordingReceiver.sol";
import {Test} from "forge-std/Test.sol";

/// @notice What every bridge-adapter test shares: a hub on chain 1, a relayer, a recording
/// receiver on the test chain, and a well-formed message from the one to the other.
abstract contract AdapterTestBase is Test {
    uint64 internal constant HUB_CHAIN_ID = 1;

    address internal hub = makeAddr("hub");
    address internal relayer = makeAddr("relayer");
    GuardianRecordingReceiver internal receiver;

    /// @dev A well-formed pause message from the hub to this chain's receiver.
    function _message(uint64 nonce) internal view returns (MessageCodec.Message memory) {
        address[] memory targets = new address[](1);
        targets[0] = address(0xBEEF);
        bytes memory payload = UpgradePayload.encodeEmergency(
            true,
            UpgradePayload.Emergency({
                actionId: keccak256(abi.encode(nonce)), issuedAt: uint40(block.timestamp), targets: targets
            })
        );
        return MessageCodec.Message({
            version: MessageCodec.VERSION,
            nonce: nonce,
            srcChainId: HUB_CHAIN_ID,
            dstChainId: uint64(block.chainid),
            sender: hub,
            receiver: address(receiver),
            payload: payload
        });
    }
}
