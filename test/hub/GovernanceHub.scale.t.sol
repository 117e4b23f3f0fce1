// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The hub at its chain cap (128 chains): every loop over chains or actions stays bounded,
/// and a dispatch to every chain fits in one block. Gas is measured with the hub's storage cold
/// (`vm.cool`), as in a fresh transaction, and logged. Measured (forge 1.7.1): dispatchUpgrade
/// with one action per chain ~22.4M and dispatchEmergency ~18.3M while the hub grouped actions per
/// chain by scanning every action for every chain; ~9.0M and ~8.1M since grouping is one pass.
/// On an Ethereum hub the binding limit is the per-transaction gas cap of 2^24 (EIP-7825), which
/// anvil does not enforce: test/hub/GovernanceHub.txcap.t.sol pins the whole 128-chain transaction
/// (timelock `execute` and intrinsic cost included) under it, and linear growth.
contract GovernanceHubScaleTest is Test {
    uint64 internal constant HUB_CHAIN = 1;
    /// @dev What one dispatch may cost at most: a 30M-gas block less 5M for the timelock around it.
    uint256 internal constant DISPATCH_GAS_BOUND = 25_000_000;
    /// @dev Ethereum's per-transaction gas cap (EIP-7825), less 1M for the timelock's `execute` around it.
    uint256 internal constant ETHEREUM_DISPATCH_BOUND = 16_777_216 - 1_000_000;

    address internal timelock = makeAddr("timelock");
    address internal council = makeAddr("council");
    address internal reporter = makeAddr("reporter");
    GovernanceHub internal hub;
    uint256 internal cap;

    function setUp() public {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_700_000_000);
        cap = new GovernanceHub(
                timelock, council, new uint64[](0), new IGovernanceHub.ChainConfig[](0), new address[](0)
            ).MAX_CHAINS();
        hub = _hubWith(cap);
    }

    function _chainId(uint256 i) internal pure returns (uint64) {
        return uint64(HUB_CHAIN + i);
    }

    function _hubWith(uint256 chains) internal returns (GovernanceHub) {
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

    /// @dev One upgrade action per configured chain, as a release across every chain dispatches.
    function _oneActionPerChain(uint256 chains)
        internal
        pure
        returns (IGovernanceHub.ChainAction[] memory actions)
    {
        actions = new IGovernanceHub.ChainAction[](chains);
        for (uint256 i = 0; i < chains; ++i) {
            actions[i] = IGovernanceHub.ChainAction({
                chainId: _chainId(i),
                proxy: address(uint160(0x2000 + i)),
                previousImplementation: address(uint160(0x3000 + i)),
                implementation: address(uint160(0x4000 + i)),
                codehash: keccak256(abi.encode(i)),
                data: ""
            });
        }
    }

    function test_MaxChains_Is128() public view {
        assertEq(cap, 128);
        assertEq(hub.MAX_ACTIONS(), cap, "a dispatch may carry one action per chain");
        assertEq(hub.chainIds().length, cap);
    }

    function test_RevertWhen_ConfiguringOneChainBeyondTheCap() public {
        uint64[] memory ids = new uint64[](1);
        ids[0] = _chainId(cap);
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](1);
        configs[0] = IGovernanceHub.ChainConfig({
            receiver: address(0xBEEF), deliveryMargin: 1 hours, minDelay: 1 hours, gracePeriod: 1 days
        });
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubTooManyChains.selector, cap + 1, cap));
        hub.configure(
            "cfg", uint40(block.timestamp + 1 days), ids, configs, new IGovernanceHub.ReporterUpdate[](0)
        );
    }

    function test_DispatchUpgrade_To64Chains_FitsEthereumTransactionGasCap() public {
        GovernanceHub small = _hubWith(64);
        IGovernanceHub.ChainAction[] memory actions = _oneActionPerChain(64);
        vm.cool(address(small));
        vm.prank(timelock);
        uint256 before = gasleft();
        small.dispatchUpgrade("p-64", uint40(block.timestamp + 30 days), actions);
        uint256 used = before - gasleft();
        emit log_named_uint("dispatchUpgrade gas, 64 chains", used);
        assertLt(
            used,
            ETHEREUM_DISPATCH_BOUND,
            "a dispatch to 64 chains must fit Ethereum's per-transaction gas cap"
        );
    }

    function test_DispatchUpgrade_ToEveryChainAtTheCap_FitsInABlock() public {
        IGovernanceHub.ChainAction[] memory actions = _oneActionPerChain(cap);
        vm.cool(address(hub));
        vm.prank(timelock);
        uint256 before = gasleft();
        uint40 activation = hub.dispatchUpgrade("p-all", uint40(block.timestamp + 30 days), actions);
        uint256 used = before - gasleft();
        emit log_named_uint("dispatchUpgrade gas, 128 chains", used);
        assertLt(used, DISPATCH_GAS_BOUND, "a dispatch to every chain must fit in a block");
        assertEq(hub.messagesOf("p-all").length, cap, "one message per chain");
        // The slowest chain's delivery margin (the last one's) sets the one activation time.
        assertEq(activation, block.timestamp + 1 hours + (cap - 1) + 1 hours);
    }

    function test_DispatchEmergency_ToEveryChainAtTheCap_FitsInABlock() public {
        IGovernanceHub.EmergencyTarget[] memory targets = new IGovernanceHub.EmergencyTarget[](cap);
        for (uint256 i = 0; i < cap; ++i) {
            targets[i] =
                IGovernanceHub.EmergencyTarget({chainId: _chainId(i), target: address(uint160(0x2000 + i))});
        }
        vm.cool(address(hub));
        vm.prank(council);
        uint256 before = gasleft();
        hub.dispatchEmergency("e-all", true, targets);
        uint256 used = before - gasleft();
        emit log_named_uint("dispatchEmergency gas, 128 chains", used);
        assertLt(used, DISPATCH_GAS_BOUND, "an emergency to every chain must fit in a block");
        assertEq(hub.messagesOf("e-all").length, cap);
    }

    function test_DispatchCanary_ToEveryChainAtTheCap_FitsInABlock() public {
        vm.cool(address(hub));
        vm.prank(reporter);
        uint256 before = gasleft();
        bytes32 canaryId = hub.dispatchCanary();
        uint256 used = before - gasleft();
        emit log_named_uint("dispatchCanary gas, 128 chains", used);
        assertLt(used, DISPATCH_GAS_BOUND, "a canary to every chain must fit in a block");
        assertEq(hub.messagesOf(canaryId).length, cap);
    }

    function test_AllChainsReached_OverEveryChainAtTheCap_IsCheap() public {
        vm.prank(timelock);
        hub.dispatchUpgrade("p-all", uint40(block.timestamp + 30 days), _oneActionPerChain(cap));
        vm.cool(address(hub));
        uint256 before = gasleft();
        (bool ready, uint256 reached, uint256 total) =
            hub.allChainsReached("p-all", IGovernanceHub.DeliveryState.Dispatched);
        uint256 used = before - gasleft();
        emit log_named_uint("allChainsReached gas, 128 chains", used);
        assertTrue(ready);
        assertEq(reached, cap);
        assertEq(total, cap);
        assertLt(used, 1_000_000, "the readiness view stays cheap at the cap");
    }
}
