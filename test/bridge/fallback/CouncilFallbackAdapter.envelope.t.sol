// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../../contracts/bridge/MessageCodec.sol";
import {CouncilFallbackAdapter} from "../../../contracts/bridge/adapters/fallback/CouncilFallbackAdapter.sol";
import {IBridgeAdapter} from "../../../contracts/interfaces/IBridgeAdapter.sol";
import {IFallbackAdapter} from "../../../contracts/interfaces/IFallbackAdapter.sol";
import {FallbackContractMember} from "../../utils/FallbackContractMember.sol";
import {AdapterBehaviour} from "../AdapterBehaviour.t.sol";
import {CouncilFallbackAdapterFixture} from "./CouncilFallbackAdapterFixture.sol";

/// @notice `ratify` scope: only hub messages for this chain's receiver (BaseAdapter's envelope: the
/// shared `AdapterBehaviour` suite, ratified by every member), signatures bound to the chain (fork
/// replay), and contract (ERC-1271) members.
contract CouncilFallbackAdapterEnvelopeTest is CouncilFallbackAdapterFixture, AdapterBehaviour {
    function _adapterUnderTest() internal view override returns (IBridgeAdapter) {
        return adapter;
    }

    /// @dev Every member ratifies `messageId`; the relayer submits `encodedMessage`.
    function _submitProven(bytes memory encodedMessage, bytes32 messageId, bytes memory reason)
        internal
        override
        returns (bytes32)
    {
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, messageId, members, pks, SIZE);
        if (reason.length != 0) vm.expectRevert(reason);
        vm.prank(relayer);
        return adapter.ratify(encodedMessage, signers, signatures);
    }

    /// @dev Ratifications made on chain A are refused after a fork moves the adapter to chain B,
    /// by the signature check itself (the domain names the chain id); re-signed on B, the
    /// envelope still names A and is refused.
    function test_RevertWhen_ChainForked() public {
        uint256 chainA = block.chainid;
        uint64 chainB = uint64(chainA) + 1000;
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        bytes32 digestA = adapter.ratificationDigest(messageId);
        (address[] memory signers, bytes[] memory signatures) =
            ratifyBy(adapter, messageId, members, pks, THRESHOLD);

        vm.chainId(chainB);
        assertTrue(adapter.ratificationDigest(messageId) != digestA, "digest depends on the chain");
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, 0, members[0])
        );

        (signers, signatures) = ratifyBy(adapter, messageId, members, pks, THRESHOLD);
        _ratifyReverts(
            message,
            signers,
            signatures,
            abi.encodeWithSelector(IBridgeAdapter.AdapterWrongDestination.selector, chainA, chainB)
        );
        (, uint96 count) = _confirmations(messageId);
        assertEq(count, 0, "nothing forwarded");
    }

    /// @dev A contract member (a Safe, say) signs through ERC-1271.
    function test_Ratify_ContractMember() public {
        (CouncilFallbackAdapter withContract, address[] memory set, uint256 position, uint256 ownerPk) =
            _deployWithContractMember();
        MessageCodec.Message memory message = _message(1);
        bytes32 messageId = MessageCodec.id(message);
        bytes32 digest = withContract.ratificationDigest(messageId);
        (address[] memory signers, bytes[] memory signatures) =
            _signWithContract(digest, set, position, ownerPk);

        vm.expectEmit(address(withContract));
        emit IFallbackAdapter.MessageRatified(messageId, THRESHOLD);
        withContract.ratify(MessageCodec.encode(message), signers, signatures);
        (address confirmedBy,) = _confirmations(messageId);
        assertEq(confirmedBy, address(withContract), "forwarded");
    }

    /// @dev A contract member's ERC-1271 refusal is reported at its position.
    function test_RevertWhen_ContractMemberRefuses() public {
        (CouncilFallbackAdapter withContract, address[] memory set, uint256 position,) =
            _deployWithContractMember();
        MessageCodec.Message memory message = _message(1);
        bytes32 digest = withContract.ratificationDigest(MessageCodec.id(message));
        (, uint256 strangerPk) = makeAddrAndKey("stranger");
        (address[] memory signers, bytes[] memory signatures) =
            _signWithContract(digest, set, position, strangerPk);
        uint256 at = _indexOf(signers, set[position]);

        bytes memory encoded = MessageCodec.encode(message);
        vm.expectRevert(
            abi.encodeWithSelector(IFallbackAdapter.FallbackSignatureInvalid.selector, at, set[position])
        );
        withContract.ratify(encoded, signers, signatures);
    }

    /// @dev A 5-of-9 adapter whose set is the first eight EOA members plus a contract member.
    function _deployWithContractMember()
        private
        returns (CouncilFallbackAdapter deployed, address[] memory set, uint256 position, uint256 ownerPk)
    {
        address owner;
        (owner, ownerPk) = makeAddrAndKey("safe-owner");
        address wallet = address(new FallbackContractMember(owner));
        set = new address[](SIZE);
        for (uint256 i; i < SIZE - 1; ++i) {
            set[i] = members[i];
        }
        set[SIZE - 1] = wallet;
        for (uint256 i = SIZE - 1; i > 0 && set[i - 1] > set[i]; --i) {
            (set[i - 1], set[i]) = (set[i], set[i - 1]);
        }
        position = _indexOf(set, wallet);
        deployed = _deploy(set, THRESHOLD);
    }

    /// @dev Four EOA members (the first four of `members`) and the contract member, in address order;
    /// the contract's signature is made with `contractPk`.
    function _signWithContract(bytes32 digest, address[] memory set, uint256 position, uint256 contractPk)
        private
        view
        returns (address[] memory signers, bytes[] memory signatures)
    {
        signers = new address[](THRESHOLD);
        signatures = new bytes[](THRESHOLD);
        for (uint256 i; i < THRESHOLD - 1; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(pks[i], digest);
            (signers[i], signatures[i]) = (members[i], abi.encodePacked(r, s, v));
        }
        (uint8 cv, bytes32 cr, bytes32 cs) = vm.sign(contractPk, digest);
        (signers[THRESHOLD - 1], signatures[THRESHOLD - 1]) = (set[position], abi.encodePacked(cr, cs, cv));
        for (uint256 i = THRESHOLD - 1; i > 0 && signers[i - 1] > signers[i]; --i) {
            (signers[i - 1], signers[i]) = (signers[i], signers[i - 1]);
            (signatures[i - 1], signatures[i]) = (signatures[i], signatures[i - 1]);
        }
    }

    function _indexOf(address[] memory list, address account) private pure returns (uint256 i) {
        while (list[i] != account) ++i;
    }
}
