// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MessageCodec
/// @notice The one wire format of Lockstep's cross-chain messages, and their identity.
/// @dev A message's id is its EIP-712 struct hash (`hashStruct(Message)`), so it is the same on
/// every chain, commits to every field (payload by hash), and is exactly what a guardian's
/// EIP-712 attestation signs under the destination chain's domain. Decoding is kept apart from
/// verifying: nothing here checks origin, destination or signatures.
library MessageCodec {
    /// @notice Wire format version carried in every message.
    uint8 internal constant VERSION = 1;

    /// @notice EIP-712 type of a message; its struct hash is the message id.
    bytes32 internal constant MESSAGE_TYPEHASH = keccak256(
        "Message(uint8 version,uint64 nonce,uint64 srcChainId,uint64 dstChainId,address sender,address receiver,bytes32 payloadHash)"
    );

    /// @notice A message from the hub (`sender` on `srcChainId`) to a receiver on `dstChainId`.
    struct Message {
        uint8 version;
        uint64 nonce;
        uint64 srcChainId;
        uint64 dstChainId;
        address sender;
        address receiver;
        bytes payload;
    }

    /// @dev The encoded message carries a version this codec does not speak.
    error MessageCodecUnsupportedVersion(uint8 version);

    /// @notice ABI-encodes a message for transport.
    function encode(Message memory message) internal pure returns (bytes memory) {
        return abi.encode(message);
    }

    /// @notice Decodes a transported message and refuses unknown versions.
    function decode(bytes calldata encoded) internal pure returns (Message memory message) {
        message = abi.decode(encoded, (Message));
        if (message.version != VERSION) revert MessageCodecUnsupportedVersion(message.version);
    }

    /// @notice The message id: the EIP-712 struct hash of `message`.
    function id(Message memory message) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                MESSAGE_TYPEHASH,
                message.version,
                message.nonce,
                message.srcChainId,
                message.dstChainId,
                message.sender,
                message.receiver,
                keccak256(message.payload)
            )
        );
    }
}
