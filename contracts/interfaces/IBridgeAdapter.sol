// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IBridgeAdapter
/// @notice The receiving side of one transport (guardian attestations, a council fallback, any
/// other bridge). Every adapter verifies a message by its own means, then forwards it to the
/// receiver it serves through `IMessageReceiver.confirmMessage`.
interface IBridgeAdapter {
    /// @notice Emitted when the adapter verified a message and forwarded it to its receiver.
    event MessageForwarded(bytes32 indexed messageId, uint64 indexed srcChainId, address indexed receiver);

    /// @dev The receiver, the trusted chain id or the trusted sender given at deployment is zero.
    error AdapterInvalidConfiguration(address receiver, uint64 trustedChainId, address trustedSender);
    /// @dev The adapter ran in another contract's context (delegatecall).
    error AdapterDelegateCallForbidden(address context);
    /// @dev The message is not in the canonical `abi.encode` layout the hub produces; `position` is
    /// the byte offset of the offending word.
    error AdapterMalformedMessage(uint256 position);
    /// @dev The message was sent from a chain or contract this adapter does not trust.
    error AdapterUntrustedOrigin(uint64 srcChainId, address sender);
    /// @dev The message is addressed to another chain.
    error AdapterWrongDestination(uint64 dstChainId, uint256 chainId);
    /// @dev The message is addressed to another receiver.
    error AdapterWrongReceiver(address receiver, address expected);

    /// @notice A short name of the transport, e.g. "guardian" (for logs and monitoring).
    function transport() external view returns (string memory);

    /// @notice The receiver this adapter forwards verified messages to.
    function receiver() external view returns (address);

    /// @notice The one chain and contract whose messages this adapter accepts (the hub).
    function trustedOrigin() external view returns (uint64 chainId, address sender);
}
