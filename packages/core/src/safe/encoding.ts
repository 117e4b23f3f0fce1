/**
 * The Safe's signature encoding (`Safe.checkNSignatures`, 1.3.0 and 1.4.1): one 65-byte static entry
 * `r ‖ s ‖ v` per owner, in strictly ascending owner order, then the dynamic parts of contract
 * owners' signatures.
 * - ECDSA (v 27/28, or 31/32 for an `eth_sign`): the owner's signature itself.
 * - Contract owner (v = 0): r = the owner, s = where its dynamic part starts (bytes from the start
 *   of the whole value); the dynamic part is a 32-byte length and the owner's signature, which the
 *   Safe hands to the owner's `isValidSignature(bytes data, bytes signature)` (EIP-1271, legacy form).
 * - Pre-approved hash (v = 1): r = the owner, s unused; the Safe accepts it when the owner approved
 *   the hash on chain (`approveHash`, read as `approvedHashes(owner, hash)`) or sends the call.
 */
import { type Address, concat, type Hex, numberToHex, pad, size } from 'viem';

/** How an owner signed. */
export type SafeSignatureKind = 'ecdsa' | 'contract' | 'approved-hash';

/** One owner's part of a Safe signature. */
export type SafeSignatureEntry =
  | { kind: 'ecdsa'; owner: Address; signature: Hex }
  | { kind: 'contract'; owner: Address; signature: Hex }
  | { kind: 'approved-hash'; owner: Address };

const STATIC_LENGTH = 65;

/** Owners ascending, as the Safe requires (it refuses a signature whose owners are not strictly ascending). */
export function sortByOwner<T extends { owner: Address }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
}

/** The Safe's encoding of `entries` (any order; one per owner). */
export function encodeSafeSignatures(entries: readonly SafeSignatureEntry[]): Hex {
  const sorted = sortByOwner(entries);
  const statics: Hex[] = [];
  const dynamics: Hex[] = [];
  let offset = sorted.length * STATIC_LENGTH;
  for (const entry of sorted) {
    if (entry.kind === 'ecdsa') {
      statics.push(entry.signature);
    } else if (entry.kind === 'approved-hash') {
      statics.push(concat([pad(entry.owner), pad('0x'), '0x01']));
    } else {
      statics.push(concat([pad(entry.owner), numberToHex(offset, { size: 32 }), '0x00']));
      const dynamic = concat([numberToHex(size(entry.signature), { size: 32 }), entry.signature]);
      dynamics.push(dynamic);
      offset += size(dynamic);
    }
  }
  return concat([...statics, ...dynamics]);
}
