/**
 * What the implementation gate reads from an implementation's address alone, with no source: an
 * EIP-7702 delegation designator, OpenZeppelin Initializable's state, and SELFDESTRUCT opcodes.
 */
import { type Address, getAddress, type Hex, hexToBigInt, maxUint64 } from 'viem';
import { getStorageAt } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import { codeEnd } from './implementation-artifacts.js';

/** `keccak256(abi.encode(uint256(keccak256("openzeppelin.storage.Initializable")) - 1)) & ~0xff`. */
export const INITIALIZABLE_STORAGE_SLOT: Hex = '0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00';

/** An EIP-7702 delegated account's code is `0xef0100 ‖ address`: the address it delegates to. */
export function delegationTarget(code: Hex): Address | undefined {
  return code.length === 2 + 23 * 2 && code.toLowerCase().startsWith('0xef0100')
    ? getAddress(`0x${code.slice(8)}`)
    : undefined;
}

/**
 * Initializable's `_initialized` version at `address` (OpenZeppelin 5's ERC-7201 slot):
 * `type(uint64).max` once the constructor ran `_disableInitializers()`.
 */
export async function initializedVersion(client: ReadClient, address: Address): Promise<bigint> {
  const word = (await getStorageAt(client, { address, slot: INITIALIZABLE_STORAGE_SLOT })) ?? '0x';
  return word === '0x' ? 0n : hexToBigInt(word) & maxUint64;
}

const SELFDESTRUCT = 0xff;
const PUSH1 = 0x60;
const PUSH32 = 0x7f;

/** The byte offsets of SELFDESTRUCT opcodes in `code` (push data and solc's metadata skipped). */
export function selfdestructOffsets(code: Hex): number[] {
  const hex = code.slice(2);
  const end = codeEnd(hex);
  const offsets: number[] = [];
  for (let pc = 0; pc < end; pc++) {
    const op = Number.parseInt(hex.slice(pc * 2, pc * 2 + 2), 16);
    if (op === SELFDESTRUCT) offsets.push(pc);
    else if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1;
  }
  return offsets;
}
