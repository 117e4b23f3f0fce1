// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {AdapterBehaviour} from "./AdapterBehaviour.t.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";

/// @notice `GuardianAdapter.deliver` with valid signatures over a message whose envelope is wrong
/// (origin, destination, receiver, version, layout: the shared `AdapterBehaviour` suite, proven by
/// an 8-of-15 quorum), and attestations replayed across a chain fork.
contract GuardianAdapterEnvelopeTest is GuardianAdapterFixture, AdapterBehaviour {
    function _adapterUnderTest() internal view override returns (IBridgeAdapter) {
        return adapter;
    }

    /// @dev Signs `messageId` with a quorum of set 0 and delivers `encodedMessage` as the relayer.
    function _submitProven(bytes memory encodedMessage, bytes32 messageId, bytes memory reason)
        internal
        override
        returns (bytes32)
    {
        IGuardianAdapter.GuardianSignature[] memory signatures = sign(adapter, messageId, pks, QUORUM);
        if (reason.length != 0) vm.expectRevert(reason);
        vm.prank(relayer);
        return adapter.deliver(encodedMessage, 0, keys, signatures);
    }

    /// @dev After a chain split, attestations made under the old chain id's domain are worthless:
    /// the domain separator follows `block.chainid`, so the digest (and the recovered signers) change.
    function test_RevertWhen_ReplayedAfterChainFork() external {
        uint64 forkChainId = 999;
        MessageCodec.Message memory message = _message(1);
        message.dstChainId = forkChainId; // addressed to the fork's chain id, signed under the old domain
        bytes32 messageId = MessageCodec.id(message);
        bytes32 oldDomain = adapter.domainSeparator();
        IGuardianAdapter.GuardianSignature[] memory signatures = sign(adapter, messageId, pks, QUORUM);

        vm.chainId(forkChainId);
        assertTrue(adapter.domainSeparator() != oldDomain, "domain follows the chain id");
        bytes32 digest = adapter.attestationDigest(messageId);
        address recovered = ecrecover(digest, signatures[0].v, signatures[0].r, signatures[0].s);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSignatureWrongSigner.selector, 0, recovered, keys[0]
            )
        );
        adapter.deliver(MessageCodec.encode(message), 0, keys, signatures);
    }

    function test_Deliver_SignedUnderForkDomainAfterFork() external {
        vm.chainId(999);
        MessageCodec.Message memory message = _message(1);
        _deliver(message, QUORUM);
        _assertConfirmed(MessageCodec.id(message), 1);
    }
}
