// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {CouncilFallbackAdapter} from "../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {GasMeter} from "../utils/GasMeter.sol";
import {LockstepFixture} from "../utils/LockstepFixture.sol";
import {RootTree} from "../utils/RootTree.sol";

/// @notice Council roots on the deployed system, measured like the baselines (see GasMeter):
/// setting a root (6 of 9 members, and 6 of 8 for ManyChainMultiSig's published figure of about
/// 190k gas per root) and executing one leaf, a pause of the vault, from a tree of 32 leaves (a
/// 5-hash proof; ManyChainMultiSig publishes 65-95k gas per operation), and the two in one
/// transaction for the pre-signed pause (4 of 9). Numbers land in `snapshots/roots.json`.
contract RootsGasTest is LockstepFixture, GasMeter {
    uint256 private constant LEAVES = 32;
    Addresses internal a;
    CouncilFallbackAdapter internal roots;
    uint40 internal validUntil;

    function setUp() public {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_750_000_000);
        uint64[] memory chains = new uint64[](1);
        chains[0] = HUB_CHAIN;
        _setUpKeys(15, 8, chains);
        a = _deployChain();
        roots = CouncilFallbackAdapter(a.fallbackAdapter);
        validUntil = uint40(block.timestamp + 90 days);
    }

    function test_Gas_SetRoot_6of9() external {
        _meterSetRoot(roots, members, memberKeys, 6, "set_root_6of9");
    }

    function test_Gas_SetRoot_6of8() external {
        address[] memory eight = new address[](8);
        uint256[] memory keys = new uint256[](8);
        for (uint256 i; i < 8; ++i) {
            (eight[i], keys[i]) = (members[i], memberKeys[i]);
        }
        CouncilFallbackAdapter adapter =
            new CouncilFallbackAdapter(IMessageReceiver(a.receiver), HUB_CHAIN, a.hub, eight, 6, 6, 4);
        _meterSetRoot(adapter, eight, keys, 6, "set_root_6of8");
    }

    function test_Gas_ExecuteLeaf_Pause_32Leaves() external {
        (bytes memory message, bytes32 root, bytes32[] memory proof) = _pauseTree();
        _setRoot(roots, root, members, memberKeys, 4);
        roots.executeLeaf(root, message, proof);
        _meter("roots", "execute_leaf_pause_32", abi.encodeCall(roots.executeLeaf, (root, message, proof)));
        assertTrue(VaultV1(a.vault).paused());
    }

    /// @dev The pre-signed pause as one transaction per chain: the emergency quorum's root (4 of 9)
    /// set and this chain's pause leaf (of 32) executed in the same call. Compare with
    /// `set_root_4of9` plus `execute_leaf_pause_32`, two transactions.
    function test_Gas_SetRootAndExecuteLeaf_Pause_32Leaves_4of9() external {
        (bytes memory message, bytes32 root, bytes32[] memory proof) = _pauseTree();
        (address[] memory signers, bytes[] memory sigs) = _signRoot(roots, root, members, memberKeys, 4);
        roots.setRootAndExecuteLeaf(root, validUntil, signers, sigs, message, proof);
        _meter(
            "roots",
            "set_root_and_execute_leaf_pause_32_4of9",
            abi.encodeCall(roots.setRootAndExecuteLeaf, (root, validUntil, signers, sigs, message, proof))
        );
        assertTrue(VaultV1(a.vault).paused());
    }

    function test_Gas_SetRoot_4of9() external {
        _meterSetRoot(roots, members, memberKeys, 4, "set_root_4of9");
    }

    /// @dev The receiver's own share of a leaf (what any transport pays to apply the same pause):
    /// the message handed straight to the receiver by the adapter's address. The leaf's overhead is
    /// `execute_leaf_pause_32` minus this.
    function test_Gas_ReceiverAppliesPause() external {
        address[] memory targets = new address[](1);
        targets[0] = a.vault;
        bytes memory message = MessageCodec.encode(
            MessageCodec.Message({
                version: MessageCodec.VERSION,
                nonce: 0,
                srcChainId: HUB_CHAIN,
                dstChainId: HUB_CHAIN,
                sender: a.hub,
                receiver: a.receiver,
                payload: UpgradePayload.encodeEmergency(
                    true, UpgradePayload.Emergency("exploit", uint40(block.timestamp), targets)
                )
            })
        );
        vm.prank(a.fallbackAdapter);
        IMessageReceiver(a.receiver).confirmMessage(message);
        _meter("roots", "receiver_applies_pause", abi.encodeCall(IMessageReceiver.confirmMessage, (message)));
        assertTrue(VaultV1(a.vault).paused());
    }

    function _meterSetRoot(
        CouncilFallbackAdapter adapter,
        address[] memory set,
        uint256[] memory keys,
        uint256 count,
        string memory name
    ) private {
        bytes32 root = keccak256(abi.encode(name));
        (address[] memory signers, bytes[] memory sigs) = _setRoot(adapter, root, set, keys, count);
        _meter("roots", name, abi.encodeCall(adapter.setRoot, (root, validUntil, signers, sigs)));
    }

    /// @dev A pause of this chain's vault at leaf 0 of 32 (the others address other chains), and
    /// its proof (5 hashes).
    function _pauseTree() private view returns (bytes memory message, bytes32 root, bytes32[] memory proof) {
        bytes[] memory messages = new bytes[](LEAVES);
        bytes32[] memory leaves = new bytes32[](LEAVES);
        address[] memory targets = new address[](1);
        targets[0] = a.vault;
        for (uint256 i; i < LEAVES; ++i) {
            // One pause per chain: this chain's is leaf 0; the others are addressed elsewhere.
            uint64 chainId = i == 0 ? HUB_CHAIN : uint64(1000 + i);
            MessageCodec.Message memory m = MessageCodec.Message({
                version: MessageCodec.VERSION,
                nonce: uint64(i),
                srcChainId: HUB_CHAIN,
                dstChainId: chainId,
                sender: a.hub,
                receiver: a.receiver,
                payload: UpgradePayload.encodeEmergency(
                    true, UpgradePayload.Emergency("exploit", uint40(block.timestamp), targets)
                )
            });
            messages[i] = MessageCodec.encode(m);
            leaves[i] = roots.rootLeaf(chainId, MessageCodec.id(m));
        }
        return (messages[0], RootTree.root(leaves), RootTree.proof(leaves, 0));
    }

    function _setRoot(
        CouncilFallbackAdapter adapter,
        bytes32 root,
        address[] memory set,
        uint256[] memory keys,
        uint256 count
    ) private returns (address[] memory signers, bytes[] memory sigs) {
        (signers, sigs) = _signRoot(adapter, root, set, keys, count);
        adapter.setRoot(root, validUntil, signers, sigs);
    }

    /// @dev The first `count` of `set` sign `root` until `validUntil` for `adapter`'s member set.
    function _signRoot(
        CouncilFallbackAdapter adapter,
        bytes32 root,
        address[] memory set,
        uint256[] memory keys,
        uint256 count
    ) private view returns (address[] memory signers, bytes[] memory sigs) {
        bytes32 digest = adapter.rootDigest(root, validUntil, adapter.rotationNonce());
        signers = new address[](count);
        sigs = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], digest);
            (signers[i], sigs[i]) = (set[i], abi.encodePacked(r, s, v));
        }
    }
}
