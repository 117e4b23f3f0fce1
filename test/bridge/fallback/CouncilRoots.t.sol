// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UpgradePayload} from "../../../contracts/bridge/UpgradePayload.sol";
import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {IBridgeAdapter} from "../../../contracts/interfaces/IBridgeAdapter.sol";
import {ICouncilRoots} from "../../../contracts/interfaces/ICouncilRoots.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {IMessageReceiver} from "../../../contracts/interfaces/IMessageReceiver.sol";
import {FallbackContractMember} from "../../utils/FallbackContractMember.sol";
import {RootTree} from "../../utils/RootTree.sol";
import {CouncilRootsFixture} from "./CouncilRootsFixture.sol";

/// @notice Council-signed roots on one chain: who can set, execute and revoke them, and every way a
/// leaf is refused (another chain, another adapter, too little authority, expired, revoked,
/// rotated out, not in the tree).
contract CouncilRootsTest is CouncilRootsFixture {
    // ---------------------------------------------------------------- setRoot

    function test_SetRoot_ThresholdGivesFullAuthority() external {
        bytes32 root = keccak256("root");
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, THRESHOLD);
        vm.expectEmit(address(adapter));
        emit ICouncilRoots.RootSet(root, validUntil, 0, ICouncilRoots.RootAuthority.Full, THRESHOLD);
        adapter.setRoot(root, validUntil, signers, signatures);
        ICouncilRoots.RootState memory state = adapter.rootState(root);
        assertEq(state.validUntil, validUntil);
        assertEq(uint8(state.authority), uint8(ICouncilRoots.RootAuthority.Full));
        assertFalse(state.revoked);
    }

    function test_SetRoot_EmergencyQuorumGivesPauseOnly() external {
        bytes32 root = keccak256("root");
        _setRoot(root, EMERGENCY_THRESHOLD);
        assertEq(uint8(adapter.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.PauseOnly));
    }

    function test_RevertWhen_SetRootBelowTheEmergencyQuorum() external {
        bytes32 root = keccak256("root");
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, EMERGENCY_THRESHOLD - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackThresholdNotMet.selector,
                EMERGENCY_THRESHOLD - 1,
                EMERGENCY_THRESHOLD
            )
        );
        adapter.setRoot(root, validUntil, signers, signatures);
    }

    function test_RevertWhen_SetRootWithSignaturesOfAnotherValidUntil() external {
        bytes32 root = keccak256("root");
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
        adapter.setRoot(root, validUntil + 1, signers, signatures);
    }

    function test_RevertWhen_SetRootExpired() external {
        bytes32 root = keccak256("root");
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, THRESHOLD);
        vm.warp(uint256(validUntil) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootExpired.selector, root, validUntil, block.timestamp)
        );
        adapter.setRoot(root, validUntil, signers, signatures);
    }

    function test_RevertWhen_SetRootLivesLongerThanTheMaximum() external {
        bytes32 root = keccak256("root");
        uint40 tooLate = uint40(block.timestamp + 366 days + 1);
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, tooLate, members, pks, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICouncilRoots.RootLifetimeTooLong.selector, tooLate, block.timestamp + 366 days
            )
        );
        adapter.setRoot(root, tooLate, signers, signatures);
    }

    function test_RevertWhen_SetRootTwice() external {
        bytes32 root = keccak256("root");
        _setRoot(root, THRESHOLD);
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, SIZE);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootAlreadySet.selector, root));
        adapter.setRoot(root, validUntil, signers, signatures);
    }

    function test_SetRoot_ByAContractMember() external {
        address owner = vm.addr(0xC0FFEE);
        FallbackContractMember safe = new FallbackContractMember(owner);
        address[] memory set = new address[](5);
        uint256[] memory keys = new uint256[](5);
        (set[0], keys[0]) = (address(safe), 0xC0FFEE);
        for (uint256 i = 1; i < 5; ++i) {
            (set[i], keys[i]) = (members[i - 1], pks[i - 1]);
        }
        // Keep the set ascending: the contract's address is compared like any other.
        _sortPairs(set, keys);
        CouncilFallbackAdapter withSafe =
            new CouncilFallbackAdapter(receiverAsTarget(), HUB_CHAIN_ID, hub, set, 3, 0, 2);
        bytes32 root = keccak256("root");
        bytes32 digest = withSafe.rootDigest(root, validUntil, 0);
        (address[] memory signers, bytes[] memory signatures) = signAs(digest, set, keys, firstMembers(5));
        withSafe.setRoot(root, validUntil, signers, signatures);
        assertEq(uint8(withSafe.rootState(root).authority), uint8(ICouncilRoots.RootAuthority.Full));
    }

    // ---------------------------------------------------------------- executeLeaf

    function test_ExecuteLeaf_ForwardsTheProvenMessage() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        _setRoot(root, EMERGENCY_THRESHOLD);
        bytes32 id = _id(pause);
        vm.expectEmit(address(adapter));
        emit ICouncilRoots.RootLeafExecuted(root, id);
        vm.expectEmit(address(adapter));
        emit IBridgeAdapter.MessageForwarded(id, HUB_CHAIN_ID, address(receiver));
        vm.prank(relayer);
        assertEq(adapter.executeLeaf(root, pause, proof), id);
        (address confirmedBy, uint96 count) = _confirmations(id);
        assertEq(confirmedBy, address(adapter));
        assertEq(count, 1);
    }

    function test_ExecuteLeaf_FullRootCarriesUpgradesAndUnpauses() external {
        bytes memory upgrade = _messageOf(UpgradePayload.KIND_UPGRADE, 1, uint64(block.chainid));
        bytes memory unpause = _messageOf(UpgradePayload.KIND_UNPAUSE, 2, uint64(block.chainid));
        uint256[] memory chainIds = new uint256[](2);
        bytes[] memory messages = new bytes[](2);
        (chainIds[0], messages[0], chainIds[1], messages[1]) =
        (block.chainid, upgrade, block.chainid, unpause);
        bytes32[] memory leaves = _leaves(chainIds, messages);
        bytes32 root = RootTree.root(leaves);
        _setRoot(root, THRESHOLD);
        adapter.executeLeaf(root, upgrade, RootTree.proof(leaves, 0));
        adapter.executeLeaf(root, unpause, RootTree.proof(leaves, 1));
        (address upgradedBy,) = _confirmations(_id(upgrade));
        (address unpausedBy,) = _confirmations(_id(unpause));
        assertEq(upgradedBy, address(adapter));
        assertEq(unpausedBy, address(adapter));
    }

    function test_RevertWhen_PauseOnlyRootCarriesAnUpgrade() external {
        _assertPauseOnlyRefuses(UpgradePayload.KIND_UPGRADE);
    }

    function test_RevertWhen_PauseOnlyRootCarriesAnUnpause() external {
        _assertPauseOnlyRefuses(UpgradePayload.KIND_UNPAUSE);
    }

    function test_RevertWhen_LeafIsForAnotherChain() external {
        // The same message, proven for chain 10, is refused here.
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        uint256[] memory chainIds = new uint256[](2);
        bytes[] memory messages = new bytes[](2);
        (chainIds[0], messages[0], chainIds[1], messages[1]) = (OTHER_CHAIN, pause, OTHER_CHAIN, pause);
        bytes32[] memory leaves = _leaves(chainIds, messages);
        bytes32 root = RootTree.root(leaves);
        _setRoot(root, THRESHOLD);
        bytes32[] memory proof = RootTree.proof(leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootLeafNotProven.selector, root, _id(pause)));
        adapter.executeLeaf(root, pause, proof);
    }

    function test_RevertWhen_LeafNamesThisChainButTheMessageAnother() external {
        bytes memory elsewhere = _messageOf(UpgradePayload.KIND_PAUSE, 1, OTHER_CHAIN);
        (bytes32 root, bytes32[] memory proof) = _treeWith(elsewhere);
        _setRoot(root, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterWrongDestination.selector, OTHER_CHAIN, block.chainid
            )
        );
        adapter.executeLeaf(root, elsewhere, proof);
    }

    function test_RevertWhen_LeafIsForAnotherAdapter() external {
        CouncilFallbackAdapter other = _deploy(members, THRESHOLD);
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        _setRoot(root, THRESHOLD);
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(other, root, validUntil, members, pks, THRESHOLD);
        other.setRoot(root, validUntil, signers, signatures);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootLeafNotProven.selector, root, _id(pause)));
        other.executeLeaf(root, pause, proof);
    }

    function test_RevertWhen_RootNotSet() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootNotSet.selector, root));
        adapter.executeLeaf(root, pause, proof);
    }

    function test_RevertWhen_RootExpiredAtExecution() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        _setRoot(root, THRESHOLD);
        vm.warp(uint256(validUntil) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootExpired.selector, root, validUntil, block.timestamp)
        );
        adapter.executeLeaf(root, pause, proof);
        vm.warp(validUntil);
        adapter.executeLeaf(root, pause, proof);
    }

    function test_RevertWhen_ProofLongerThanTheMaximum() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root,) = _treeWith(pause);
        _setRoot(root, THRESHOLD);
        bytes32[] memory proof = new bytes32[](33);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootProofTooLong.selector, 33, 32));
        adapter.executeLeaf(root, pause, proof);
    }

    function test_RevertWhen_MessageIsMalformed() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        _setRoot(root, THRESHOLD);
        bytes memory truncated = new bytes(pause.length - 32);
        for (uint256 i; i < truncated.length; ++i) {
            truncated[i] = pause[i];
        }
        vm.expectPartialRevert(IBridgeAdapter.AdapterMalformedMessage.selector);
        adapter.executeLeaf(root, truncated, proof);
    }

    // ---------------------------------------------------------------- revocation and rotation

    function test_RevokeRoot_StopsItsLeaves() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        _setRoot(root, THRESHOLD);
        (address[] memory signers, bytes[] memory signatures) =
            revokeBy(adapter, root, members, pks, EMERGENCY_THRESHOLD);
        vm.expectEmit(address(adapter));
        emit ICouncilRoots.RootRevoked(root, EMERGENCY_THRESHOLD);
        adapter.revokeRoot(root, signers, signatures);
        assertTrue(adapter.rootState(root).revoked);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootIsRevoked.selector, root));
        adapter.executeLeaf(root, pause, proof);
    }

    function test_RevokeRoot_BeforeItIsSet() external {
        bytes32 root = keccak256("leaked");
        (address[] memory signers, bytes[] memory signatures) =
            revokeBy(adapter, root, members, pks, EMERGENCY_THRESHOLD);
        adapter.revokeRoot(root, signers, signatures);
        (signers, signatures) = rootBy(adapter, root, validUntil, members, pks, SIZE);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootIsRevoked.selector, root));
        adapter.setRoot(root, validUntil, signers, signatures);
    }

    function test_RevertWhen_RevocationBelowTheEmergencyQuorum() external {
        bytes32 root = keccak256("root");
        (address[] memory signers, bytes[] memory signatures) =
            revokeBy(adapter, root, members, pks, EMERGENCY_THRESHOLD - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFallbackAdapter.FallbackThresholdNotMet.selector,
                EMERGENCY_THRESHOLD - 1,
                EMERGENCY_THRESHOLD
            )
        );
        adapter.revokeRoot(root, signers, signatures);
    }

    function test_RevertWhen_RevokedTwice() external {
        bytes32 root = keccak256("root");
        (address[] memory signers, bytes[] memory signatures) =
            revokeBy(adapter, root, members, pks, EMERGENCY_THRESHOLD);
        adapter.revokeRoot(root, signers, signatures);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootIsRevoked.selector, root));
        adapter.revokeRoot(root, signers, signatures);
    }

    function test_RevertWhen_RootSetBeforeARotation() external {
        bytes memory pause = _messageOf(UpgradePayload.KIND_PAUSE, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(pause);
        _setRoot(root, THRESHOLD);
        // The same members rotate to a new threshold: every root they signed before is retired.
        (address[] memory signers, bytes[] memory signatures) =
            rotateBy(adapter, members, 6, members, pks, THRESHOLD);
        adapter.rotateMembers(members, 6, 0, signers, signatures);
        vm.expectRevert(abi.encodeWithSelector(ICouncilRoots.RootMembersRotated.selector, root, 0, 1));
        adapter.executeLeaf(root, pause, proof);
        // The old signatures name nonce 0 and do not set it again; the new set can.
        (signers, signatures) = signAs(adapter.rootDigest(root, validUntil, 0), members, pks, firstMembers(6));
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );
        adapter.setRoot(root, validUntil, signers, signatures);
        _setRoot(root, 6);
        adapter.executeLeaf(root, pause, proof);
    }

    // ---------------------------------------------------------------- domains

    function test_RootDigestIsTheSameOnEveryChainAndTheLeafIsNot() external {
        bytes32 root = keccak256("root");
        bytes32 digest = adapter.rootDigest(root, validUntil, 0);
        bytes32 leaf = adapter.rootLeaf(block.chainid, root);
        vm.chainId(OTHER_CHAIN);
        assertEq(adapter.rootDigest(root, validUntil, 0), digest, "one signature for every chain");
        assertEq(adapter.rootLeaf(block.chainid, root) == leaf, false, "a leaf per chain");
        assertEq(
            adapter.rootDomainSeparator(),
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version)"),
                    keccak256("Lockstep Council Root"),
                    keccak256("1")
                )
            )
        );
        assertTrue(adapter.rootDomainSeparator() != adapter.domainSeparator(), "apart from ratifications");
    }

    // ---------------------------------------------------------------- fuzz

    function testFuzz_ExecuteLeaf_AnyLeafOfAnyTree(uint8 size, uint8 index) external {
        size = uint8(bound(size, 1, 40));
        index = uint8(bound(index, 0, size - 1));
        uint256[] memory chainIds = new uint256[](size);
        bytes[] memory messages = new bytes[](size);
        for (uint256 i; i < size; ++i) {
            chainIds[i] = i == index ? block.chainid : OTHER_CHAIN + i;
            messages[i] = _messageOf(UpgradePayload.KIND_PAUSE, uint64(i), uint64(chainIds[i]));
        }
        bytes32[] memory leaves = _leaves(chainIds, messages);
        bytes32 root = RootTree.root(leaves);
        _setRoot(root, EMERGENCY_THRESHOLD);
        adapter.executeLeaf(root, messages[index], RootTree.proof(leaves, index));
        (address confirmedBy,) = _confirmations(_id(messages[index]));
        assertEq(confirmedBy, address(adapter));
    }

    function testFuzz_RevertWhen_ProofIsTampered(uint8 size, uint8 index, uint256 word, uint8 bit) external {
        size = uint8(bound(size, 2, 40));
        index = uint8(bound(index, 0, size - 1));
        uint256[] memory chainIds = new uint256[](size);
        bytes[] memory messages = new bytes[](size);
        for (uint256 i; i < size; ++i) {
            chainIds[i] = block.chainid;
            messages[i] = _messageOf(UpgradePayload.KIND_PAUSE, uint64(i), uint64(block.chainid));
        }
        bytes32[] memory leaves = _leaves(chainIds, messages);
        bytes32 root = RootTree.root(leaves);
        _setRoot(root, THRESHOLD);
        bytes32[] memory proof = RootTree.proof(leaves, index);
        word = bound(word, 0, proof.length - 1);
        proof[word] ^= bytes32(uint256(1) << bit);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootLeafNotProven.selector, root, _id(messages[index]))
        );
        adapter.executeLeaf(root, messages[index], proof);
    }

    function testFuzz_AuthorityFollowsTheSignerCount(uint8 count, uint8 kind) external {
        count = uint8(bound(count, 1, SIZE));
        kind = uint8(bound(kind, UpgradePayload.KIND_UPGRADE, UpgradePayload.KIND_UNPAUSE));
        bytes memory message = _messageOf(kind, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(message);
        (address[] memory signers, bytes[] memory signatures) =
            rootBy(adapter, root, validUntil, members, pks, count);
        (bool set,) =
            address(adapter).call(abi.encodeCall(adapter.setRoot, (root, validUntil, signers, signatures)));
        assertEq(set, count >= EMERGENCY_THRESHOLD, "set iff an emergency quorum signed");
        (bool forwarded,) = address(adapter).call(abi.encodeCall(adapter.executeLeaf, (root, message, proof)));
        bool allowed =
            count >= THRESHOLD || (count >= EMERGENCY_THRESHOLD && kind == UpgradePayload.KIND_PAUSE);
        assertEq(forwarded, allowed, "a pause needs the emergency quorum, anything else the threshold");
    }

    // ---------------------------------------------------------------- helpers

    function _assertPauseOnlyRefuses(uint8 kind) private {
        bytes memory message = _messageOf(kind, 1, uint64(block.chainid));
        (bytes32 root, bytes32[] memory proof) = _treeWith(message);
        _setRoot(root, EMERGENCY_THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(ICouncilRoots.RootAuthorityTooLow.selector, root, _id(message), kind)
        );
        adapter.executeLeaf(root, message, proof);
    }

    function receiverAsTarget() private view returns (IMessageReceiver) {
        return IMessageReceiver(address(receiver));
    }

    /// @dev Sorts `set` ascending, moving each key with its address.
    function _sortPairs(address[] memory set, uint256[] memory keys) private pure {
        for (uint256 i = 1; i < set.length; ++i) {
            for (uint256 j = i; j > 0 && set[j] < set[j - 1]; --j) {
                (set[j], set[j - 1]) = (set[j - 1], set[j]);
                (keys[j], keys[j - 1]) = (keys[j - 1], keys[j]);
            }
        }
    }
}
