// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title UpgradePayload
/// @notice The application payloads the hub sends and every receiver executes.
/// @dev A payload is `abi.encode(uint8 kind, bytes body)`. Upgrades carry one chain's actions and
/// the shared activation time; emergency payloads (pause, unpause) name the targets to act on and
/// can never carry an implementation. Trust model: this is encoding only, shared by the hub that
/// writes payloads and the receivers that read them (`MessageCalldata` reads them in place); a
/// payload is trusted only because the message carrying it was proven to come from the hub, and
/// the receiver still checks every target, implementation and code hash it names. A canary payload
/// is a liveness probe: it names no target and no implementation, so a receiver can do nothing with
/// it but record it as consumed.
library UpgradePayload {
    /// @notice Upgrade the listed proxies at the activation time (timelocked path only).
    uint8 internal constant KIND_UPGRADE = 1;
    /// @notice Pause the listed targets at once (emergency path).
    uint8 internal constant KIND_PAUSE = 2;
    /// @notice Unpause the listed targets at once (emergency path).
    uint8 internal constant KIND_UNPAUSE = 3;
    /// @notice A no-op liveness probe (canary path): the receiver only records it and reports it.
    uint8 internal constant KIND_CANARY = 4;

    /// @notice One proxy upgrade on one chain.
    /// @param proxy the registered proxy to upgrade
    /// @param previousImplementation the implementation this upgrade replaces: execution refuses
    /// when the proxy runs anything else (a superseded or stale upgrade can never put it back)
    /// @param implementation the new implementation
    /// @param codehash the `extcodehash` the implementation must have when the upgrade runs
    /// @param data optional call made through `upgradeToAndCall` (empty for none)
    struct UpgradeAction {
        address proxy;
        address previousImplementation;
        address implementation;
        bytes32 codehash;
        bytes data;
    }

    /// @notice The body of a KIND_UPGRADE payload.
    /// @param proposalId the council proposal this upgrade belongs to
    /// @param activationTime the one time, shared by every chain, before which nothing executes
    /// @param actions this chain's upgrades, executed together
    struct Upgrade {
        bytes32 proposalId;
        uint40 activationTime;
        UpgradeAction[] actions;
    }

    /// @notice The body of a KIND_PAUSE or KIND_UNPAUSE payload.
    /// @param actionId the council's emergency proposal
    /// @param issuedAt the hub's block time at dispatch: orders an unpause against the pauses of
    /// each target (receivers bound how far in their future it may lie)
    /// @param targets this chain's targets
    struct Emergency {
        bytes32 actionId;
        uint40 issuedAt;
        address[] targets;
    }

    /// @notice The body of a KIND_CANARY payload.
    /// @param canaryId the hub's id of the canary (one per `dispatchCanary`, shared by every chain)
    /// @param sentAt the hub's block time at dispatch: a receiver's block time minus it is the latency
    struct Canary {
        bytes32 canaryId;
        uint40 sentAt;
    }

    /// @dev The payload's kind is not one this library knows.
    error UpgradePayloadUnknownKind(uint8 kind);

    /// @notice Encodes an upgrade payload.
    function encodeUpgrade(Upgrade memory upgrade) internal pure returns (bytes memory) {
        return abi.encode(KIND_UPGRADE, abi.encode(upgrade));
    }

    /// @notice Encodes a pause (`pause == true`) or unpause payload.
    function encodeEmergency(bool pause, Emergency memory emergency) internal pure returns (bytes memory) {
        return abi.encode(pause ? KIND_PAUSE : KIND_UNPAUSE, abi.encode(emergency));
    }

    /// @notice Encodes a canary payload.
    function encodeCanary(Canary memory canary) internal pure returns (bytes memory) {
        return abi.encode(KIND_CANARY, abi.encode(canary));
    }

    /// @notice Splits a payload into its kind and body, refusing unknown kinds.
    function kindOf(bytes memory payload) internal pure returns (uint8 kind, bytes memory body) {
        (kind, body) = abi.decode(payload, (uint8, bytes));
        if (kind < KIND_UPGRADE || kind > KIND_CANARY) revert UpgradePayloadUnknownKind(kind);
    }

    /// @notice Decodes the body of a KIND_UPGRADE payload.
    function decodeUpgrade(bytes memory body) internal pure returns (Upgrade memory) {
        return abi.decode(body, (Upgrade));
    }

    /// @notice Decodes the body of a KIND_PAUSE or KIND_UNPAUSE payload.
    function decodeEmergency(bytes memory body) internal pure returns (Emergency memory) {
        return abi.decode(body, (Emergency));
    }

    /// @notice Decodes the body of a KIND_CANARY payload.
    function decodeCanary(bytes memory body) internal pure returns (Canary memory) {
        return abi.decode(body, (Canary));
    }
}
