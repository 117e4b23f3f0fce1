// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {CouncilFixture} from "../utils/CouncilFixture.sol";

/// @notice EIP-712 approvals relayed in a batch by anyone.
contract SecurityCouncilSignaturesTest is CouncilFixture {
    /// secp256k1 group order, to build the high-s twin of a signature.
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    bytes32 internal id;

    function setUp() public override {
        super.setUp();
        id = _proposeUpgrade(_actions(2));
    }

    function test_ApprovalDigest_IsEip712() external view {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Lockstep Security Council"),
                keccak256("1"),
                block.chainid,
                address(council)
            )
        );
        bytes32 structHash =
            keccak256(abi.encode(keccak256("Approval(bytes32 proposalId,uint8 kind)"), id, uint8(1)));
        assertEq(council.approvalDigest(id), keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
    }

    function test_ApproveBySig_SixSignersReachThreshold() external {
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x1F8); // members 3..8
        for (uint256 i; i < signers.length; ++i) {
            vm.expectEmit(address(council));
            emit ISecurityCouncil.ProposalApproved(id, signers[i], uint8(i + 1));
        }
        vm.prank(outsider);
        council.approveBySig(id, signers, sigs);
        assertEq(council.approvals(id), 6);
        assertEq(council.proposal(id).approvalBitmap, 0x1F8);
        council.schedule(id);
    }

    function test_ApproveBySig_CombinesWithOnChainApprovals() external {
        _approveFirst(id, 2);
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0xF0);
        council.approveBySig(id, signers, sigs);
        assertEq(council.approvals(id), 6);
    }

    function test_RevertWhen_SignersNotAscending() external {
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x7);
        (signers[1], signers[2]) = (signers[2], signers[1]);
        (sigs[1], sigs[2]) = (sigs[2], sigs[1]);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilSignersNotAscending.selector, 2, signers[2])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignerDuplicated() external {
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x3);
        signers[1] = signers[0];
        sigs[1] = sigs[0];
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilSignersNotAscending.selector, 1, signers[0])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignerAlreadyApprovedOnChain() external {
        vm.prank(members[1]);
        council.approve(id);
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x7);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilAlreadyApproved.selector, id, members[1])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignerNotMember() external {
        address[] memory signers = new address[](1);
        bytes[] memory sigs = new bytes[](1);
        signers[0] = outsider;
        sigs[0] = _sign(outsiderKey, council.approvalDigest(id));
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilNotMember.selector, outsider, 1));
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignatureFromAnotherKey() external {
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x3);
        sigs[1] = _sign(keys[0], council.approvalDigest(id));
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidSignature.selector, id, signers[1])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignerTermEnded() external {
        uint40[] memory terms = _terms(9, TERM);
        terms[4] = uint40(block.timestamp) + 1 hours;
        _deploy(members, terms, 6, 4);
        id = _proposeUpgrade(_actions(1));
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x30);
        vm.warp(block.timestamp + 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilTermEnded.selector, members[4], terms[4])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignedForAnotherChain() external {
        (address[] memory signers, bytes[] memory sigs) = _signMask(id, 0x3);
        vm.chainId(block.chainid + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidSignature.selector, id, signers[0])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignedForAnotherProposal() external {
        bytes32 other = _proposeUpgrade(_actions(1));
        (address[] memory signers, bytes[] memory sigs) = _signMask(other, 0x1);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidSignature.selector, id, signers[0])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignatureMalleable() external {
        bytes32 digest = council.approvalDigest(id);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[0], digest);
        bytes32 highS = bytes32(N - uint256(s));
        uint8 flippedV = v == 27 ? 28 : 27;
        assertEq(ecrecover(digest, flippedV, r, highS), members[0]); // the twin is valid for ecrecover
        address[] memory signers = new address[](1);
        bytes[] memory sigs = new bytes[](1);
        signers[0] = members[0];
        sigs[0] = abi.encodePacked(r, highS, flippedV);
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilInvalidSignature.selector, id, members[0])
        );
        council.approveBySig(id, signers, sigs);
    }

    function test_RevertWhen_SignatureCountInvalid() external {
        (address[] memory signers,) = _signMask(id, 0x3);
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilSignatureCountInvalid.selector, 2, 1));
        council.approveBySig(id, signers, new bytes[](1));
        vm.expectRevert(abi.encodeWithSelector(ISecurityCouncil.CouncilSignatureCountInvalid.selector, 0, 0));
        council.approveBySig(id, new address[](0), new bytes[](0));
        vm.expectRevert(
            abi.encodeWithSelector(ISecurityCouncil.CouncilSignatureCountInvalid.selector, 10, 10)
        );
        council.approveBySig(id, new address[](10), new bytes[](10));
    }
}
