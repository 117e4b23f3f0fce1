// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {PostUpgradeForkConfig} from "../utils/PostUpgradeForkConfig.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";

/// @notice The state a chain must be in after Lockstep upgraded its vault, checked on a fork of
/// that chain: the proxy runs the approved code, V1's open `sweep` is closed, users' deposits
/// survived and can leave, and nothing was left paused. `pnpm fork-matrix` runs it once per chain
/// of a drill (each against a fresh anvil forked from the drill's kept chain); the environment
/// says what to expect (see PostUpgradeForkConfig). Without `LOCKSTEP_FORK_RPC` every test skips,
/// and a check whose optional input is missing skips on its own.
contract PostUpgradeForkTest is PostUpgradeForkConfig {
    PostUpgradeConfig internal c;
    VaultV2 internal vault;

    function setUp() public {
        c = _loadPostUpgradeConfig();
        vault = VaultV2(payable(c.proxy));
    }

    modifier whenEnabled() {
        vm.skip(!c.enabled, "LOCKSTEP_FORK_RPC not set: no upgraded chain to check");
        _;
    }

    function test_ForkRunsTheExpectedChain() public whenEnabled {
        vm.skip(c.expectedChainId == 0, "LOCKSTEP_EXPECTED_CHAIN_ID not set");
        assertEq(block.chainid, c.expectedChainId, "chain id");
    }

    function test_ProxyPointsAtTheApprovedImplementation() public whenEnabled {
        assertEq(_implementation(), c.expectedImplementation, "ERC-1967 implementation slot");
    }

    function test_ProxyRunsCodeWithTheApprovedCodehash() public whenEnabled {
        assertEq(_implementation().codehash, c.expectedCodehash, "codehash of the running implementation");
        assertEq(
            c.expectedImplementation.codehash, c.expectedCodehash, "codehash of the approved implementation"
        );
    }

    function test_VersionIsTheNewOne() public whenEnabled {
        assertEq(vault.version(), c.expectedVersion, "version()");
    }

    function test_RevertWhen_StrangerSweepsTheVault() public whenEnabled {
        address stranger = makeAddr("stranger");
        uint256 before = c.proxy.balance;
        vm.prank(stranger);
        // V1's exploit: anyone could send the whole balance anywhere. The fix makes it owner-only.
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger)
        );
        vault.sweep(stranger);
        assertEq(c.proxy.balance, before, "vault balance untouched");
    }

    function test_DepositSurvivedTheUpgrade() public whenEnabled {
        vm.skip(c.depositWei == 0, "LOCKSTEP_DEPOSIT_WEI not set");
        assertEq(vault.balanceOf(c.depositor), c.depositWei, "depositor's balance");
        assertGe(vault.totalDeposits(), c.depositWei, "total deposits");
        assertGe(c.proxy.balance, vault.totalDeposits(), "the vault holds every deposit");
    }

    function test_DepositorWithdrawsTheDepositAfterTheUpgrade() public whenEnabled {
        vm.skip(c.depositWei == 0, "LOCKSTEP_DEPOSIT_WEI not set");
        uint256 walletBefore = c.depositor.balance;
        vm.prank(c.depositor);
        vault.withdraw(c.depositWei);
        assertEq(c.depositor.balance, walletBefore + c.depositWei, "depositor got the deposit back");
        assertEq(vault.balanceOf(c.depositor), 0, "balance after withdrawal");
    }

    function test_NewDepositsAreAcceptedAfterTheUpgrade() public whenEnabled {
        address newcomer = makeAddr("newcomer");
        vm.deal(newcomer, 1 ether);
        uint256 totalBefore = vault.totalDeposits();
        vm.prank(newcomer);
        vault.deposit{value: 1 ether}();
        assertEq(vault.balanceOf(newcomer), 1 ether, "newcomer's balance");
        assertEq(vault.totalDeposits(), totalBefore + 1 ether, "total deposits");
    }

    function test_VaultIsNotPaused() public whenEnabled {
        assertFalse(vault.paused(), "paused()");
    }

    function test_VaultIsStillOwnedByTheReceiver() public whenEnabled {
        vm.skip(c.receiver == address(0), "LOCKSTEP_RECEIVER not set");
        assertEq(vault.owner(), c.receiver, "owner()");
        assertTrue(UpgradeReceiver(c.receiver).isRegistered(c.proxy), "proxy still registered");
    }

    function test_ReceiverRecordsTheUpgradeMessageExecuted() public whenEnabled {
        vm.skip(c.receiver == address(0) || c.messageId == bytes32(0), "LOCKSTEP_RECEIVER/MESSAGE_ID not set");
        (IUpgradeReceiver.MessageStatus status,,,) = UpgradeReceiver(c.receiver).messageState(c.messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Executed), "message status");
    }

    function _implementation() internal view returns (address) {
        return address(uint160(uint256(vm.load(c.proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }
}
