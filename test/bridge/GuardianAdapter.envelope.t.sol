// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";

/// @notice `GuardianAdapter.deliver` with valid signatures over a message whose envelope is wrong
/// (origin, destination, receiver, version), and attestations replayed across a chain fork.
contract GuardianAdapterEnvelopeTest is GuardianAdapterFixture {
    function test_RevertWhen_WrongDestination() external {
        MessageCodec.Message memory message = _message(1);
        message.dstChainId = 10;
        _deliverReverts(
            message,
            QUORUM,
            abi.encodeWithSelector(IBridgeAdapter.AdapterWrongDestination.selector, 10, block.chainid)
        );
    }

    function test_RevertWhen_UntrustedSourceChain() external {
        MessageCodec.Message memory message = _message(1);
        message.srcChainId = 5;
        _deliverReverts(
            message, QUORUM, abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, 5, hub)
        );
    }

    function test_RevertWhen_UntrustedSender() external {
        MessageCodec.Message memory message = _message(1);
        message.sender = relayer;
        _deliverReverts(
            message,
            QUORUM,
            abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, HUB_CHAIN_ID, relayer)
        );
    }

    function test_RevertWhen_WrongReceiver() external {
        MessageCodec.Message memory message = _message(1);
        message.receiver = relayer;
        _deliverReverts(
            message,
            QUORUM,
            abi.encodeWithSelector(IBridgeAdapter.AdapterWrongReceiver.selector, relayer, address(receiver))
        );
    }

    function test_RevertWhen_UnsupportedVersion() external {
        MessageCodec.Message memory message = _message(1);
        message.version = 2;
        bytes memory encoded = MessageCodec.encode(message);
        IGuardianAdapter.GuardianSignature[] memory signatures =
            sign(adapter, MessageCodec.id(message), pks, QUORUM);
        vm.expectRevert(abi.encodeWithSelector(MessageCodec.MessageCodecUnsupportedVersion.selector, 2));
        adapter.deliver(encoded, 0, keys, signatures);
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

    /// forge-config: default.fuzz.runs = 64
    function testFuzz_RevertWhen_EnvelopeNotTrusted(uint64 srcChainId, address sender, uint64 dstChainId)
        external
    {
        vm.assume(srcChainId != HUB_CHAIN_ID || sender != hub);
        MessageCodec.Message memory message = _message(1);
        (message.srcChainId, message.sender, message.dstChainId) = (srcChainId, sender, dstChainId);
        _deliverReverts(
            message,
            QUORUM,
            abi.encodeWithSelector(IBridgeAdapter.AdapterUntrustedOrigin.selector, srcChainId, sender)
        );
    }
}
