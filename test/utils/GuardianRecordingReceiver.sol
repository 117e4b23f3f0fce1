// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";

/// @notice Test receiver: records which adapter confirmed a message, and how often, in one storage
/// slot per message id. It stands in for the real receiver's cost (decode, id, one fresh slot write)
/// and trusts every caller.
contract GuardianRecordingReceiver is IMessageReceiver {
    struct Confirmation {
        address adapter;
        uint96 count;
    }

    mapping(bytes32 messageId => Confirmation) private _confirmations;

    /// @inheritdoc IMessageReceiver
    function confirmMessage(bytes calldata encodedMessage) external {
        bytes32 messageId = MessageCodec.id(MessageCodec.decode(encodedMessage));
        Confirmation storage record = _confirmations[messageId];
        record.adapter = msg.sender;
        record.count += 1;
    }

    /// @notice The last adapter that confirmed `messageId`, and how many confirmations it got.
    function confirmation(bytes32 messageId) external view returns (address adapter, uint96 count) {
        Confirmation storage c = _confirmations[messageId];
        return (c.adapter, c.count);
    }
}
