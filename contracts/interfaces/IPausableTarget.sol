// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPausableTarget
/// @notice What an emergency (KIND_PAUSE / KIND_UNPAUSE) message calls on each of its targets.
/// @dev The UpgradeReceiver calls only these selectors on the emergency path, so a pause message can never change an implementation.
interface IPausableTarget {
    /// @notice Stops the target's user-facing operations. Only the target's owner (the receiver).
    function pause() external;

    /// @notice Resumes the target's user-facing operations. Only the target's owner (the receiver).
    function unpause() external;

    /// @notice Whether the target is paused; the receiver skips targets already in the wanted state.
    function paused() external view returns (bool);
}
