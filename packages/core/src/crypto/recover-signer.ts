/**
 * ECDSA signer recovery, each (digest, signature) pair worked out once per process.
 *
 * Recovering a secp256k1 public key is the costliest thing Lockstep does off chain (about a
 * millisecond of CPU each), and the same guardian signature is checked by several parties in one
 * process: the relayer selecting signatures, the monitor reading published attestations on every
 * poll, the equivocation detector reading delivered calldata. Recovery is a pure function of the
 * digest and the signature bytes, so remembering its result changes no answer; the memo is keyed by
 * the exact bytes and holds at most `MAX_ENTRIES` results (oldest out first). A signature that does
 * not recover is not remembered: it throws every time, as viem's `recoverAddress` does.
 */
import type { Address, Hex, Signature } from 'viem';
import { setBounded } from '../utils/bounded-map.js';
import { recoverDigestSigner } from './secp256k1.js';

/** Results kept: a few drills' worth of messages × guardians (an entry is ~200 bytes). */
const MAX_ENTRIES = 16_384;

const memo = new Map<string, Address>();

export type RecoverSignerParameters = {
  /** The 32-byte digest that was signed. */
  hash: Hex;
  /** `r`, `s` and `v` (27/28) or `yParity`, or the 65-byte serialised signature. */
  signature: Hex | (Pick<Signature, 'r' | 's'> & ({ v: bigint } | { yParity: number }));
};

/** The address whose key signed `hash` (throws, as viem does, when the signature recovers to no point). */
export async function recoverSigner({ hash, signature }: RecoverSignerParameters): Promise<Address> {
  const key = memoKey(hash, signature);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const signer = await recoverDigestSigner({ hash, signature });
  return setBounded(memo, key, signer, MAX_ENTRIES);
}

/** How many results the memo holds (for tests). */
export function recoveredSignerCount(): number {
  return memo.size;
}

function memoKey(hash: Hex, signature: RecoverSignerParameters['signature']): string {
  if (typeof signature === 'string') return `${hash}:${signature}`.toLowerCase();
  const parity = 'yParity' in signature ? signature.yParity : Number(signature.v) - 27;
  return `${hash}:${signature.r}:${signature.s}:${parity}`.toLowerCase();
}
