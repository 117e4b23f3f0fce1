// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {TxGas} from "../utils/TxGas.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Ethereum's per-transaction gas cap (EIP-7825: 2^24 gas, live on mainnet since Fusaka)
/// against the hub's dispatches at its 128-chain cap, as whole transactions: the timelock's
/// `execute` around `dispatchUpgrade`, plus the transaction's intrinsic cost (21000 + calldata,
/// or the EIP-7623 calldata floor when higher). Storage starts cold (`vm.cool`), as in a fresh
/// transaction. Anvil does not enforce the cap, so drills cannot catch a dispatch over it: these
/// tests do. Numbers are logged and copied into docs/gas.md ("Ethereum's per-transaction gas cap").
contract GovernanceHubTxCapTest is Test {
    /// @dev EIP-7825.
    uint256 internal constant TX_GAS_CAP = TxGas.CAP;
    /// @dev Most a dispatch may grow when the chain count doubles (linear cost: x2 plus rounding).
    uint256 internal constant MAX_GROWTH_PER_DOUBLING_PERCENT = 210;
    uint64 internal constant HUB_CHAIN = 1;
    uint256 internal constant DELAY = 1 days;

    address internal council = makeAddr("council");
    address internal reporter = makeAddr("reporter");

    function setUp() public {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_700_000_000);
    }

    function _chainId(uint256 i) internal pure returns (uint64) {
        return uint64(HUB_CHAIN + i);
    }

    function _hubWith(address timelock, uint256 chains) internal returns (GovernanceHub) {
        uint64[] memory ids = new uint64[](chains);
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](chains);
        for (uint256 i = 0; i < chains; ++i) {
            ids[i] = _chainId(i);
            configs[i] = IGovernanceHub.ChainConfig({
                receiver: address(uint160(0x1000 + i)),
                deliveryMargin: uint32(1 hours + i),
                minDelay: 1 hours,
                gracePeriod: 1 days
            });
        }
        address[] memory reporters = new address[](1);
        reporters[0] = reporter;
        return new GovernanceHub(timelock, council, ids, configs, reporters);
    }

    /// @dev The hub's `dispatchUpgrade` alone, storage cold, called by its timelock.
    function _dispatchGas(uint256 chains) internal returns (uint256 used) {
        address timelock = makeAddr("timelock");
        GovernanceHub hub = _hubWith(timelock, chains);
        IGovernanceHub.ChainAction[] memory actions = TxGas.realisticActions(HUB_CHAIN, chains);
        vm.cool(address(hub));
        vm.prank(timelock);
        uint256 before = gasleft();
        hub.dispatchUpgrade("p", uint40(block.timestamp + 30 days), actions);
        used = before - gasleft();
        assertEq(hub.messagesOf("p").length, chains);
    }

    function test_DispatchUpgrade_ThroughTheTimelock_To128Chains_FitsTheTransactionGasCap() public {
        address[] memory proposers = new address[](1);
        proposers[0] = address(this);
        address[] memory executors = new address[](1); // address(0): anyone may execute
        TimelockController timelock = new TimelockController(DELAY, proposers, executors, address(0));
        GovernanceHub hub = _hubWith(address(timelock), 128);
        bytes32 proposalId = keccak256("p-128");
        bytes memory call = abi.encodeCall(
            IGovernanceHub.dispatchUpgrade,
            (proposalId, uint40(block.timestamp + 30 days), TxGas.realisticActions(HUB_CHAIN, 128))
        );
        timelock.schedule(address(hub), 0, call, bytes32(0), proposalId, DELAY);
        vm.warp(block.timestamp + DELAY);

        vm.cool(address(hub));
        vm.cool(address(timelock));
        uint256 before = gasleft();
        timelock.execute(address(hub), 0, call, bytes32(0), proposalId);
        uint256 execution = before - gasleft();
        uint256 total = TxGas.txGas(
            abi.encodeCall(TimelockController.execute, (address(hub), 0, call, bytes32(0), proposalId)),
            execution
        );
        emit log_named_uint("timelock.execute(dispatchUpgrade), 128 chains: execution gas", execution);
        emit log_named_uint("timelock.execute(dispatchUpgrade), 128 chains: whole transaction", total);
        assertEq(hub.messagesOf(proposalId).length, 128, "one message per chain");
        assertLt(total, TX_GAS_CAP, "a 128-chain dispatch must fit Ethereum's per-transaction gas cap");
    }

    function test_DispatchUpgrade_GrowsLinearlyWithTheChainCount() public {
        uint256 previous = _dispatchGas(16);
        emit log_named_uint("dispatchUpgrade gas, 16 chains", previous);
        for (uint256 chains = 32; chains <= 128; chains *= 2) {
            uint256 used = _dispatchGas(chains);
            emit log_named_uint(string.concat("dispatchUpgrade gas, ", vm.toString(chains), " chains"), used);
            assertLe(
                used * 100,
                previous * MAX_GROWTH_PER_DOUBLING_PERCENT,
                "doubling the chains must not more than double (x2.1) the dispatch's gas"
            );
            previous = used;
        }
    }

    function test_DispatchEmergency_To128Chains_FitsTheTransactionGasCap() public {
        GovernanceHub hub = _hubWith(makeAddr("timelock"), 128);
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](128);
        for (uint256 i = 0; i < 128; ++i) {
            targets[i] =
                IGovernanceHub.EmergencyTarget({chainId: _chainId(i), target: address(uint160(0x2000 + i))});
        }
        vm.cool(address(hub));
        vm.prank(council);
        uint256 before = gasleft();
        hub.dispatchEmergency("e-128", true, targets);
        uint256 used = before - gasleft();
        emit log_named_uint("dispatchEmergency gas, 128 chains", used);
        // The council's `executeEmergency` around it reads the stored targets (~0.6M cold): 2M spare.
        assertLt(
            used, TX_GAS_CAP - 2_000_000, "a 128-chain pause must fit Ethereum's per-transaction gas cap"
        );
        assertEq(hub.messagesOf("e-128").length, 128);
    }
}
