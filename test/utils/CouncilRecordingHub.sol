// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";

/// @notice A stand-in GovernanceHub for council tests: it accepts `dispatchUpgrade` only from the
/// timelock and `dispatchEmergency` only from the council, and records what it received. It has
/// the three entry points the council reaches (`IGovernanceHub`'s signatures), not the hub's views.
contract CouncilRecordingHub {
    /// @dev The caller is not the one allowed for this entry point.
    error CouncilRecordingHubUnauthorized(address caller);

    address public immutable TIMELOCK;
    address public immutable COUNCIL;

    uint256 public upgradeCount;
    bytes32 public lastProposalId;
    bytes32 public lastActionsHash;
    uint256 public emergencyCount;
    bytes32 public lastActionId;
    bool public lastPause;
    bytes32 public lastTargetsHash;

    constructor(address timelock, address council) {
        TIMELOCK = timelock;
        COUNCIL = council;
    }

    uint256 public configCount;
    bytes32 public lastConfigId;

    function dispatchUpgrade(
        bytes32 proposalId,
        uint40 deadline,
        IGovernanceHub.ChainAction[] calldata actions
    ) external returns (uint40 activationTime) {
        if (msg.sender != TIMELOCK) {
            revert CouncilRecordingHubUnauthorized(msg.sender);
        }
        if (block.timestamp >= deadline) revert CouncilRecordingHubUnauthorized(msg.sender);
        ++upgradeCount;
        lastProposalId = proposalId;
        lastActionsHash = keccak256(abi.encode(actions));
        return uint40(block.timestamp + 1 days);
    }

    function configure(
        bytes32 proposalId,
        uint40 deadline,
        uint64[] calldata,
        IGovernanceHub.ChainConfig[] calldata,
        IGovernanceHub.ReporterUpdate[] calldata
    ) external {
        if (msg.sender != TIMELOCK || block.timestamp >= deadline) {
            revert CouncilRecordingHubUnauthorized(msg.sender);
        }
        ++configCount;
        lastConfigId = proposalId;
    }

    function dispatchEmergency(
        bytes32 actionId,
        bool pause,
        IGovernanceHub.EmergencyTarget[] calldata targets
    ) external {
        if (msg.sender != COUNCIL) {
            revert CouncilRecordingHubUnauthorized(msg.sender);
        }
        ++emergencyCount;
        lastActionId = actionId;
        lastPause = pause;
        lastTargetsHash = keccak256(abi.encode(targets));
    }
}
