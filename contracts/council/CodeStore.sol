// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title CodeStore
/// @notice Stores a byte string as the code of contracts this library deploys, and reads it back.
/// @dev Why: the council keeps each proposal's exact timelock call. As storage words that costs
/// ~22,100 gas per 32 bytes (a 128-chain upgrade: ~30M gas, over Ethereum's 2^24 per-transaction
/// cap); as code it costs 200 gas per byte plus 32,000 per contract (~3.4x cheaper), and reading
/// it back is one cold EXTCODECOPY per chunk instead of one cold SLOAD per word.
/// @dev Trust model:
/// - Each chunk is deployed by the calling contract with CREATE, so only that contract chooses
///   what is written, and the chunk's address (from the caller's nonce) cannot be taken in advance.
/// - A chunk's code is a STOP byte followed by the data: calling it does nothing, and it has no
///   SELFDESTRUCT or any other instruction that runs, so the code behind a stored address never changes.
/// - The caller keeps the chunk addresses; a chunk is only ever read through them.
library CodeStore {
    /// @notice Most data bytes in one chunk: EIP-170's code size limit minus the leading STOP.
    uint256 internal constant CHUNK_SIZE = 24_575;

    /// @notice A chunk could not be deployed (out of gas, or an address already in use).
    error CodeStoreWriteFailed(uint256 chunk);

    /// @notice Deploys `data` as the code of ceil(length / CHUNK_SIZE) contracts (none for empty data).
    /// @return chunks the contracts holding `data`, in order
    function write(bytes memory data) internal returns (address[] memory chunks) {
        uint256 length = data.length;
        uint256 count = (length + CHUNK_SIZE - 1) / CHUNK_SIZE;
        chunks = new address[](count);
        for (uint256 i; i < count; ++i) {
            uint256 start = i * CHUNK_SIZE;
            uint256 size = length - start < CHUNK_SIZE ? length - start : CHUNK_SIZE;
            address chunk;
            assembly ("memory-safe") {
                // Init code (10 bytes): PUSH2 (size + 1), DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY,
                // RETURNDATASIZE, RETURN: returns the 1 + size bytes after itself as the code, which
                // are a STOP (byte 10, left zero by the mstore) and the chunk's data.
                // Scratch memory past the free pointer, used only by this CREATE.
                let init := mload(0x40)
                mstore(init, or(or(shl(248, 0x61), shl(232, add(size, 1))), shl(176, 0x80600a3d393df3)))
                mcopy(add(init, 11), add(add(data, 0x20), start), size)
                chunk := create(0, init, add(size, 11))
            }
            if (chunk == address(0)) revert CodeStoreWriteFailed(i);
            chunks[i] = chunk;
        }
    }

    /// @notice The bytes `write` stored in `chunks`, concatenated.
    function read(address[] memory chunks) internal view returns (bytes memory data) {
        uint256 count = chunks.length;
        uint256 length;
        for (uint256 i; i < count; ++i) {
            length += chunks[i].code.length - 1;
        }
        data = new bytes(length);
        uint256 offset;
        for (uint256 i; i < count; ++i) {
            address chunk = chunks[i];
            uint256 size = chunk.code.length - 1;
            assembly ("memory-safe") {
                extcodecopy(chunk, add(add(data, 0x20), offset), 1, size)
            }
            offset += size;
        }
    }
}
