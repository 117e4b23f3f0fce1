// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../../contracts/bridge/UpgradePayload.sol";
import {ReceiverMessages} from "../../utils/ReceiverMessages.sol";
import {RootTree} from "../../utils/RootTree.sol";
import {CouncilFallbackAdapterFixture} from "./CouncilFallbackAdapterFixture.sol";

/// @notice Shared setup for council roots: messages for this and other chains, their leaves, a
/// tree over them, and shortcuts to set a root signed by the first `count` members.
abstract contract CouncilRootsFixture is CouncilFallbackAdapterFixture {
    uint64 internal constant OTHER_CHAIN = 10;
    uint40 internal validUntil;

    function setUp() public virtual override {
        vm.warp(1_800_000_000);
        super.setUp();
        validUntil = uint40(block.timestamp + 30 days);
    }

    /// @dev A message of `kind` (pause, unpause or upgrade) from the hub to `dstChainId`.
    function _messageOf(uint8 kind, uint64 nonce, uint64 dstChainId) internal view returns (bytes memory) {
        bytes memory payload;
        if (kind == UpgradePayload.KIND_UPGRADE) {
            payload = ReceiverMessages.upgrade(
                "proposal",
                uint40(block.timestamp + 3 days),
                ReceiverMessages.action(address(0xBEEF), address(0xA1), address(0xA2), keccak256("code"), "")
            );
        } else {
            payload = ReceiverMessages.emergency(kind == UpgradePayload.KIND_PAUSE, "halt", address(0xBEEF));
        }
        return MessageCodec.encode(
            ReceiverMessages.message(
                ReceiverMessages.Route(nonce, HUB_CHAIN_ID, dstChainId, hub, address(receiver)), payload
            )
        );
    }

    function _id(bytes memory encoded) internal view returns (bytes32) {
        return this.idOf(encoded);
    }

    function idOf(bytes calldata encoded) external pure returns (bytes32) {
        return MessageCodec.id(MessageCodec.decode(encoded));
    }

    /// @dev The leaves `(chainIds[i], adapter, id(messages[i]))`.
    function _leaves(uint256[] memory chainIds, bytes[] memory messages)
        internal
        view
        returns (bytes32[] memory leaves)
    {
        leaves = new bytes32[](messages.length);
        for (uint256 i; i < messages.length; ++i) {
            leaves[i] = adapter.rootLeaf(chainIds[i], _id(messages[i]));
        }
    }

    /// @dev One leaf on this chain carrying `message`, among two leaves for another chain.
    function _treeWith(bytes memory message) internal view returns (bytes32 root, bytes32[] memory proof) {
        uint256[] memory chainIds = new uint256[](3);
        bytes[] memory messages = new bytes[](3);
        (chainIds[0], messages[0]) = (OTHER_CHAIN, _messageOf(UpgradePayload.KIND_PAUSE, 7, OTHER_CHAIN));
        (chainIds[1], messages[1]) = (block.chainid, message);
        (chainIds[2], messages[2]) = (OTHER_CHAIN, _messageOf(UpgradePayload.KIND_PAUSE, 8, OTHER_CHAIN));
        bytes32[] memory leaves = _leaves(chainIds, messages);
        return (RootTree.root(leaves), RootTree.proof(leaves, 1));
    }

    /// @dev The first `count` members sign `root` until `validUntil`; the relayer sets it.
    function _setRoot(bytes32 root, uint256 count) internal {
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, count);
        vm.prank(relayer);
        adapter.setRoot(root, validUntil, signers, signatures);
    }
}
