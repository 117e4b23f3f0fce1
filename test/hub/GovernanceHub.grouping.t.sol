// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {Test, Vm} from "forge-std/Test.sol";

/// @notice The hub groups actions (and emergency targets) per chain in one pass. These tests pin
/// that the grouping is exactly the one receivers, guardians and relayers already rely on: chains
/// in first-seen order, each chain's actions in input order, the same nonces, payloads and message
/// ids, whatever the input order. The expected messages are built here by the original (quadratic)
/// grouping, kept as a reference implementation, and compared byte for byte with what the hub emits.
contract GovernanceHubGroupingTest is Test {
    uint64 internal constant HUB_CHAIN = 1;
    uint256 internal constant CHAINS = 12;

    address internal timelock = makeAddr("timelock");
    address internal council = makeAddr("council");
    GovernanceHub internal hub;

    function setUp() public {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_700_000_000);
        uint64[] memory ids = new uint64[](CHAINS);
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](CHAINS);
        for (uint256 i = 0; i < CHAINS; ++i) {
            ids[i] = _chainId(i);
            configs[i] = _config(i);
        }
        hub = new GovernanceHub(timelock, council, ids, configs, new address[](0));
    }

    function _chainId(uint256 i) internal pure returns (uint64) {
        // Not sorted and not contiguous: grouping must not depend on chain id order.
        return uint64(uint256(keccak256(abi.encode("chain", i))) % 1_000_000 + 2);
    }

    function _config(uint256 i) internal pure returns (IGovernanceHub.ChainConfig memory) {
        return IGovernanceHub.ChainConfig({
            receiver: address(uint160(0x1000 + i)),
            deliveryMargin: uint32(1 hours + i),
            minDelay: 1 hours,
            gracePeriod: 1 days
        });
    }

    /// @dev `count` actions whose chains are picked by `seed` among the configured ones.
    function _actions(uint256 seed, uint256 count)
        internal
        pure
        returns (IGovernanceHub.ChainAction[] memory actions)
    {
        actions = new IGovernanceHub.ChainAction[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 pick = uint256(keccak256(abi.encode(seed, i))) % CHAINS;
            actions[i] = IGovernanceHub.ChainAction({
                chainId: _chainId(pick),
                proxy: address(uint160(0x2000 + i)),
                previousImplementation: address(uint160(0x3000 + i)),
                implementation: address(uint160(0x4000 + i)),
                codehash: keccak256(abi.encode(i)),
                data: i % 3 == 0 ? abi.encodeWithSignature("initialize(uint256)", i) : bytes("")
            });
        }
    }

    function _targets(uint256 seed, uint256 count)
        internal
        pure
        returns (IGovernanceHub.EmergencyTarget[] memory targets)
    {
        targets = new IGovernanceHub.EmergencyTarget[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 pick = uint256(keccak256(abi.encode(seed, i))) % CHAINS;
            targets[i] = IGovernanceHub.EmergencyTarget({
                chainId: _chainId(pick), target: address(uint160(0x5000 + i))
            });
        }
    }

    // ─── Reference grouping: the hub's original quadratic implementation ───────────────────

    function _refChains(uint64[] memory itemChains) internal pure returns (uint64[] memory chains) {
        chains = new uint64[](itemChains.length);
        uint256 count;
        for (uint256 i = 0; i < itemChains.length; ++i) {
            bool seen;
            for (uint256 j = 0; j < count; ++j) {
                if (chains[j] == itemChains[i]) seen = true;
            }
            if (!seen) chains[count++] = itemChains[i];
        }
        assembly ("memory-safe") {
            mstore(chains, count)
        }
    }

    function _refActionsFor(uint64 chainId, IGovernanceHub.ChainAction[] memory actions)
        internal
        pure
        returns (UpgradePayload.UpgradeAction[] memory out)
    {
        uint256 n;
        for (uint256 i = 0; i < actions.length; ++i) {
            if (actions[i].chainId == chainId) ++n;
        }
        out = new UpgradePayload.UpgradeAction[](n);
        n = 0;
        for (uint256 i = 0; i < actions.length; ++i) {
            IGovernanceHub.ChainAction memory a = actions[i];
            if (a.chainId != chainId) continue;
            out[n++] = UpgradePayload.UpgradeAction({
                proxy: a.proxy,
                previousImplementation: a.previousImplementation,
                implementation: a.implementation,
                codehash: a.codehash,
                data: a.data
            });
        }
    }

    function _refTargetsFor(uint64 chainId, IGovernanceHub.EmergencyTarget[] memory targets)
        internal
        pure
        returns (address[] memory out)
    {
        uint256 n;
        for (uint256 i = 0; i < targets.length; ++i) {
            if (targets[i].chainId == chainId) ++n;
        }
        out = new address[](n);
        n = 0;
        for (uint256 i = 0; i < targets.length; ++i) {
            if (targets[i].chainId == chainId) out[n++] = targets[i].target;
        }
    }

    function _refMessage(uint64 nonce, uint64 chainId, bytes memory payload)
        internal
        view
        returns (bytes memory)
    {
        return MessageCodec.encode(
            MessageCodec.Message({
                version: MessageCodec.VERSION,
                nonce: nonce,
                srcChainId: HUB_CHAIN,
                dstChainId: chainId,
                sender: address(hub),
                receiver: hub.chainConfig(chainId).receiver,
                payload: payload
            })
        );
    }

    /// @dev The `MessageDispatched` logs, in order: (message id, destination, encoded message).
    function _emitted()
        internal
        returns (bytes32[] memory ids, uint64[] memory dsts, bytes[] memory encoded)
    {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 n;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == IGovernanceHub.MessageDispatched.selector) ++n;
        }
        ids = new bytes32[](n);
        dsts = new uint64[](n);
        encoded = new bytes[](n);
        n = 0;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] != IGovernanceHub.MessageDispatched.selector) continue;
            ids[n] = logs[i].topics[1];
            dsts[n] = uint64(uint256(logs[i].topics[2]));
            (, encoded[n]) = abi.decode(logs[i].data, (uint64, bytes));
            ++n;
        }
    }

    function _checkUpgradeMatchesReference(bytes32 proposalId, IGovernanceHub.ChainAction[] memory actions)
        internal
    {
        uint64 firstNonce = hub.nonce();
        vm.recordLogs();
        vm.prank(timelock);
        uint40 activation = hub.dispatchUpgrade(proposalId, uint40(block.timestamp + 30 days), actions);
        (bytes32[] memory ids, uint64[] memory dsts, bytes[] memory encoded) = _emitted();

        uint64[] memory itemChains = new uint64[](actions.length);
        for (uint256 i = 0; i < actions.length; ++i) {
            itemChains[i] = actions[i].chainId;
        }
        uint64[] memory chains = _refChains(itemChains);
        assertEq(encoded.length, chains.length, "one message per distinct chain");
        bytes32[] memory recorded = hub.messagesOf(proposalId);
        assertEq(recorded.length, chains.length);
        for (uint256 c = 0; c < chains.length; ++c) {
            bytes memory payload = UpgradePayload.encodeUpgrade(
                UpgradePayload.Upgrade({
                    proposalId: proposalId,
                    activationTime: activation,
                    actions: _refActionsFor(chains[c], actions)
                })
            );
            bytes memory expected = _refMessage(firstNonce + uint64(c), chains[c], payload);
            assertEq(encoded[c], expected, "message bytes as the reference grouping builds them");
            assertEq(dsts[c], chains[c], "chains in first-seen order");
            assertEq(ids[c], MessageCodec.id(this.decode(expected)), "the same message id");
            assertEq(recorded[c], ids[c]);
        }
    }

    function decode(bytes calldata encoded) external pure returns (MessageCodec.Message memory) {
        return MessageCodec.decode(encoded);
    }

    // ─── Upgrades ───────────────────────────────────────────────────────────────────────────

    function testFuzz_DispatchUpgrade_GroupsExactlyLikeTheReference(uint256 seed, uint8 rawCount) public {
        uint256 count = bound(rawCount, 1, hub.MAX_ACTIONS());
        _checkUpgradeMatchesReference(keccak256(abi.encode("p", seed)), _actions(seed, count));
    }

    function test_DispatchUpgrade_InterleavedChains_GroupsLikeTheReference() public {
        // 128 actions over 12 chains, interleaved: every chain's actions are far apart.
        _checkUpgradeMatchesReference("interleaved", _actions(7, 128));
    }

    function test_DispatchUpgrade_AllActionsOnOneChain_OneMessage() public {
        IGovernanceHub.ChainAction[] memory actions = _actions(1, 128);
        for (uint256 i = 0; i < actions.length; ++i) {
            actions[i].chainId = _chainId(5);
        }
        _checkUpgradeMatchesReference("one-chain", actions);
        assertEq(hub.messagesOf("one-chain").length, 1);
    }

    function test_DispatchUpgrade_SecondDispatchContinuesTheNonces() public {
        _checkUpgradeMatchesReference("first", _actions(3, 40));
        _checkUpgradeMatchesReference("second", _actions(4, 40));
    }

    function test_RevertWhen_TheLastActionTargetsAnUnknownChain() public {
        IGovernanceHub.ChainAction[] memory actions = _actions(9, 128);
        actions[127].chainId = 999_999_999;
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubUnknownChain.selector, 999_999_999));
        hub.dispatchUpgrade("unknown", uint40(block.timestamp + 30 days), actions);
        assertEq(hub.messagesOf("unknown").length, 0, "nothing dispatched");
        assertEq(hub.nonce(), 0);
    }

    function test_RevertWhen_InterleavedProposalDispatchedTwice() public {
        IGovernanceHub.ChainAction[] memory actions = _actions(11, 128);
        vm.startPrank(timelock);
        hub.dispatchUpgrade("twice", uint40(block.timestamp + 30 days), actions);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceHub.HubAlreadyDispatched.selector, bytes32("twice"))
        );
        hub.dispatchUpgrade("twice", uint40(block.timestamp + 30 days), actions);
        vm.stopPrank();
    }

    function test_DispatchUpgrade_ReachesAChainConfiguredAfterDeployment() public {
        uint64 late = 424_242;
        uint64[] memory ids = new uint64[](1);
        ids[0] = late;
        IGovernanceHub.ChainConfig[] memory configs = new IGovernanceHub.ChainConfig[](1);
        configs[0] = _config(77);
        vm.prank(timelock);
        hub.configure(
            "cfg", uint40(block.timestamp + 1 days), ids, configs, new IGovernanceHub.ReporterUpdate[](0)
        );
        // Reconfiguring an existing chain keeps its place.
        ids[0] = _chainId(0);
        configs[0] = _config(78);
        vm.prank(timelock);
        hub.configure(
            "cfg2", uint40(block.timestamp + 1 days), ids, configs, new IGovernanceHub.ReporterUpdate[](0)
        );
        assertEq(hub.chainIds().length, CHAINS + 1);

        IGovernanceHub.ChainAction[] memory actions = _actions(13, 30);
        actions[4].chainId = late;
        actions[20].chainId = late;
        _checkUpgradeMatchesReference("late", actions);
    }

    // ─── Emergencies ────────────────────────────────────────────────────────────────────────

    function testFuzz_DispatchEmergency_GroupsExactlyLikeTheReference(
        uint256 seed,
        uint8 rawCount,
        bool pause
    ) public {
        uint256 count = bound(rawCount, 1, hub.MAX_ACTIONS());
        IGovernanceHub.EmergencyTarget[] memory targets = _targets(seed, count);
        bytes32 actionId = keccak256(abi.encode("e", seed));
        vm.recordLogs();
        vm.prank(council);
        hub.dispatchEmergency(actionId, pause, targets);
        (, uint64[] memory dsts, bytes[] memory encoded) = _emitted();

        uint64[] memory itemChains = new uint64[](count);
        for (uint256 i = 0; i < count; ++i) {
            itemChains[i] = targets[i].chainId;
        }
        uint64[] memory chains = _refChains(itemChains);
        assertEq(encoded.length, chains.length);
        for (uint256 c = 0; c < chains.length; ++c) {
            bytes memory payload = UpgradePayload.encodeEmergency(
                pause,
                UpgradePayload.Emergency({
                    actionId: actionId,
                    issuedAt: uint40(block.timestamp),
                    targets: _refTargetsFor(chains[c], targets)
                })
            );
            assertEq(encoded[c], _refMessage(uint64(c), chains[c], payload));
            assertEq(dsts[c], chains[c]);
        }
    }

    function test_RevertWhen_TheLastEmergencyTargetIsOnAnUnknownChain() public {
        IGovernanceHub.EmergencyTarget[] memory targets = _targets(5, 128);
        targets[127].chainId = 999_999_999;
        vm.prank(council);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceHub.HubUnknownChain.selector, 999_999_999));
        hub.dispatchEmergency("e-unknown", true, targets);
    }
}
