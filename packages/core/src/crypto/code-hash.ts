/**
 * `keccak256` of contract code, each distinct code hashed once per process.
 *
 * The same implementation runs on every chain an upgrade touches, and each council member's review,
 * the monitor and the drill's checks hash it again: at 128 chains, ~900 keccaks of the same ~20 kB
 * in pure JavaScript (half a second of CPU). A hash is a pure function of the bytes, so remembering
 * it changes no answer; the memo is keyed by the exact code (lower-cased hex) and holds at most
 * `MAX_ENTRIES` codes (oldest out first).
 */
import { type Hex, keccak256 } from 'viem';
import { setBounded } from '../utils/bounded-map.js';

/** Distinct codes kept: the implementations and proxies of a few drills (an entry is up to ~50 kB). */
const MAX_ENTRIES = 256;

const memo = new Map<string, Hex>();

/** `keccak256(code)`, as `extcodehash` gives it for an account with that code. */
export function codeHash(code: Hex): Hex {
  const key = code.toLowerCase();
  const known = memo.get(key);
  if (known !== undefined) return known;
  return setBounded(memo, key, keccak256(key as Hex), MAX_ENTRIES);
}
