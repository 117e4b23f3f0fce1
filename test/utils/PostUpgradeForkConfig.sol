// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

/// @notice Reads what a post-upgrade fork check needs from the environment, so one test file can
/// check any chain a drill (or a real rollout) upgraded. `LOCKSTEP_FORK_RPC` switches the check on:
/// without it the suite skips (plain `forge test` and the local fork suites pass through it); with
/// it, every other required variable must be set, or setUp reverts (a half-configured run fails
/// loudly instead of skipping).
///
/// Variables (addresses and hashes as 0x hex, numbers in decimal):
///   LOCKSTEP_FORK_RPC                 anvil (or node) to fork; switches the suite on
///   LOCKSTEP_PROXY                    the upgraded proxy (the example vault)
///   LOCKSTEP_EXPECTED_IMPLEMENTATION  the implementation the council approved
///   LOCKSTEP_EXPECTED_CODEHASH        the codehash the council approved for it
///   LOCKSTEP_EXPECTED_VERSION         `version()` after the upgrade (default 2)
///   LOCKSTEP_EXPECTED_CHAIN_ID        the chain id the fork must report (default: not checked)
///   LOCKSTEP_DEPOSITOR                account whose deposit must survive (default: test mnemonic index 29)
///   LOCKSTEP_DEPOSIT_WEI              its deposit before the upgrade (default 0: not checked)
///   LOCKSTEP_RECEIVER                 the chain's UpgradeReceiver, the vault's owner (default: not checked)
///   LOCKSTEP_MESSAGE_ID               the upgrade message executed there (default: not checked)
abstract contract PostUpgradeForkConfig is Test {
    /// @dev anvil's public test mnemonic; the drills' depositor is its index 29.
    string internal constant TEST_MNEMONIC = "test test test test test test test test test test test junk";
    uint32 internal constant DRILL_DEPOSITOR_INDEX = 29;

    struct PostUpgradeConfig {
        bool enabled;
        address proxy;
        address expectedImplementation;
        bytes32 expectedCodehash;
        uint256 expectedVersion;
        uint256 expectedChainId;
        address depositor;
        uint256 depositWei;
        address receiver;
        bytes32 messageId;
    }

    /// @dev Selects a fork of `LOCKSTEP_FORK_RPC` and returns the configuration; `enabled` is
    /// false (and nothing is forked) when that variable is unset or empty.
    function _loadPostUpgradeConfig() internal returns (PostUpgradeConfig memory c) {
        string memory rpc = vm.envOr("LOCKSTEP_FORK_RPC", string(""));
        if (bytes(rpc).length == 0) return c;
        c.enabled = true;
        c.proxy = vm.envAddress("LOCKSTEP_PROXY");
        c.expectedImplementation = vm.envAddress("LOCKSTEP_EXPECTED_IMPLEMENTATION");
        c.expectedCodehash = vm.envBytes32("LOCKSTEP_EXPECTED_CODEHASH");
        c.expectedVersion = vm.envOr("LOCKSTEP_EXPECTED_VERSION", uint256(2));
        c.expectedChainId = vm.envOr("LOCKSTEP_EXPECTED_CHAIN_ID", uint256(0));
        c.depositor =
            vm.envOr("LOCKSTEP_DEPOSITOR", vm.addr(vm.deriveKey(TEST_MNEMONIC, DRILL_DEPOSITOR_INDEX)));
        c.depositWei = vm.envOr("LOCKSTEP_DEPOSIT_WEI", uint256(0));
        c.receiver = vm.envOr("LOCKSTEP_RECEIVER", address(0));
        c.messageId = vm.envOr("LOCKSTEP_MESSAGE_ID", bytes32(0));
        vm.createSelectFork(rpc);
    }
}
