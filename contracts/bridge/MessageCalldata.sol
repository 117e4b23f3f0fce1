// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "./MessageCodec.sol";
import {UpgradePayload} from "./UpgradePayload.sol";

/// @title MessageCalldata
/// @notice Reads a hub message and its upgrade payload in place, from calldata, without copying
/// them to memory: the adapters' delivery (id and route, through `BaseAdapter`) and the
/// UpgradeReceiver's two hot paths (queue and execute).
/// @dev Trust model: this library verifies nothing about who sent a message; it only parses.
/// Why the parse is safe:
/// - The hub encodes with `abi.encode` (`MessageCodec.encode`, `UpgradePayload.encodeUpgrade`),
///   whose output is canonical. This reader accepts the canonical layout: every fixed offset
///   word must hold its canonical value, every value must be clean for its type (no high bits),
///   and every length and offset is bounds-checked against the enclosing byte string before a
///   word is read. For canonical input it returns exactly what `abi.decode` returns; any other
///   input reverts with the caller's own error `malformed(uint256 position)` (each component
///   raises its own: `AdapterMalformedMessage`, `ReceiverMalformedMessage`), or with the codecs'
///   version and kind errors, so it never reads outside the caller's byte string.
/// - The id is computed exactly as `MessageCodec.id` (EIP-712 struct hash over the same seven
///   fields, payload by keccak), so the adapters and the receiver agree on it. Queue and execute
///   read through the same functions, so they can never disagree on what a message says.
library MessageCalldata {
    /// @dev Message: offset word, 6 fixed fields, payload offset, payload length.
    uint256 private constant MESSAGE_HEAD = 0x120;
    /// @dev Canonical offset of `payload` inside the message tuple (7 head words).
    uint256 private constant PAYLOAD_OFFSET = 0xe0;
    /// @dev Payload: kind, body offset, body length.
    uint256 private constant PAYLOAD_HEAD = 0x60;
    /// @dev Canonical offset of `body` inside the payload tuple (2 head words).
    uint256 private constant BODY_OFFSET = 0x40;
    /// @dev Upgrade body: offset word, proposalId, activationTime, actions offset, actions length.
    uint256 private constant UPGRADE_HEAD = 0xa0;
    /// @dev Canonical offset of `actions` inside the Upgrade tuple (3 head words).
    uint256 private constant ACTIONS_OFFSET = 0x60;
    /// @dev One action's head: proxy, previous implementation, implementation, codehash, data
    /// offset, data length.
    uint256 private constant ACTION_HEAD = 0xc0;
    /// @dev Canonical offset of `data` inside an UpgradeAction tuple (5 head words).
    uint256 private constant DATA_OFFSET = 0xa0;

    /// @notice The message id (`MessageCodec.id`) and the payload, read in place.
    /// @dev Validates the whole message envelope: version, clean fields, canonical offsets and a
    /// payload inside `encoded`. Uses free memory as scratch for hashing, without allocating.
    /// @param malformed selector of the caller's `(uint256 position)` error for a non-canonical layout
    function messageId(bytes calldata encoded, bytes4 malformed)
        internal
        pure
        returns (bytes32 id, bytes calldata payload)
    {
        bytes32 typehash = MessageCodec.MESSAGE_TYPEHASH;
        uint256 version;
        assembly ("memory-safe") {
            function fail(selector, position) {
                mstore(0, selector)
                mstore(4, position)
                revert(0, 0x24)
            }
            let start := encoded.offset
            let length := encoded.length
            if lt(length, MESSAGE_HEAD) { fail(malformed, length) }
            if iszero(eq(calldataload(start), 0x20)) { fail(malformed, 0) }
            version := calldataload(add(start, 0x20))
            if shr(8, version) { fail(malformed, 0x20) }
            // nonce, srcChainId, dstChainId: uint64; sender, receiver: address.
            if shr(64, calldataload(add(start, 0x40))) { fail(malformed, 0x40) }
            if shr(64, calldataload(add(start, 0x60))) { fail(malformed, 0x60) }
            if shr(64, calldataload(add(start, 0x80))) { fail(malformed, 0x80) }
            if shr(160, calldataload(add(start, 0xa0))) { fail(malformed, 0xa0) }
            if shr(160, calldataload(add(start, 0xc0))) { fail(malformed, 0xc0) }
            if iszero(eq(calldataload(add(start, 0xe0)), PAYLOAD_OFFSET)) { fail(malformed, 0xe0) }
            let payloadLength := calldataload(add(start, 0x100))
            // No underflow: length >= MESSAGE_HEAD.
            if gt(payloadLength, sub(length, MESSAGE_HEAD)) { fail(malformed, 0x100) }
            payload.offset := add(start, MESSAGE_HEAD)
            payload.length := payloadLength

            // Scratch past the free memory pointer (never allocated): the typehash, the six
            // fixed fields exactly as they sit in calldata (clean, checked above), then
            // keccak256(payload) in the seventh field's place: the layout `MessageCodec.id` hashes.
            let ptr := mload(0x40)
            mstore(ptr, typehash)
            calldatacopy(add(ptr, 0x20), add(start, 0x20), 0xc0)
            calldatacopy(add(ptr, 0x100), add(start, MESSAGE_HEAD), payloadLength)
            mstore(add(ptr, 0xe0), keccak256(add(ptr, 0x100), payloadLength))
            id := keccak256(ptr, 0x100)
        }
        if (version != MessageCodec.VERSION) {
            revert MessageCodec.MessageCodecUnsupportedVersion(uint8(version));
        }
    }

    /// @notice The route fields of an envelope already validated by {messageId}.
    function route(bytes calldata encoded)
        internal
        pure
        returns (uint64 nonce, uint64 srcChainId, uint64 dstChainId, address sender, address receiver)
    {
        // The words are clean for their types: {messageId} checked them.
        assembly ("memory-safe") {
            let start := encoded.offset
            nonce := calldataload(add(start, 0x40))
            srcChainId := calldataload(add(start, 0x60))
            dstChainId := calldataload(add(start, 0x80))
            sender := calldataload(add(start, 0xa0))
            receiver := calldataload(add(start, 0xc0))
        }
    }

    /// @notice Splits a payload into its kind and body (as `UpgradePayload.kindOf`), in place.
    function kindOf(bytes calldata payload, bytes4 malformed)
        internal
        pure
        returns (uint8 kind, bytes calldata body)
    {
        uint256 rawKind;
        assembly ("memory-safe") {
            function fail(selector, position) {
                mstore(0, selector)
                mstore(4, position)
                revert(0, 0x24)
            }
            let start := payload.offset
            let length := payload.length
            if lt(length, PAYLOAD_HEAD) { fail(malformed, length) }
            rawKind := calldataload(start)
            if shr(8, rawKind) { fail(malformed, 0) }
            if iszero(eq(calldataload(add(start, 0x20)), BODY_OFFSET)) { fail(malformed, 0x20) }
            let bodyLength := calldataload(add(start, 0x40))
            // No underflow: length >= PAYLOAD_HEAD.
            if gt(bodyLength, sub(length, PAYLOAD_HEAD)) { fail(malformed, 0x40) }
            body.offset := add(start, PAYLOAD_HEAD)
            body.length := bodyLength
        }
        kind = uint8(rawKind);
        if (kind < UpgradePayload.KIND_UPGRADE || kind > UpgradePayload.KIND_CANARY) {
            revert UpgradePayload.UpgradePayloadUnknownKind(kind);
        }
    }

    /// @notice The fixed fields of a KIND_UPGRADE body and its number of actions.
    /// @dev Does not bound `count`: the caller checks it against MAX_ACTIONS_PER_CHAIN, and
    /// {action} bounds-checks every head it reads.
    function upgradeHeader(bytes calldata body, bytes4 malformed)
        internal
        pure
        returns (bytes32 proposalId, uint40 activationTime, uint256 count)
    {
        assembly ("memory-safe") {
            function fail(selector, position) {
                mstore(0, selector)
                mstore(4, position)
                revert(0, 0x24)
            }
            let start := body.offset
            let length := body.length
            if lt(length, UPGRADE_HEAD) { fail(malformed, length) }
            if iszero(eq(calldataload(start), 0x20)) { fail(malformed, 0) }
            proposalId := calldataload(add(start, 0x20))
            activationTime := calldataload(add(start, 0x40))
            if shr(40, activationTime) { fail(malformed, 0x40) }
            if iszero(eq(calldataload(add(start, 0x60)), ACTIONS_OFFSET)) { fail(malformed, 0x60) }
            count := calldataload(add(start, 0x80))
        }
    }

    /// @notice Action `index` of a KIND_UPGRADE body, its `data` left in calldata.
    /// @dev Follows the action's offset as `abi.decode` does (relative to the first head word),
    /// after checking that the head word, the action's five head words and its data all lie
    /// inside `body`. `index` must be below MAX_ACTIONS_PER_CHAIN (no overflow below).
    function action(bytes calldata body, uint256 index, bytes4 malformed)
        internal
        pure
        returns (
            address proxy,
            address previousImplementation,
            address implementation,
            bytes32 codehash,
            bytes calldata data
        )
    {
        assembly ("memory-safe") {
            function fail(selector, position) {
                mstore(0, selector)
                mstore(4, position)
                revert(0, 0x24)
            }
            let start := body.offset
            let length := body.length
            let head := add(UPGRADE_HEAD, shl(5, index))
            if gt(add(head, 0x20), length) { fail(malformed, head) }
            let offset := calldataload(add(start, head))
            // Checked first so that the additions below cannot overflow.
            if gt(offset, length) { fail(malformed, head) }
            let at := add(UPGRADE_HEAD, offset)
            if gt(add(at, ACTION_HEAD), length) { fail(malformed, head) }
            proxy := calldataload(add(start, at))
            if shr(160, proxy) { fail(malformed, at) }
            previousImplementation := calldataload(add(start, add(at, 0x20)))
            if shr(160, previousImplementation) { fail(malformed, add(at, 0x20)) }
            implementation := calldataload(add(start, add(at, 0x40)))
            if shr(160, implementation) { fail(malformed, add(at, 0x40)) }
            codehash := calldataload(add(start, add(at, 0x60)))
            if iszero(eq(calldataload(add(start, add(at, 0x80))), DATA_OFFSET)) {
                fail(malformed, add(at, 0x80))
            }
            let dataLength := calldataload(add(start, add(at, 0xa0)))
            let dataAt := add(at, ACTION_HEAD)
            // No underflow: dataAt <= length was checked above.
            if gt(dataLength, sub(length, dataAt)) { fail(malformed, add(at, 0xa0)) }
            data.offset := add(start, dataAt)
            data.length := dataLength
        }
    }
}
