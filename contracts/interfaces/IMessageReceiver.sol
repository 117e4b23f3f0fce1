// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IMessageReceiver
/// @notice What a bridge adapter calls once it has verified a message: the destination's
/// receiver counts the confirmation and acts once enough adapters agree (the a.DI model).
interface IMessageReceiver {
    /// @notice Confirms, on behalf of the calling adapter, that `encodedMessage` was sent by the hub.
    /// @dev Only an adapter the receiver trusts may call. The receiver re-checks origin, destination
    /// and replay itself; an adapter's confirmation is necessary, never sufficient.
    /// @param encodedMessage `MessageCodec.encode(message)`
    function confirmMessage(bytes calldata encodedMessage) external;
}
