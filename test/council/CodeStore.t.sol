// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CodeStore} from "../../contracts/council/CodeStore.sol";
import {Test} from "forge-std/Test.sol";

/// @dev Exposes the library: the chunks it deploys are this contract's creations.
contract CodeStoreHarness {
    function write(bytes memory data) external returns (address[] memory) {
        return CodeStore.write(data);
    }

    function read(address[] memory chunks) external view returns (bytes memory) {
        return CodeStore.read(chunks);
    }
}

/// @notice What the council keeps as code reads back byte for byte, across chunk boundaries, and
/// the code holding it does nothing when called and cannot be changed.
contract CodeStoreTest is Test {
    CodeStoreHarness internal store;

    function setUp() external {
        store = new CodeStoreHarness();
    }

    function _bytes(uint256 length, uint256 seed) internal pure returns (bytes memory data) {
        data = new bytes(length);
        for (uint256 i; i < length; ++i) {
            data[i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i / 32))) >> (8 * (i % 32))));
        }
    }

    function _roundTrip(uint256 length, uint256 seed) internal returns (address[] memory chunks) {
        bytes memory data = _bytes(length, seed);
        chunks = store.write(data);
        assertEq(chunks.length, (length + CodeStore.CHUNK_SIZE - 1) / CodeStore.CHUNK_SIZE, "chunk count");
        assertEq(store.read(chunks), data, "read back byte for byte");
        for (uint256 i; i < chunks.length; ++i) {
            assertEq(uint8(chunks[i].code[0]), 0x00, "every chunk starts with STOP");
        }
    }

    function test_RoundTrip_AtEveryChunkBoundary() external {
        uint256 size = CodeStore.CHUNK_SIZE;
        uint256[7] memory lengths = [uint256(0), 1, 31, size - 1, size, size + 1, 2 * size + 33];
        for (uint256 i; i < lengths.length; ++i) {
            _roundTrip(lengths[i], i);
        }
    }

    function testFuzz_RoundTrip(uint256 length, uint256 seed) external {
        _roundTrip(bound(length, 0, 3 * CodeStore.CHUNK_SIZE), seed);
    }

    function test_AFullChunkIsTheLargestCodeEIP170Allows() external {
        address[] memory chunks = _roundTrip(CodeStore.CHUNK_SIZE, 7);
        assertEq(chunks[0].code.length, 24_576);
    }

    /// @dev The stored bytes begin with a STOP: whoever calls a chunk, with whatever data, runs
    /// nothing, changes nothing, and the code (and so what the council will schedule) stays.
    function testFuzz_CallingAChunkRunsNothingAndChangesNothing(bytes calldata callData, address caller)
        external
    {
        // Data that would be a full program if it ran: SELFDESTRUCT to the caller.
        bytes memory hostile = abi.encodePacked(hex"33ff", _bytes(100, 1));
        address[] memory chunks = store.write(hostile);
        bytes32 codehash = chunks[0].codehash;
        vm.prank(caller);
        (bool ok, bytes memory returned) = chunks[0].call(callData);
        assertTrue(ok);
        assertEq(returned.length, 0, "a STOP returns nothing");
        assertEq(chunks[0].codehash, codehash, "the code is unchanged");
        assertEq(store.read(chunks), hostile);
    }
}
