// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepFixture} from "../utils/LockstepFixture.sol";

/// @notice Lockstep across four real chains: local anvils shaped like Ethereum (the hub),
/// Arbitrum, Optimism and Polygon, each forked here by its RPC URL (`LOCKSTEP_RPC_<NAME>`; the
/// test runner starts the anvils). One council proposal is dispatched on the hub and executed on
/// every chain at the one shared activation time, by real guardian attestations under each
/// chain's own EIP-712 domain.
contract MultiChainUpgradeForkTest is LockstepFixture {
    string[4] internal names = ["ETHEREUM", "ARBITRUM", "OPTIMISM", "POLYGON"];
    uint64[4] internal ids = [uint64(1), 42_161, 10, 137];
    uint256[4] internal forks;
    Addresses internal a;

    function setUp() public {
        uint64[] memory chains = new uint64[](4);
        for (uint256 i = 0; i < 4; ++i) {
            chains[i] = ids[i];
        }
        _setUpKeys(15, 8, chains);
        for (uint256 i = 0; i < 4; ++i) {
            forks[i] = vm.createSelectFork(vm.envString(string.concat("LOCKSTEP_RPC_", names[i])));
            a = _deployChain(); // same factory, same salts: the same addresses on every chain
        }
    }

    function testFork_EveryChainHasItsOwnChainIdAndTheSameAddresses() public {
        for (uint256 i = 0; i < 4; ++i) {
            vm.selectFork(forks[i]);
            assertEq(block.chainid, ids[i]);
            assertGt(a.receiver.code.length, 0);
            assertGt(a.guardianAdapter.code.length, 0);
            assertEq(_implementation(a.vault), a.vaultV1);
            assertEq(a.hub.code.length > 0, ids[i] == HUB_CHAIN, "hub stack only on the home chain");
        }
    }

    function testFork_OneProposalUpgradesEveryChainAtTheSameActivationTime() public {
        vm.selectFork(forks[0]);
        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        assertEq(messages.length, 4);

        uint40 activation;
        for (uint256 i = 0; i < 4; ++i) {
            vm.selectFork(forks[i]);
            bytes memory message = _messageFor(messages, ids[i]);
            _deliver(a, message);
            (IUpgradeReceiver.MessageStatus status,, uint40 executableAt,) =
                UpgradeReceiver(a.receiver).messageState(this.idOf(message));
            assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued));
            if (i == 0) activation = executableAt;
            assertEq(executableAt, activation, "one activation time on every chain");
        }

        for (uint256 i = 0; i < 4; ++i) {
            vm.selectFork(forks[i]);
            assertEq(_vaultVersion(a), 1, "nothing runs the fix before activation");
            vm.warp(activation);
            UpgradeReceiver(a.receiver).execute(_messageFor(messages, ids[i]));
            assertEq(_implementation(a.vault), a.vaultV2);
            assertEq(a.vaultV2.codehash, _implementation(a.vault).codehash);
            assertEq(_vaultVersion(a), 2);
        }
    }

    function testFork_RevertWhen_MessageForOneChainIsDeliveredOnAnother() public {
        vm.selectFork(forks[0]);
        (, bytes[] memory messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
        bytes memory forArbitrum = _messageFor(messages, 42_161);

        vm.selectFork(forks[2]); // Optimism
        bytes32 messageId = this.idOf(forArbitrum);
        // Even with a guardian quorum signing under Optimism's own domain, the destination is checked.
        vm.expectRevert(abi.encodeWithSelector(IBridgeAdapter.AdapterWrongDestination.selector, 42_161, 10));
        this.deliverExternal(forArbitrum);
        (IUpgradeReceiver.MessageStatus status,,,) = UpgradeReceiver(a.receiver).messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.None));
        assertEq(_implementation(a.vault), a.vaultV1);
    }

    function deliverExternal(bytes calldata message) external {
        _deliver(a, message);
    }
}
